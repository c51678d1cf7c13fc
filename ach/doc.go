// Package ach scores an Analysis of Competing Hypotheses (ACH) case: Heuer's
// inconsistency scores as PARC ACH 2.0 computes them, the diagnosticity of
// each evidence item, a Bayesian posterior over the hypotheses, sensitivity
// (leave-one-out and one-step rating changes: the linchpins) and a Monte
// Carlo robustness figure, with plain-English explanations. It does no I/O.
//
// Score(case, Options) is the entry point. NewMatrix turns a case into a
// Matrix of dense arrays (hypotheses × evidence: values, weights,
// likelihoods, groups) whose methods (HeuerScores, Contributions,
// LogPosterior, Sensitivity, Robustness, Score) work on large matrices
// quickly. Only hypotheses whose Scored() is true take part.
//
// # Heuer's inconsistency score (PARC ACH 2.0)
//
// Each cell counts II = −2, I = −1 and CC, C, N, NA (and an unrated cell) 0;
// a hypothesis's inconsistency score is the sum of its column. Only
// evidence against a hypothesis counts: ACH refutes rather than confirms.
// The weighted score multiplies each cell by the item's credibility weight
// and relevance weight, each Low = 1/√2, Medium = 1, High = √2, so a
// High/High item counts twice, a Low/Low item half. The hypothesis with the
// score closest to 0 is the least contradicted. Heuer's scores count every
// row, as PARC ACH does (it has no dependence groups); only the posterior
// counts a group once.
//
// Sources. The scoring rule (I one point, II two points, only I and II
// counted) and the High/Medium/Low credibility weight that "increases the
// value of an Inconsistent or Very Inconsistent rating ... while a low
// weight decreases it" are in the help text of PARC's Open Source ACH
// ("Rate Consistency of Evidence", "Credibility Weight"), which was read in
// a public copy of that tool's help pages through the project's search
// tool. The numeric weights 1/√2, 1, √2 and the multiplication by relevance
// are as the crux issue states PARC ACH 2.0's technical description gives
// them; that document itself could not be found or verified here, so these
// three numbers are the issue's, not checked against PARC's text.
//
// # Admiralty grades → credibility weight
//
// PARC has one credibility level per item; crux has two NATO Admiralty
// grades, the source's reliability (A–F) and the information's credibility
// (1–6). Each grade contributes +1 (A, B; 1, 2), 0 (C; 3) or −1 (D, E; 4,
// 5), the sum is clamped to [−1, +1] and read as Low, Medium or High: A2 is
// High, C3 Medium, D4 Low, and a good source with doubtful information (A4)
// is Medium, the two cancelling. "Cannot be judged" (F, 6) and an ungraded
// scale contribute 0: no knowledge of reliability should neither reward
// nor punish an item, so it counts as the middle of the scale. Relevance
// comes from Evidence.Relevance (Medium when unset).
//
// # Diagnosticity
//
// An item's diagnosticity is ln(max L′ / min L′) over the hypotheses it
// applies to (not NA), where L′ are its discounted likelihoods (below): the
// log of the largest likelihood ratio it offers between two hypotheses, in
// nats. It is 0 exactly when the item is rated the same against every
// hypothesis; such items are flagged NonDiagnostic with the note
// "consistent with every hypothesis: does not help decide". 2.3 means
// one hypothesis makes the item ten times likelier than another. Less
// reliable items are less diagnostic.
//
// # Bayesian posterior
//
// The hypotheses are taken as mutually exclusive; a Catchall hypothesis
// ("something else") is rated like the others. Each rating stands for a
// likelihood P(E | H), chosen inside the ICD 203 estimative band of the
// rating's meaning ("if H were true, how likely is this evidence?"):
//
//	CC  0.85  very likely          (ICD 203: 80–95%)
//	C   0.65  likely               (55–80%)
//	N   0.50  roughly even chance  (45–55%)
//	I   0.20  unlikely             (20–45%, at its low end)
//	II  0.08  very unlikely        (5–20%)
//
// Measured against N, the log likelihood ratios are CC +0.53, C +0.26,
// I −0.92, II −1.83: II is twice I, as in Heuer's −2 and −1, CC twice C,
// and an inconsistency weighs 3.5 times a consistency, Heuer's point that
// consistent evidence proves little. Options.Likelihoods overrides the
// table; Rating.Likelihood overrides it per cell. An unrated cell counts as
// N. An NA cell gets the row's mean likelihood (it favours no hypothesis).
//
// Source reliability discount. A report is true with probability r, from
// its grades: the reliability factor (A .95, B .85, C .70, D .50, E .30,
// F .70) times the credibility factor (1 .95, 2 .85, 3 .70, 4 .50, 5 .30,
// 6 .70), each 1 when ungraded; the two are treated as independent
// conditions (an honest, well-placed source and correct information).
// Derivation: let T be "the report is true". If T, the report arrives with
// the likelihood L_k the rating gives; if not, it arrives whatever the
// truth, with a probability q that does not depend on the hypothesis. So
//
//	P(E | H_k) = r·L_k + (1 − r)·q,   with q = L̄, the row's mean likelihood,
//
// q = L̄ being the choice that leaves the row's average likelihood
// unchanged. At r = 1 the item counts fully; at r = 0 every hypothesis
// gets L̄ and the item is ignored; in between the likelihood ratios shrink
// towards 1, so an unreliable report moves the posterior less. A row's
// contribution to the log posterior is c_k = ln(L′_k / L̄) (adding a
// constant per row changes no posterior), so a non-diagnostic row
// contributes exactly 0 and NA cells 0.
//
// Dependence groups. Items sharing Evidence.Group, or Evidence.ClaimID (the
// same claim echoed), transitively, form one group. A group contributes the
// mean of its members' vectors c: echoes rated alike count exactly as one
// item, and echoes rated differently count as their consensus rather than
// as the most extreme one (taking the most informative item would let one
// over-rated echo decide, and would make leave-one-out discontinuous).
//
// Priors come from Hypothesis.Prior, normalised; all unset means uniform;
// an unset prior among set ones takes their mean. The posterior is
// computed in log space, ln prior + Σ groups, and normalised with
// log-sum-exp, so 10 000 items do not underflow (LogPosterior keeps the
// differences even where a probability rounds to 0).
//
// # Sensitivity: the linchpins
//
// For each item: does removing it, or moving one of its ratings one step
// (crux.RatingValue.Step, towards CC or towards II) on any hypothesis,
// change the ranking or bring another hypothesis first, by the posterior
// and by Heuer's weighted score? A moved cell takes the default likelihood
// of its new value. Scores are sums, so removal is total minus
// contribution: for Heuer O(H) per item, for the posterior the item's group
// vector becomes (n·g − c_i)/(n − 1), O(H); in all O(H·E), not the naive
// O(H·E²). For a step, Heuer's score moves for one hypothesis only and a
// binary search decides in O(log H) whether it passes or meets another.
// For the posterior the moved cell changes the row mean, so every cell of
// the row moves, but all cells of one likelihood class move alike; a
// quick exact test rules out most steps in O(classes + log H) and only the
// rest are recomputed in O(H). A Change's leader change means a hypothesis
// that is not first now would come first (alone or tied); breaking a tie
// among the leaders only changes the ranking. An item whose removal or one
// step changes the leader by either method is a Linchpin. Tests compare
// all of this with rescoring the changed case from scratch.
//
// # Monte Carlo robustness
//
// P(first) for each hypothesis is the share of simulated variations of the
// case in which it comes first (ties share the credit), with standard
// error √(p(1−p)/n). Seeded (math/rand/v2 PCG), so a seed reproduces the
// figures. Every dependence group varies independently; for the posterior
// a group takes one of nine states: its members' Admiralty grades all move
// one step better, stay or move one step worse (probabilities 1/4, 1/2,
// 1/4; F and 6 move from the middle; ungraded scales do not move), and
// independently its likelihoods are tempered, kept or sharpened in logit
// space, logit L′ = t·logit L with t = 1/2, 1, 2 (1/4, 1/2, 1/4), which
// spans about one ICD 203 band each way (C .65 becomes .58 or .78). For
// Heuer's score every item varies its credibility level and its relevance
// level by −1, 0 or +1 (1/4, 1/2, 1/4), clamped to Low..High. Changes of
// single cells are what the step sensitivity covers; the simulation
// answers how much the conclusion depends on the weights and strengths the
// analyst gave whole items.
//
// Making it fast. A sample is a sum over groups, O(H·G) if done naively:
// 10⁴ samples of 100 × 10 000 would be 10¹⁰ operations. Instead the
// HeavyGroups (64) groups with the largest variance are simulated exactly,
// state by state, from precomputed state vectors, and the sum of all other
// groups, independent and each small, is drawn from the Gaussian with
// their exact mean and covariance (computed once from the nine state
// vectors; by the central limit theorem the sum of many small independent
// terms is close to Gaussian, and the heavy groups, where that would fail,
// are exact). For Heuer's score the nine states of an item are multiples
// of one vector, so its covariance is a single outer product. A hypothesis
// whose mean trails the leader's by more than the heavy groups' largest
// possible swing of the difference plus 8 standard deviations of the
// difference's Gaussian part cannot come first (P < 10⁻¹⁵) and is left out
// of the sampling. A sample then costs O(64·C + C²) for C contenders, the
// setup O(9·G·C²). With at most 64 groups (any hand-built case) the
// simulation is exact, and Robustness.Exact says so. A test checks the
// Gaussian part against the exact simulation.
package ach
