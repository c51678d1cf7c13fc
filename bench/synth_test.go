package bench

import (
	"bytes"
	"testing"

	"github.com/cruxlab/crux"
)

func encode(t *testing.T, c *crux.Case) []byte {
	t.Helper()
	b, err := crux.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSyntheticCaseDeterministicAndValid(t *testing.T) {
	tests := []struct {
		hyps, ev int
		seed     uint64
	}{
		{1, 1, 0},
		{2, 3, 7},
		{5, 40, 1},
		{20, 1000, 42},
		{100, 2000, 1},
	}
	for _, tt := range tests {
		o := SynthOptions{Hypotheses: tt.hyps, Evidence: tt.ev, Seed: tt.seed}
		a, b := SyntheticCase(o), SyntheticCase(o)
		if err := crux.Validate(a); err != nil {
			t.Fatalf("%+v: invalid: %v", o, err)
		}
		// Round trip through the strict case-file reader too.
		if _, err := crux.Decode(encode(t, a)); err != nil {
			t.Fatalf("%+v: Decode: %v", o, err)
		}
		if !bytes.Equal(encode(t, a), encode(t, b)) {
			t.Fatalf("%+v: the same seed gave two different cases", o)
		}
		if len(a.Hypotheses) != tt.hyps || len(a.Evidence) != tt.ev {
			t.Fatalf("%+v: got %d × %d", o, len(a.Hypotheses), len(a.Evidence))
		}
		for i, e := range a.Evidence {
			if len(e.Ratings) != tt.hyps {
				t.Fatalf("%+v: evidence %d has %d ratings, want one per hypothesis", o, i, len(e.Ratings))
			}
		}
	}
}

func TestSyntheticCaseSeedMatters(t *testing.T) {
	a := SyntheticCase(SynthOptions{Hypotheses: 10, Evidence: 200, Seed: 1})
	b := SyntheticCase(SynthOptions{Hypotheses: 10, Evidence: 200, Seed: 2})
	if bytes.Equal(encode(t, a), encode(t, b)) {
		t.Fatal("seeds 1 and 2 gave the same case")
	}
}

func TestSyntheticCaseDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full 100 × 10 000 case")
	}
	c := SyntheticCase(SynthOptions{Seed: 1})
	if len(c.Hypotheses) != 100 || len(c.Evidence) != 10000 {
		t.Fatalf("default size %d × %d, want 100 × 10000", len(c.Hypotheses), len(c.Evidence))
	}
	if err := crux.Validate(c); err != nil {
		t.Fatal(err)
	}
}

// TestSyntheticCaseShape checks that the case exercises what the engine
// must handle: every rating value, explicit likelihoods, dependence groups
// and echoed claims, every evidence kind, a catch-all, set priors.
func TestSyntheticCaseShape(t *testing.T) {
	c := SyntheticCase(SynthOptions{Hypotheses: 30, Evidence: 3000, Seed: 9})
	values := map[crux.RatingValue]int{}
	kinds := map[crux.EvidenceKind]int{}
	groups := map[string]int{}
	claimUse := map[string]int{}
	likelihoods := 0
	for _, e := range c.Evidence {
		kinds[e.Kind]++
		if e.Group != "" {
			groups[e.Group]++
		}
		if e.ClaimID != "" {
			claimUse[e.ClaimID]++
		}
		for _, r := range e.Ratings {
			values[r.Value]++
			if r.Likelihood != nil {
				likelihoods++
			}
		}
	}
	for _, v := range crux.RatingValues {
		if values[v] == 0 {
			t.Errorf("no %s rating", v)
		}
	}
	for _, k := range []crux.EvidenceKind{crux.FromClaim, crux.Fact, crux.Assumption, crux.Absence} {
		if kinds[k] == 0 {
			t.Errorf("no evidence of kind %s", k)
		}
	}
	if likelihoods == 0 {
		t.Error("no explicit likelihood")
	}
	shared := 0
	for _, n := range groups {
		if n > 1 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no dependence group with more than one item")
	}
	echoed := 0
	for _, n := range claimUse {
		if n > 1 {
			echoed++
		}
	}
	if echoed == 0 {
		t.Error("no claim reported by two evidence items")
	}
	catchall, priors := 0, 0
	for _, h := range c.Hypotheses {
		if h.Catchall {
			catchall++
		}
		if h.Prior != nil {
			priors++
		}
	}
	if catchall != 1 || priors == 0 {
		t.Errorf("%d catch-alls (want 1), %d priors (want some)", catchall, priors)
	}
	// Most cells are N or C, as in real matrices, but not all.
	total := 0
	for _, n := range values {
		total += n
	}
	if nc := values[crux.Neutral] + values[crux.Consistent]; nc*2 < total || nc == total {
		t.Errorf("N+C = %d of %d cells", nc, total)
	}
}
