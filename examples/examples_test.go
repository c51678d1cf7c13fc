package examples

import (
	"testing"

	"github.com/cruxlab/crux"
)

func TestExamplesAreValid(t *testing.T) {
	if len(Names()) == 0 {
		t.Fatal("no embedded examples")
	}
	for _, n := range Names() {
		c, err := Load(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if len(c.Hypotheses) < 2 || len(c.Evidence) == 0 {
			t.Errorf("%s: %d hypotheses, %d evidence items: not an ACH case", n, len(c.Hypotheses), len(c.Evidence))
		}
		for i, e := range c.Evidence {
			for _, h := range c.Hypotheses {
				if _, ok := e.Ratings[h.ID]; !ok {
					t.Errorf("%s: evidence[%d] %s has no rating for %s", n, i, e.ID, h.ID)
				}
			}
		}
	}
}

func TestKremlinDroneRoundTrip(t *testing.T) {
	c := KremlinDrone()
	b, err := crux.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := Raw(Default)
	if string(b) != string(raw) {
		t.Errorf("the example case file is not in canonical form; re-encode it with crux.Encode")
	}
	if _, err := Load("no-such-case"); err == nil {
		t.Error("loading a missing example succeeded")
	}
}
