package ach

import (
	"math"
	"slices"
	"sort"

	"github.com/cruxlab/crux"
)

// Sensitivity is what happens to the rankings when one evidence item
// changes.
type Sensitivity struct {
	Removed      Change
	Margin       float64      // see EvidenceScore.Margin
	Steps        []StepChange // one-step rating moves that change a leader
	RankingSteps int          // one-step moves that reorder hypotheses without changing a leader
}

// scored is a matrix with its scores computed once, shared by the
// sensitivity and explanation code.
type scored struct {
	m              *Matrix
	rows, groups   []float64 // contribution vectors; groups of more than one item only, at groupAt
	groupAt        []int32   // NGroups: group g's vector is groups[groupAt[g]*H:], −1 for one item
	lp             []float64 // log posterior (unnormalised)
	plain, weight  []float64 // Heuer scores
	post, heu      *ranking
	postL, heuL    []string // leader IDs
	heuSortedAsc   []float64
	scratch, delta []float64
	// For the posterior's quick test: the log posteriors in ascending
	// order, the smallest gap between two untied neighbours, and whether
	// any two are tied.
	lpSortedAsc []float64
	minGap      float64
	lpTies      bool
	tab         [5]float64     // default likelihoods of CC..II
	moves       [11]moveEffect // per row: the effect of moving a cell rated CC..II one step; [10] for explicit likelihoods
	margin      float64        // set by removed
	heuLeaders  int            // how many are tied first by Heuer's score
	heuSecond   *float64       // the best Heuer score below the leaders, if any
}

func newScored(m *Matrix) *scored {
	s := &scored{m: m}
	s.rows = m.rowVectors()
	s.groups, s.groupAt, s.lp = m.multiGroups(s.rows)
	s.plain, s.weight = m.HeuerScores()
	s.post, s.heu = newRanking(s.lp), newRanking(s.weight)
	s.postL, s.heuL = s.post.leaderIDs(m.HypID), s.heu.leaderIDs(m.HypID)
	s.heuSortedAsc = slices.Clone(s.weight)
	sort.Float64s(s.heuSortedAsc)
	s.scratch, s.delta = make([]float64, m.H), make([]float64, m.H)
	s.lpSortedAsc = slices.Clone(s.lp)
	sort.Float64s(s.lpSortedAsc)
	s.minGap = math.Inf(1)
	for j := 1; j < len(s.lpSortedAsc); j++ {
		a, b := s.lpSortedAsc[j-1], s.lpSortedAsc[j]
		if cmpTol(a, b) == 0 {
			s.lpTies = true
		} else {
			s.minGap = min(s.minGap, b-a)
		}
	}
	for x, v := range crux.RatingValues[:5] {
		s.tab[x] = m.table[v]
	}
	for _, k := range s.heu.order {
		if s.heu.leaders[k] {
			s.heuLeaders++
		} else {
			s.heuSecond = &s.weight[k]
			break
		}
	}
	return s
}

// countIn returns how many of the ascending values lie in [lo, hi].
func countIn(asc []float64, lo, hi float64) int {
	return sort.SearchFloat64s(asc, math.Nextafter(hi, math.Inf(1))) - sort.SearchFloat64s(asc, lo)
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
	row := s.rows[i*H : (i+1)*H]
	var grp []float64
	if n > 1 {
		a := int(s.groupAt[g]) * H
		grp = s.groups[a : a+H]
	}
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
	s.margin = 0
	if len(s.post.order) > 1 {
		a, b := s.post.order[0], s.post.order[1]
		s.margin = (row[a] - row[b]) / float64(n)
	}
	w := m.Weight[i]
	for k := 0; k < H; k++ {
		v[k] = s.weight[k] - w*codeHeuer[m.Value[i*H+k]&7]
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

// moveEffect is how one step of a cell changes its row: lut[c] is the shift
// of the cells of class c (divided by the group size), lo..hi their range,
// newc the moved cell's new contribution.
type moveEffect struct {
	ok           bool
	lut          [256]float64
	lo, hi, newc float64
}

// heuerNewLeader reports whether moving hypothesis h's weighted score to x
// (only h moves) brings a hypothesis that is not first now to the top: h
// itself reaching the top, or the runner-up when h was first alone and
// falls to or below it. O(1).
func (s *scored) heuerNewLeader(h int, x float64) bool {
	r := s.heu
	if !r.leaders[h] {
		return cmpTol(x, r.top) >= 0
	}
	if s.heuLeaders > 1 || s.heuSecond == nil {
		return false
	}
	return cmpTol(*s.heuSecond, x) >= 0
}

// steps computes the one-step rating moves of item i.
//
// Heuer: only h's weighted score moves (heuerStepReorders, O(log H)).
// Posterior: the moved cell changes the row's mean likelihood, so every
// cell of the row moves, but all cells of one likelihood class move by the
// same Δ_c. With lo..hi the range of the Δ_c/n, the other hypotheses keep
// their order when hi − lo is below the smallest gap between neighbours,
// and h keeps its place when no other log posterior lies between its old
// value and its new one (widened by lo..hi). Only moves that fail this
// test, O(D + log H) for D classes, are recomputed in full, O(H).
func (s *scored) steps(i int, out *Sensitivity) {
	m, H := s.m, s.m.H
	g := m.Group[i]
	n := float64(m.GroupSize[g])
	row := s.rows[i*H : (i+1)*H]
	r := m.Truth[i]
	var lut0 [256]float64
	var mean0, napp float64
	for x := range s.moves {
		s.moves[x].ok = false
	}
	if !m.dense[i] {
		mean0 = m.classVector(i, r, 1, &lut0)
		for _, c := range m.clsCnt[m.clsStart[i]:m.clsStart[i+1]] {
			napp += c
		}
	}
	vals := m.clsVal[m.clsStart[i]:m.clsStart[i+1]]
	cls := m.cls[i*H : (i+1)*H]
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
			d := m.Weight[i] * (codeHeuer[to] - codeHeuer[from])
			if s.heuerStepReorders(s.weight[h], d) {
				ch.HeuerRankingChanged = true
				if s.heuerNewLeader(h, s.weight[h]+d) {
					v := s.delta
					copy(v, s.weight)
					v[h] += d
					ch.HeuerLeaderChanged = true
					ch.HeuerLeaders = idsOf(leadersOf(v), m.HypID)
				}
			}
			// The moved cell takes the default likelihood of its new value.
			l2, l1 := s.tab[to], m.Lik[j]
			switch {
			case l2 == l1:
			case m.dense[i]:
				m.Lik[j] = l2
				m.rowVectorDense(i, r, 1, s.delta)
				m.Lik[j] = l1
				v := s.scratch
				for k := 0; k < H; k++ {
					v[k] = s.lp[k] + (s.delta[k]-row[k])/n
				}
				s.postChange(&ch, v)
			default:
				// Every cell rated `from` (not explicitly) moving to `to`
				// changes the row the same way: cache it per row.
				e := &s.moves[10]
				if from < 5 && l1 == s.tab[from] {
					e = &s.moves[int(from)*2+(dir+1)/2]
				}
				if !e.ok {
					m1 := mean0 + (l2-l1)/napp
					lm1, q := math.Log(m1), (1-r)*m1
					e.lo, e.hi = 0, 0
					cnts := m.clsCnt[m.clsStart[i]:m.clsStart[i+1]]
					for c, val := range vals {
						if cnts[c] == 0 {
							e.lut[c] = 0
							continue // no cell of this class
						}
						e.lut[c] = (math.Log(r*val+q) - lm1 - lut0[c]) / n
						e.lo, e.hi = min(e.lo, e.lut[c]), max(e.hi, e.lut[c])
					}
					e.lut[naClass] = 0
					e.newc = math.Log(r*l2+q) - lm1
					e.ok = e != &s.moves[10]
				}
				x := s.lp[h]
				x1 := x + (e.newc-row[h])/n
				tol := 1e-8 * (1 + math.Abs(x) + math.Abs(x1))
				quiet := !(s.lpTies && e.hi > e.lo) && e.hi-e.lo < s.minGap-tol &&
					countIn(s.lpSortedAsc, min(x, x1-e.hi)-tol, max(x, x1-e.lo)+tol) <= 1
				if !quiet {
					v := s.scratch
					for k, c := range cls {
						v[k] = s.lp[k] + e.lut[c]
					}
					v[h] = x1
					s.postChange(&ch, v)
				}
			}
			switch {
			case ch.LeaderChanged():
				out.Steps = append(out.Steps, StepChange{Hypothesis: m.HypID[h], From: from.Value(), To: to.Value(), Change: ch})
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
		out[i].Margin = s.margin
		if withSteps {
			s.steps(i, &out[i])
		}
	}
	return out
}
