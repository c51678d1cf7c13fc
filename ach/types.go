package ach

import "github.com/cruxlab/crux"

// Options tune Score. The zero value is usable: default likelihood table,
// reliability discount on, DefaultSamples Monte Carlo samples with seed 1,
// every dated and undated evidence item included.
type Options struct {
	// AsOf, when set (YYYY-MM-DD), scores the case as it stood that day:
	// evidence whose Date is later is left out. An item without a Date
	// takes the Date of its claim; undated evidence is kept.
	AsOf string `json:"as_of,omitempty"`

	// Samples is the number of Monte Carlo samples of the robustness
	// estimate: 0 means DefaultSamples, a negative number switches the
	// simulation off.
	Samples int `json:"samples,omitempty"`
	// Seed makes the simulation reproducible (math/rand/v2 PCG); 0 means 1.
	Seed uint64 `json:"seed,omitempty"`

	// Likelihoods overrides entries of DefaultLikelihoods, the P(E|H) that a
	// rating value stands for in the Bayesian posterior. Values must lie in
	// (0, 1]. A cell's own Rating.Likelihood overrides both.
	Likelihoods map[crux.RatingValue]float64 `json:"likelihoods,omitempty"`

	// NoDiscount switches off the source-reliability discount: every report
	// is then taken as true (r = 1).
	NoDiscount bool `json:"no_discount,omitempty"`

	// NoSteps skips the rating-step sensitivity (the leave-one-out analysis
	// is always done). Used by callers that only need the scores.
	NoSteps bool `json:"no_steps,omitempty"`
}

// DefaultSamples is the number of Monte Carlo samples when Options.Samples is 0.
const DefaultSamples = 10000

// NonDiagnosticNote is the sentence attached to an evidence item whose
// ratings are the same for every hypothesis.
const NonDiagnosticNote = "consistent with every hypothesis: does not help decide"

// Result is everything Score computes for one case.
type Result struct {
	AsOf string `json:"as_of,omitempty"` // the Options.AsOf used, if any

	// Hypotheses lists the scored hypotheses in the case's order.
	Hypotheses []HypothesisScore `json:"hypotheses"`
	// Evidence lists the evidence items taken into account, in the case's
	// order (items after AsOf are left out).
	Evidence []EvidenceScore `json:"evidence"`
	// Excluded counts the evidence items left out by AsOf.
	Excluded int `json:"excluded,omitempty"`

	// Ranking lists hypothesis IDs from most to least probable by
	// posterior; HeuerRanking from least to most inconsistent by weighted
	// inconsistency score. Ties keep the case's order; tied hypotheses share
	// a rank in HypothesisScore.
	Ranking      []string `json:"ranking"`
	HeuerRanking []string `json:"heuer_ranking"`

	// Groups counts the dependence groups the evidence forms (the number of
	// independent pieces of evidence in the posterior).
	Groups int `json:"groups"`

	Robustness   Robustness   `json:"robustness"`
	Explanations Explanations `json:"explanations"`

	// Likelihoods is the rating → P(E|H) table that was used.
	Likelihoods map[crux.RatingValue]float64 `json:"likelihoods"`
}

// HypothesisScore holds the scores of one hypothesis.
type HypothesisScore struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Catchall bool   `json:"catchall,omitempty"`

	// Inconsistency is Heuer's unweighted inconsistency score: the sum of
	// −2 per II and −1 per I (0 or negative; closer to 0 is better).
	Inconsistency float64 `json:"inconsistency"`
	// WeightedInconsistency multiplies each cell by the evidence's
	// credibility and relevance weights (PARC ACH 2.0).
	WeightedInconsistency float64 `json:"weighted_inconsistency"`
	// HeuerRank is 1 for the least inconsistent (by weighted score); tied
	// hypotheses share a rank.
	HeuerRank int `json:"heuer_rank"`

	Prior     float64 `json:"prior"`     // normalised
	Posterior float64 `json:"posterior"` // P(H | evidence); posteriors sum to 1
	// LogPosterior is ln(Posterior), for charts; a posterior of 0 (a prior
	// of 0) is written as −math.MaxFloat64 because JSON has no −Inf.
	LogPosterior float64 `json:"log_posterior"`
	Rank         int     `json:"rank"` // 1 for the most probable; ties share a rank

	// PFirst is the Monte Carlo estimate of P(this hypothesis has the
	// highest posterior) when ratings and source grades vary within their
	// uncertainty, and PFirstSE its standard error. HeuerPFirst is the same
	// for the weighted inconsistency score.
	PFirst        float64 `json:"p_first"`
	PFirstSE      float64 `json:"p_first_se"`
	HeuerPFirst   float64 `json:"heuer_p_first"`
	HeuerPFirstSE float64 `json:"heuer_p_first_se"`
}

// EvidenceScore holds what Score found about one evidence item.
type EvidenceScore struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Group is the dependence group the item belongs to (items sharing a
	// Group or a ClaimID, transitively); named after its first member.
	Group     string `json:"group"`
	GroupSize int    `json:"group_size"`

	CredibilityLevel  crux.Relevance `json:"credibility_level"` // low, medium or high, from the Admiralty grades
	CredibilityWeight float64        `json:"credibility_weight"`
	RelevanceWeight   float64        `json:"relevance_weight"`
	// TruthProbability is r, the probability that the report is true,
	// from the Admiralty grades; it discounts the item's likelihoods.
	TruthProbability float64 `json:"truth_probability"`

	// Diagnosticity is ln(max L / min L) over the hypotheses the item applies
	// to, with the discounted likelihoods: 0 when the item is rated the same
	// against every hypothesis. In nats; 2.3 means one hypothesis makes the
	// item ten times likelier than another.
	Diagnosticity float64 `json:"diagnosticity"`
	NonDiagnostic bool    `json:"non_diagnostic,omitempty"`
	Note          string  `json:"note,omitempty"` // NonDiagnosticNote when NonDiagnostic

	// Removed tells what happens to the rankings if the item is left out.
	Removed Change `json:"removed"`
	// Margin is the item's share of the posterior leader's lead over the
	// runner-up, in nats of log odds: (c[leader] − c[runner-up]) / group
	// size, c being the item's contribution vector (see Matrix.RowVector).
	// The margins of all items plus the prior log odds add up to the lead.
	// Negative when the item favours the runner-up; 0 when it does not tell
	// them apart (or there is one hypothesis).
	Margin float64 `json:"margin"`
	// Steps lists the one-step rating moves (crux.RatingValue.Step) of this
	// item that change which hypothesis comes first by either method; moves
	// that only reorder lower places are counted in RankingSteps. A moved
	// cell takes the default likelihood of its new value.
	Steps []StepChange `json:"steps,omitempty"`
	// Linchpin is true when removing the item or moving one of its ratings
	// one step changes which hypothesis comes first (by posterior or by
	// Heuer's weighted score).
	Linchpin bool `json:"linchpin,omitempty"`
	// RankingSteps counts the one-step moves that reorder hypotheses
	// without changing who comes first (they are not listed in Steps).
	RankingSteps int `json:"ranking_steps,omitempty"`
}

// Change describes the effect of one alteration of the matrix on both
// rankings. A leader change means that a hypothesis which is not first now
// would come first, alone or tied; breaking a tie among the current leaders
// only changes the ranking. The Leaders lists name the hypotheses ranked first afterwards
// (more than one when tied); when unchanged they are shared with other
// Changes, so treat them as read-only.
type Change struct {
	PosteriorLeaders        []string `json:"posterior_leaders"`
	PosteriorLeaderChanged  bool     `json:"posterior_leader_changed"`
	PosteriorRankingChanged bool     `json:"posterior_ranking_changed"`
	HeuerLeaders            []string `json:"heuer_leaders"`
	HeuerLeaderChanged      bool     `json:"heuer_leader_changed"`
	HeuerRankingChanged     bool     `json:"heuer_ranking_changed"`
}

// Any reports whether the change alters any ranking.
func (c Change) Any() bool {
	return c.PosteriorLeaderChanged || c.PosteriorRankingChanged || c.HeuerLeaderChanged || c.HeuerRankingChanged
}

// LeaderChanged reports whether the change puts another hypothesis first
// by either method.
func (c Change) LeaderChanged() bool { return c.PosteriorLeaderChanged || c.HeuerLeaderChanged }

// StepChange is one rating of an item moved one step.
type StepChange struct {
	Hypothesis string           `json:"hypothesis"`
	From       crux.RatingValue `json:"from"`
	To         crux.RatingValue `json:"to"`
	Change
}

// Robustness summarises the Monte Carlo simulation.
type Robustness struct {
	Samples int    `json:"samples"` // 0 when the simulation was switched off
	Seed    uint64 `json:"seed"`
	// Leader is the posterior's first hypothesis and PLeader the share of
	// simulated variations in which it stays first, with its standard error.
	Leader    string  `json:"leader"`
	PLeader   float64 `json:"p_leader"`
	PLeaderSE float64 `json:"p_leader_se"`
	// HeuerLeader and HeuerPLeader: the same for the weighted
	// inconsistency score.
	HeuerLeader    string  `json:"heuer_leader"`
	HeuerPLeader   float64 `json:"heuer_p_leader"`
	HeuerPLeaderSE float64 `json:"heuer_p_leader_se"`
	// Exact is true when every dependence group was simulated item by item;
	// false when the many light groups were summed as one Gaussian (see the
	// package documentation).
	Exact bool `json:"exact"`
	// Verdict is "robust" (PLeader ≥ 0.9), "fairly robust" (≥ 0.7) or
	// "fragile".
	Verdict string `json:"verdict"`
}

// Explanations are plain-English sentences for people who do not do ACH.
type Explanations struct {
	Ranking  string   `json:"ranking"`
	Decisive []string `json:"decisive,omitempty"`
	Noise    []string `json:"noise,omitempty"` // non-diagnostic items
	// Lead names the items that most separate the posterior leader from the
	// runner-up, each way.
	Lead       string `json:"lead,omitempty"`
	Robustness string `json:"robustness"`
}
