package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		i := 0
		for i < len(g) && i < len(w) && bytes.Equal(g[i], w[i]) {
			i++
		}
		line := func(ls [][]byte) []byte {
			if i < len(ls) {
				return ls[i]
			}
			return []byte("(end of file)")
		}
		t.Errorf("%s differs from the output at line %d (check, then run go test -update):\n got: %.300s\nwant: %.300s", path, i+1, line(g), line(w))
	}
}

func loadCase(t testing.TB, path string) *crux.Case {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := crux.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

const examplePath = "../examples/kremlin-drone-2023/case.json"

// testCases are the cases every report test runs on: our small case with
// hostile strings, and the project's example when it exists.
func testCases(t *testing.T) map[string]*crux.Case {
	m := map[string]*crux.Case{"small": loadCase(t, "testdata/small.json")}
	if _, err := os.Stat(examplePath); err == nil {
		m["kremlin-drone-2023"] = loadCase(t, examplePath)
	} else if os.Getenv("CI") == "true" {
		t.Fatalf("example case missing in CI: %v", err)
	}
	return m
}

func goldenPath(name, ext string) string { return filepath.Join("testdata", name+ext) }
