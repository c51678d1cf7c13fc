package extract

import (
	"math/rand/v2"
	"testing"
)

// TestTokSet checks tokSet's runs against a []bool over sentences of up
// to 200 tokens (runs within a word, across one and across several), in
// the extractor's sets as rules uses them: sized by tokSets, cleared by
// clearTokSets.
func TestTokSet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var x extractor
	for range 2000 {
		n := 1 + r.IntN(200)
		nw := x.tokSets(n)
		s := x.used[:nw]
		for k := range nw {
			if s[k] != 0 || x.hard[k] != 0 {
				t.Fatalf("n %d: word %d not cleared", n, k)
			}
		}
		ref := make([]bool, n)
		for range 1 + r.IntN(4) {
			lo, hi := r.IntN(n+1), r.IntN(n+1)
			if r.IntN(3) == 0 {
				k := r.IntN(n)
				s.add(k)
				ref[k] = true
				continue
			}
			s.addRun(lo, hi)
			for k := lo; k < hi; k++ {
				ref[k] = true
			}
		}
		for k := range n {
			if s.has(k) != ref[k] {
				t.Fatalf("n %d: token %d: has %v, want %v", n, k, s.has(k), ref[k])
			}
		}
		for range 8 {
			lo, hi := r.IntN(n+1), r.IntN(n+1)
			want := false
			for k := lo; k < hi; k++ {
				want = want || ref[k]
			}
			if got := s.anyIn(lo, hi); got != want {
				t.Fatalf("n %d: anyIn(%d, %d) = %v, want %v", n, lo, hi, got, want)
			}
		}
		x.clearTokSets(nw)
	}
}
