package ach

import (
	"math"
	"sort"
)

// cmpTol compares a and b, higher first, treating values within a relative
// 1e-9 as tied: +1 if a > b, −1 if a < b, 0 if tied.
func cmpTol(a, b float64) int {
	if a == b {
		return 0
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		if a > b {
			return 1
		}
		return -1
	}
	d := a - b
	if math.Abs(d) <= 1e-9*(1+math.Abs(a)+math.Abs(b)) {
		return 0
	}
	if d > 0 {
		return 1
	}
	return -1
}

// ranking is the order of a score vector (higher is better).
type ranking struct {
	order   []int  // indices, best first; ties keep index order
	rank    []int  // 1-based; tied entries share a rank
	rel     []int8 // rel[j] = cmpTol(v[order[j]], v[order[j+1]]): 0 or 1
	leaders []bool // tied first
	top     float64
}

func newRanking(v []float64) *ranking {
	n := len(v)
	r := &ranking{order: make([]int, n), rank: make([]int, n), leaders: make([]bool, n)}
	for i := range r.order {
		r.order[i] = i
	}
	sort.SliceStable(r.order, func(a, b int) bool { return cmpTol(v[r.order[a]], v[r.order[b]]) > 0 })
	if n > 1 {
		r.rel = make([]int8, n-1)
	}
	for j, k := range r.order {
		if j == 0 {
			r.rank[k] = 1
			continue
		}
		c := cmpTol(v[r.order[j-1]], v[k])
		r.rel[j-1] = int8(c)
		if c == 0 {
			r.rank[k] = r.rank[r.order[j-1]]
		} else {
			r.rank[k] = j + 1
		}
	}
	if n > 0 {
		r.top = v[r.order[0]]
		for _, k := range r.order {
			if cmpTol(v[k], r.top) != 0 {
				break
			}
			r.leaders[k] = true
		}
	}
	return r
}

// same reports whether v orders the entries exactly as the ranking does,
// ties included.
func (r *ranking) same(v []float64) bool {
	for j := 0; j+1 < len(r.order); j++ {
		if int8(cmpTol(v[r.order[j]], v[r.order[j+1]])) != r.rel[j] {
			return false
		}
	}
	return true
}

// leadersOf returns the indices tied first in v.
func leadersOf(v []float64) []int {
	mx := math.Inf(-1)
	for _, x := range v {
		if x > mx {
			mx = x
		}
	}
	var out []int
	near := mx - 1e-8*(1+math.Abs(mx))
	for k, x := range v {
		if x >= near && cmpTol(x, mx) == 0 {
			out = append(out, k)
		}
	}
	return out
}

// newLeader reports whether ls, the leaders after a change, include a
// hypothesis that is not first now. Breaking a tie among the current
// leaders is not a new leader (it is a ranking change).
func (r *ranking) newLeader(ls []int) bool {
	for _, k := range ls {
		if !r.leaders[k] {
			return true
		}
	}
	return false
}

func (r *ranking) leaderIDs(ids []string) []string {
	var out []string
	for _, k := range r.order {
		if r.leaders[k] {
			out = append(out, ids[k])
		}
	}
	return out
}

func idsOf(ks []int, ids []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = ids[k]
	}
	return out
}
