package extract

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// scoreDirs scores PRED against GOLD like brat_score.py GOLD PRED TEXT.
func scoreDirs(t *testing.T, gold, pred, text string) Counts {
	t.Helper()
	ents, err := os.ReadDir(gold)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	var tot Counts
	for name, f := range GoldFiles(names) {
		txt, err := os.ReadFile(filepath.Join(text, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		g, err := os.ReadFile(filepath.Join(gold, f))
		if err != nil {
			t.Fatal(err)
		}
		ga, err := ReadBrat(bytes.NewReader(g))
		if err != nil {
			t.Fatal(err)
		}
		var pa []BratAttribution
		if p, err := os.ReadFile(filepath.Join(pred, name+".ann")); err == nil {
			if pa, err = ReadBrat(bytes.NewReader(p)); err != nil {
				t.Fatal(err)
			}
		}
		tot.Add(Score([]rune(string(txt)), ga, pa))
	}
	return tot
}

func formatCounts(c Counts) string {
	var b strings.Builder
	for _, x := range []struct {
		label string
		hits  int
	}{{"content strict", c.Strict}, {"content soft", c.Soft}, {"attribution (content soft + source)", c.Attr}} {
		p, r, f := c.PRF(x.hits)
		fmt.Fprintf(&b, "%-40s P %.3f  R %.3f  F1 %.3f\n", x.label, p, r, f)
	}
	return b.String()
}

// TestScorerAgreesWithReference scores the hand-made fixture in
// testdata/score (our own sentences; second annotator ignored, a
// malformed line skipped, an article without predictions, code points
// after non-ASCII text, discontinuous spans) and compares with
// brat_score.py when python3 and ../shared are here. The tallies below
// were computed once by brat_score.py on this fixture (gold 6, predicted
// 5; strict 2, soft 4, attribution 3 hits) and are checked always.
func TestScorerAgreesWithReference(t *testing.T) {
	dir := filepath.Join("testdata", "score")
	gold, pred, text := filepath.Join(dir, "gold"), filepath.Join(dir, "pred"), filepath.Join(dir, "text")
	got := scoreDirs(t, gold, pred, text)
	want := Counts{Gold: 6, Pred: 5, Strict: 2, Soft: 4, Attr: 3}
	if got != want {
		t.Errorf("Go scorer: %+v, want %+v", got, want)
	}
	script := filepath.Join(sharedDir(t), "tools", "brat_score.py")
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("reference scorer absent from ../shared: %v", err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 absent")
	}
	out, err := exec.Command(py, script, gold, pred, text).Output()
	if err != nil {
		t.Fatalf("brat_score.py: %v", err)
	}
	lines := strings.SplitAfter(string(out), "\n")
	if len(lines) < 5 {
		t.Fatalf("brat_score.py printed %q", out)
	}
	ref := strings.Join(lines[1:4], "")
	if mine := formatCounts(got); mine != ref {
		t.Errorf("scores differ:\nGo:\n%sbrat_score.py:\n%s", mine, ref)
	}
	if !strings.Contains(lines[0], fmt.Sprintf("gold %d  predicted %d", got.Gold, got.Pred)) {
		t.Errorf("counts differ: %q vs gold %d predicted %d", lines[0], got.Gold, got.Pred)
	}
}

// TestWriteBratCodePoints: offsets count code points, discontinuous
// content is written a b;c d, and the file reads back.
func TestWriteBratCodePoints(t *testing.T) {
	text := "“Café,” Müller said. “Oui.”"
	res := extractText(t, text)
	var buf bytes.Buffer
	if err := WriteBrat(&buf, text, res.Attributions); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// “Café,” is code points 0..7; “Oui.” starts at code point 21.
	if !strings.Contains(out, "Content 0 7;21 27\t“Café,” “Oui.”") || !strings.Contains(out, "Source 8 14\tMüller") || !strings.Contains(out, "E1\tAttribution:") {
		t.Fatalf("brat output:\n%s", out)
	}
	back, err := ReadBrat(strings.NewReader(out))
	if err != nil || len(back) != 1 || len(back[0].Content) != 2 {
		t.Fatalf("read back %+v, %v", back, err)
	}
}
