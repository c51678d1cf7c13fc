package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux"
)

// TestLongSentence: a sentence of many thousand tokens with a cue every
// few (no terminal punctuation) is read in pieces of maxSentence tokens,
// so that the rules' look-backs over the sentence and its attributions so
// far stay bounded: 50,000 of "Bloom said, " in one sentence took 19 s
// before (time in n²), a fifth of a second now.
func TestLongSentence(t *testing.T) {
	for _, unit := range []string{"Bloom said, ", `"x" said Bloom, `, "Bloom told Ada, "} {
		text := "Ada Bloom " + strings.Repeat(unit, 50000) + "the dam is safe."
		t0 := time.Now()
		res := Extract(&crux.Source{ID: "s1", Text: text})
		d := time.Since(t0)
		checkInvariants(t, text, res)
		if len(res.Claims) == 0 {
			t.Errorf("%q: no claims", unit)
		}
		if d > 5*time.Second {
			t.Errorf("%q x 50000: %v, want linear time", unit, d)
		}
	}
}
