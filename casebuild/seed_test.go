package casebuild

import (
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv"
)

func seedCase(t testing.TB) *crux.Case {
	raw := testenv.ReadShared(t, "corpus", "seed", "kremlin-drone-2023-05-04.txt")
	c := crux.New("seed", "seed")
	if _, err := Add(c, crux.Source{ID: "s", Text: string(raw), Published: "2023-05-04"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSeedHypotheses(t *testing.T) {
	c := seedCase(t)
	hs := SuggestHypotheses(c)
	text := c.Sources[0].Text
	byTitle := map[string]crux.Hypothesis{}
	for _, h := range hs {
		byTitle[h.Title] = h
		if h.Status != crux.Suggested {
			t.Errorf("%s: status %q, want suggested", h.Title, h.Status)
		}
		if !h.Catchall && len(h.Passages) == 0 {
			t.Errorf("%s: no passages", h.Title)
		}
		for _, p := range h.Passages {
			if p.SourceID != c.Sources[0].ID || p.Content.Start < 0 || p.Content.End > len(text) || p.Content.Start >= p.Content.End {
				t.Errorf("%s: bad passage %+v", h.Title, p)
			}
		}
	}
	for _, want := range []string{"Ukrainian attack", "Russian partisans", "Russian false flag", "Other / unknown"} {
		if _, ok := byTitle[want]; !ok {
			t.Errorf("missing suggestion %q; got %v", want, titles(hs))
		}
	}
	// Moscow's accusation that Washington picks the targets: a US-directed
	// hypothesis (or the Ukrainian one) must carry that passage.
	found := false
	for _, title := range []string{"US-directed", "Ukrainian attack"} {
		for _, p := range byTitle[title].Passages {
			s := text[p.Content.Start:p.Content.End]
			if strings.Contains(s, "determines the targets") && strings.Contains(s, "Washington") {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no hypothesis carries the passage saying Washington determines the targets")
	}
	if _, ok := byTitle["US-directed"]; !ok {
		t.Errorf("no US-directed suggestion; got %v", titles(hs))
	}
	for _, p := range byTitle["Russian false flag"].Passages {
		if strings.Contains(text[p.Content.Start:p.Content.End], "://") {
			t.Errorf("a URL was taken for a passage")
		}
	}
	// suggesting again after adding changes nothing
	n := AddSuggestedHypotheses(c)
	if n != len(hs) {
		t.Errorf("AddSuggestedHypotheses added %d, want %d", n, len(hs))
	}
	before := mustEncode(t, c)
	if n := AddSuggestedHypotheses(c); n != 0 {
		t.Errorf("second AddSuggestedHypotheses added %d", n)
	}
	if after := mustEncode(t, c); string(after) != string(before) {
		t.Errorf("second AddSuggestedHypotheses changed the case")
	}
	if err := crux.Validate(c); err != nil {
		t.Error(err)
	}
	// a hypothesis the analyst rejected is not suggested again
	c.Hypotheses[0].Status = crux.Rejected
	c.Hypotheses[0].Title = "Staged by Russia"
	if n := AddSuggestedHypotheses(c); n != 0 {
		t.Errorf("a rejected hypothesis came back: %d added", n)
	}
}

func titles(hs []crux.Hypothesis) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Title)
	}
	return out
}

func mustEncode(t testing.TB, c *crux.Case) []byte {
	t.Helper()
	b, err := crux.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkSuggestSeed(b *testing.B) {
	c := seedCase(b)
	b.SetBytes(int64(len(c.Sources[0].Text)))
	b.ReportAllocs()
	for b.Loop() {
		suggest(c)
	}
}
