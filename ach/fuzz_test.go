package ach

import (
	"math"
	"os"
	"testing"

	"github.com/cruxlab/crux"
)

// FuzzScore feeds arbitrary bytes through crux.Decode and Score: no panic;
// when a case scores, its posteriors are finite and sum to 1 and every
// number is finite.
func FuzzScore(f *testing.F) {
	for _, name := range []string{"../examples/kremlin-drone-2023/case.json", "testdata/small.json"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"format":"crux-case","version":1,"hypotheses":[{"id":"H1","title":"a"},{"id":"H2","title":"b","prior":0}],"evidence":[{"id":"E1","text":"x","kind":"fact","ratings":{"H1":"II","H2":{"value":"C","likelihood":1e-300}}}]}`))
	f.Add([]byte(`{"format":"crux-case","version":1,"hypotheses":[{"id":"H1","title":"a","catchall":true}],"evidence":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := crux.Decode(data)
		if err != nil {
			return
		}
		r, err := Score(c, Options{Samples: 50})
		if err != nil {
			return
		}
		sum, pf := 0.0, 0.0
		for _, h := range r.Hypotheses {
			for _, x := range []float64{h.Inconsistency, h.WeightedInconsistency, h.Prior, h.Posterior, h.LogPosterior, h.PFirst, h.PFirstSE, h.HeuerPFirst} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%s: non-finite number in %+v", h.ID, h)
				}
			}
			sum += h.Posterior
			pf += h.PFirst
		}
		if math.Abs(sum-1) > 1e-9 || math.Abs(pf-1) > 1e-9 {
			t.Fatalf("posteriors sum to %v, P(first) to %v", sum, pf)
		}
		for _, e := range r.Evidence {
			if math.IsNaN(e.Diagnosticity) || math.IsInf(e.Diagnosticity, 0) || e.Diagnosticity < 0 {
				t.Fatalf("%s: diagnosticity %v", e.ID, e.Diagnosticity)
			}
		}
	})
}
