package ach

import (
	"math"
	"slices"
	"sort"
)

// Sensitivity is what happens to the rankings when one evidence item
// changes.
type Sensitivity struct {
	Removed      Change
	Steps        []StepChange // one-step rating moves that change a leader
	RankingSteps int          // one-step moves that reorder hypotheses without changing a leader
}

// scored is a matrix with its scores computed once, shared by the
// sensitivity and explanation code.
type scored struct {
	m              *Matrix
	rows, groups   []float64 // contribution vectors
	lp             []float64 // log posterior (unnormalised)
	plain, weight  []float64 // Heuer scores
	post, heu      *ranking
	postL, heuL    []string // leader IDs
	heuSortedAsc   []float64
	scratch, delta []float64
}

func newScored(m *Matrix) *scored {
	s := &scored{m: m}
	s.rows, s.groups = m.Contributions()
	s.lp = m.LogPosterior(s.groups)
	s.plain, s.weight = m.HeuerScores()
	s.post, s.heu = newRanking(s.lp), newRanking(s.weight)
	s.postL, s.heuL = s.post.leaderIDs(m.HypID), s.heu.leaderIDs(m.HypID)
	s.heuSortedAsc = slices.Clone(s.weight)
	sort.Float64s(s.heuSortedAsc)
	s.scratch, s.delta = make([]float64, m.H), make([]float64, m.H)
	return s
}

// postChange fills the posterior half of a Change for the log posterior v.
func (s *scored) postChange(ch *Change, v []float64) {
	ch.PosteriorLeaders = s.postL
	if s.post.same(v) {
		return
	}
	ch.PosteriorRankingChanged = true
	if ls := leadersOf(v); s.post.newLeader(ls) {
		ch.PosteriorLeaderChanged = true
		ch.PosteriorLeaders = idsOf(ls, s.m.HypID)
	}
}

func (s *scored) heuChange(ch *Change, v []float64) {
	ch.HeuerLeaders = s.heuL
	if s.heu.same(v) {
		return
	}
	ch.HeuerRankingChanged = true
	if ls := leadersOf(v); s.heu.newLeader(ls) {
		ch.HeuerLeaderChanged = true
		ch.HeuerLeaders = idsOf(ls, s.m.HypID)
	}
}

// removed computes the effect of leaving item i out. A group's vector is
// the mean of its members', so without i it becomes (n·g − c_i)/(n − 1):
// O(H) per item, O(H·E) for all.
func (s *scored) removed(i int) Change {
	m, H := s.m, s.m.H
	g := m.Group[i]
	n := m.GroupSize[g]
	row, grp := s.rows[i*H:(i+1)*H], s.groups[g*H:(g+1)*H]
	v := s.scratch
	for k := 0; k < H; k++ {
		if n > 1 {
			v[k] = s.lp[k] + (grp[k]-row[k])/float64(n-1)
		} else {
			v[k] = s.lp[k] - row[k]
		}
	}
	var ch Change
	s.postChange(&ch, v)
	w := m.Weight[i]
	for k := 0; k < H; k++ {
		v[k] = s.weight[k] - w*m.Heuer[i*H+k]
	}
	s.heuChange(&ch, v)
	return ch
}

// heuerStepChanges tells whether moving hypothesis h's weighted score from
// x by d reorders the hypotheses: it does exactly when another score lies
// in the closed interval between the old and the new value (it was tied
// with h, is passed, or becomes tied). O(log H).
func (s *scored) heuerStepReorders(x, d float64) bool {
	if d == 0 {
		return false
	}
	lo, hi := min(x, x+d), max(x, x+d)
	tol := 1e-9 * (1 + math.Abs(lo) + math.Abs(hi))
	if hi-lo <= tol {
		return false
	}
	a := sort.SearchFloat64s(s.heuSortedAsc, lo-tol)
	b := sort.SearchFloat64s(s.heuSortedAsc, math.Nextafter(hi+tol, math.Inf(1)))
	return b-a > 1 // h itself is in the interval
}

// steps computes the one-step rating moves of item i.
func (s *scored) steps(i int, out *Sensitivity) {
	m, H := s.m, s.m.H
	g := m.Group[i]
	n := float64(m.GroupSize[g])
	row := s.rows[i*H : (i+1)*H]
	for h := 0; h < H; h++ {
		j := i*H + h
		from := m.Value[j]
		for _, dir := range [2]int{-1, 1} {
			to := from.Step(dir)
			if to == from {
				continue
			}
			var ch Change
			ch.PosteriorLeaders, ch.HeuerLeaders = s.postL, s.heuL
			// Heuer: only h's score moves.
			d := m.Weight[i] * (HeuerScore(to) - HeuerScore(from))
			if s.heuerStepReorders(s.weight[h], d) {
				v := s.delta
				copy(v, s.weight)
				v[h] += d
				s.heuChange(&ch, v)
			}
			// Posterior: the moved cell takes the table likelihood of its new
			// value; the row mean moves too, so the whole row is recomputed.
			if l2 := m.table[to]; l2 != m.Lik[j] {
				old := m.Lik[j]
				m.Lik[j] = l2
				m.RowVector(i, m.Truth[i], 1, s.delta)
				m.Lik[j] = old
				v := s.scratch
				for k := 0; k < H; k++ {
					v[k] = s.lp[k] + (s.delta[k]-row[k])/n
				}
				s.postChange(&ch, v)
			}
			switch {
			case ch.LeaderChanged():
				out.Steps = append(out.Steps, StepChange{Hypothesis: m.HypID[h], From: from, To: to, Change: ch})
			case ch.Any():
				out.RankingSteps++
			}
		}
	}
}

// Sensitivity returns, for every evidence item, the effect of removing it
// and (unless withSteps is false) of moving each of its ratings one step.
// Leave-one-out costs O(H·E) in all; the steps O(H²·E).
func (m *Matrix) Sensitivity(withSteps bool) []Sensitivity {
	return newScored(m).sensitivity(withSteps)
}

func (s *scored) sensitivity(withSteps bool) []Sensitivity {
	out := make([]Sensitivity, s.m.E)
	for i := range out {
		out[i].Removed = s.removed(i)
		if withSteps {
			s.steps(i, &out[i])
		}
	}
	return out
}
