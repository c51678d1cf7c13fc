package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cruxlab/crux"
)

// FuzzExtract checks that any input gives a result whose spans lie in
// the text on character boundaries, and that its brat output reads back
// with the same number of attributions.
func FuzzExtract(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "seed", "kremlin-drone-2023-05-04.txt")); err == nil {
		f.Add(string(data))
	}
	for _, s := range ownSentences {
		f.Add(s)
	}
	// PolNeAR-like samples written for this test.
	f.Add("Bloom: Tax Plan Is 'A Gift To The Rich'.\n\n“It will not pass,” said Sen. Ada Bloom (D-Ore.), adding that the vote was close.\n\nAsked whether she would run, Bloom said, ''Not this year.''")
	f.Add("According to a poll by the Civic Institute, 54 percent of voters say the race is tied. The governor is expected to sign the bill.")
	f.Add("\"unclosed quote, he said\n\n“nested ‘single’ “double” marks” she wrote: \"\n[argued](#) [x](")
	f.Add("\xff\xfe said \xc3 that \"\xe2\x80\x9c")
	f.Fuzz(func(t *testing.T, text string) {
		res := Extract(&crux.Source{ID: "s1", Text: text})
		checkInvariantsAny(t, text, res)
		var buf bytes.Buffer
		if err := WriteBrat(&buf, text, res.Attributions); err != nil {
			t.Fatal(err)
		}
		back, err := ReadBrat(&buf)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range res.Attributions {
			for _, sp := range a.Content {
				if sp.End > sp.Start {
					n++
					break
				}
			}
		}
		if len(back) != n {
			t.Fatalf("brat round trip: %d attributions written, %d read", n, len(back))
		}
	})
}

// checkInvariantsAny is checkInvariants for text that may not be UTF-8.
func checkInvariantsAny(t *testing.T, text string, res *Result) {
	t.Helper()
	if utf8.ValidString(text) {
		checkInvariants(t, text, res)
		return
	}
	for i, at := range res.Attributions {
		for _, part := range [][]Span{at.Source, at.Cue, at.Content} {
			for _, sp := range part {
				if sp.Start < 0 || sp.Start > sp.End || sp.End > len(text) {
					t.Fatalf("attribution %d: span %+v outside text of %d bytes", i, sp, len(text))
				}
			}
		}
	}
}

// Span is crux.Span, short for tests.
type Span = crux.Span

func TestHugeInput(t *testing.T) {
	size := 100 << 20
	if testing.Short() {
		size = 8 << 20
	}
	// One 100 MB paragraph without a newline, then one with many
	// unbalanced quotes: linear time, no panic.
	unit := `The board said the harbour "was fine and Ruiz wrote that prices rose, according to the council `
	huge := strings.Repeat(unit, size/len(unit))
	res := Extract(&crux.Source{ID: "s1", Text: huge})
	checkInvariants(t, huge, res)
	if len(res.Claims) == 0 {
		t.Error("no claims found in a text full of them")
	}
}

func TestInvalidUTF8(t *testing.T) {
	text := "\xff\"We will \xfe rebuild,\" Lindqvist said.\n\n\xc3"
	res := Extract(&crux.Source{ID: "s1", Text: text})
	checkInvariantsAny(t, text, res)
	if len(res.Claims) != 1 {
		t.Errorf("got %d claims, want 1", len(res.Claims))
	}
	var buf bytes.Buffer
	if err := WriteBrat(&buf, text, res.Attributions); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(buf.Bytes()) {
		t.Error("brat output is not UTF-8")
	}
}

// TestManyActors: resolving mentions uses indexes, not scans, so a text
// with thousands of speakers stays linear; each keeps its own claims.
func TestManyActors(t *testing.T) {
	var b strings.Builder
	const n = 5000
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Ana%c%c Berg%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26, 'a'+i%7)
		fmt.Fprintf(&b, "%s said that the dam is safe.\n\n", name)
	}
	res := Extract(&crux.Source{ID: "s1", Text: b.String()})
	if len(res.Claims) != n {
		t.Fatalf("got %d claims, want %d", len(res.Claims), n)
	}
	if len(res.Actors) < n/2 {
		t.Errorf("got %d actors for %d distinct names", len(res.Actors), n)
	}
}
