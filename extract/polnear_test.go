package extract

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cruxlab/crux"
)

// sharedDir returns ../shared (relative to the module root) or skips the
// test when it is absent, failing instead when CI=true.
func sharedDir(t testing.TB) string {
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: %v", dir, err)
		}
		t.Skipf("%s absent: %v", dir, err)
	}
	return dir
}

func loadSplit(t testing.TB, split string) []Article {
	base := filepath.Join(sharedDir(t), "corpus", "polnear", split)
	ents, err := os.ReadDir(filepath.Join(base, "attributions"))
	if err != nil {
		t.Skipf("no PolNeAR %s split: %v", split, err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	files := GoldFiles(names)
	var arts []Article
	for n, f := range files {
		text, err := os.ReadFile(filepath.Join(base, "text", n+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		gold, err := os.ReadFile(filepath.Join(base, "attributions", f))
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, Article{Name: n, Text: text, Gold: gold})
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].Name < arts[j].Name })
	return arts
}

// TestPolNeARDev measures the dev split (text the rules were not tuned
// on) and holds issue 3's targets: attribution F1 >= 0.60 (reached
// 0.663) and content soft F1 >= 0.70 (reached 0.719), so a change that
// falls below either fails. Set EXTRACT_SPLIT=train to print the train
// figures instead.
func TestPolNeARDev(t *testing.T) {
	split := "dev"
	if s := os.Getenv("EXTRACT_SPLIT"); s != "" {
		split = s
	}
	arts := loadSplit(t, split)
	c, err := Evaluate(arts)
	if err != nil {
		t.Fatal(err)
	}
	_, _, fs := c.PRF(c.Strict)
	ps, rs, fsoft := c.PRF(c.Soft)
	pa, ra, fa := c.PRF(c.Attr)
	t.Logf("%s: %d articles, gold %d, predicted %d", split, len(arts), c.Gold, c.Pred)
	t.Logf("content strict F1 %.3f; content soft P %.3f R %.3f F1 %.3f; attribution P %.3f R %.3f F1 %.3f", fs, ps, rs, fsoft, pa, ra, fa)
	if split == "dev" {
		if fa < 0.60 || fsoft < 0.70 {
			t.Errorf("dev below issue 3's targets: attribution F1 %.3f (want >= 0.60), content soft F1 %.3f (want >= 0.70)", fa, fsoft)
		}
	}
}

// TestDumpPredictions writes NAME.ann predictions of a split into
// $EXTRACT_DUMP (for brat_score.py and error analysis).
func TestDumpPredictions(t *testing.T) {
	out := os.Getenv("EXTRACT_DUMP")
	if out == "" {
		t.Skip("set EXTRACT_DUMP=DIR (and EXTRACT_SPLIT) to write predictions")
	}
	split := "dev"
	if s := os.Getenv("EXTRACT_SPLIT"); s != "" {
		split = s
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, a := range loadSplit(t, split) {
		res := Extract(&crux.Source{ID: a.Name, Text: string(a.Text)})
		f, err := os.Create(filepath.Join(out, a.Name+".ann"))
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteBrat(f, string(a.Text), res.Attributions); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
