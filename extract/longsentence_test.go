package extract

import (
	"runtime"
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

// TestLongQuote: a quote continued over many paragraphs (or sentences)
// grows its attribution's content in place, in time and memory linear in
// its length: 20,000 paragraphs allocated 3 GB before (each continuation
// copied the spans before it).
func TestLongQuote(t *testing.T) {
	for _, sep := range []string{"\n\n", " "} {
		text := "“We won,” Bloom said." + sep + strings.Repeat("“More words.”"+sep, 20000)
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		res := Extract(&crux.Source{ID: "s1", Text: text})
		runtime.ReadMemStats(&m1)
		checkInvariants(t, text, res)
		if len(res.Attributions) != 1 || len(res.Attributions[0].Content) != 20001 {
			t.Fatalf("%q: %d attributions, want one of 20,001 content spans", sep, len(res.Attributions))
		}
		if a := m1.TotalAlloc - m0.TotalAlloc; a > 100<<20 {
			t.Errorf("%q: %d MB allocated for a %d KB text", sep, a>>20, len(text)>>10)
		}
	}
}
