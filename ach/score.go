package ach

import (
	"math"

	"github.com/cruxlab/crux"
)

// Score scores a case: Heuer's inconsistency scores, diagnosticity, the
// posterior, sensitivity, the Monte Carlo robustness and the explanations.
// Only hypotheses with Scored() take part. It returns an error, never
// panics, for a case it cannot score (no accepted hypothesis, bad options).
func Score(c *crux.Case, opts Options) (*Result, error) {
	m, err := NewMatrix(c, opts)
	if err != nil {
		return nil, err
	}
	return m.Score(opts), nil
}

// Score scores the matrix (see the package function Score); opts.AsOf and
// opts.Likelihoods were applied when the matrix was built.
func (m *Matrix) Score(opts Options) *Result {
	s := newScored(m)
	H := m.H
	res := &Result{AsOf: opts.AsOf, Excluded: m.Excluded, Groups: m.NGroups, Likelihoods: m.table}
	post := Normalize(s.lp)
	res.Hypotheses = make([]HypothesisScore, H)
	for k := 0; k < H; k++ {
		res.Hypotheses[k] = HypothesisScore{
			ID: m.HypID[k], Title: m.HypTitle[k], Catchall: m.Catchall[k],
			Inconsistency: s.plain[k], WeightedInconsistency: s.weight[k], HeuerRank: s.heu.rank[k],
			Prior: math.Exp(m.LogPrior[k]), Posterior: post[k], LogPosterior: logOf(post[k]), Rank: s.post.rank[k],
		}
	}
	res.Ranking = idsOf(s.post.order, m.HypID)
	res.HeuerRanking = idsOf(s.heu.order, m.HypID)

	sens := s.sensitivity(!opts.NoSteps)
	res.Evidence = make([]EvidenceScore, m.E)
	for i := 0; i < m.E; i++ {
		g := m.Group[i]
		e := EvidenceScore{
			ID: m.EvID[i], Text: m.EvText[i], Group: m.EvID[m.Members[g][0]], GroupSize: m.GroupSize[g],
			CredibilityLevel: levelName(int(m.CredLevel[i])), CredibilityWeight: levelWeight(int(m.CredLevel[i])),
			RelevanceWeight: levelWeight(int(m.RelLevel[i])), TruthProbability: m.Truth[i],
			Removed: sens[i].Removed, Margin: sens[i].Margin, Steps: sens[i].Steps, RankingSteps: sens[i].RankingSteps,
		}
		e.Diagnosticity = m.Diagnosticity(i, s.rows[i*H:(i+1)*H])
		if m.nonDiagnostic(i) {
			e.NonDiagnostic, e.Note = true, NonDiagnosticNote
		}
		e.Linchpin = e.Removed.LeaderChanged() || len(e.Steps) > 0
		res.Evidence[i] = e
	}

	samples := opts.Samples
	if samples == 0 {
		samples = DefaultSamples
	}
	seed := opts.Seed
	if seed == 0 {
		seed = 1
	}
	rob := Robustness{Seed: seed, Leader: res.Ranking[0], HeuerLeader: res.HeuerRanking[0], Exact: true}
	if samples > 0 {
		rob.Samples = samples
		pp, hp, exact := m.Robustness(samples, seed)
		rob.Exact = exact
		for k := range res.Hypotheses {
			h := &res.Hypotheses[k]
			h.PFirst, h.PFirstSE = pp[k], stdErr(pp[k], samples)
			h.HeuerPFirst, h.HeuerPFirstSE = hp[k], stdErr(hp[k], samples)
		}
		lead, hlead := s.post.order[0], s.heu.order[0]
		rob.PLeader, rob.PLeaderSE = pp[lead], stdErr(pp[lead], samples)
		rob.HeuerPLeader, rob.HeuerPLeaderSE = hp[hlead], stdErr(hp[hlead], samples)
		rob.Verdict = verdict(rob.PLeader)
	}
	res.Robustness = rob
	res.Explanations = explain(res)
	return res
}

func logOf(p float64) float64 {
	if p <= 0 {
		return -math.MaxFloat64 // JSON cannot hold −Inf
	}
	return math.Log(p)
}

func stdErr(p float64, n int) float64 { return math.Sqrt(max(0, p*(1-p)) / float64(n)) }

func verdict(p float64) string {
	switch {
	case p >= 0.9:
		return "robust"
	case p >= 0.7:
		return "fairly robust"
	}
	return "fragile"
}

// nonDiagnostic reports whether item i's likelihoods are equal across the
// hypotheses it applies to (and its Heuer scores equal across all).
func (m *Matrix) nonDiagnostic(i int) bool {
	H := m.H
	first, seen := 0.0, false
	for k := 0; k < H; k++ {
		j := i*H + k
		if codeHeuer[m.Value[j]&7] != codeHeuer[m.Value[i*H]&7] {
			return false
		}
		if !m.Applicable[j] {
			continue
		}
		if !seen {
			first, seen = m.Lik[j], true
		} else if m.Lik[j] != first {
			return false
		}
	}
	return true
}
