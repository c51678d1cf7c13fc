package report

import (
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/internal/testenv"
)

// testCases are the cases every report test runs on: our small case with
// hostile strings, and the project's embedded example.
func testCases(t *testing.T) map[string]*crux.Case {
	return map[string]*crux.Case{
		"small":          testenv.LoadCase(t, "testdata/small.json"),
		examples.Default: examples.KremlinDrone(),
	}
}

func goldenPath(name, ext string) string { return filepath.Join("testdata", name+ext) }
