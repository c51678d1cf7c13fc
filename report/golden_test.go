package report

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
)

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
