package web

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cruxlab/crux/internal/testenv/golden"
)

// TestGoldenPages compares the deterministic parts of rendered pages (the
// highlighted article, the claim list, the consensus table) with golden
// files; run with -update to rewrite them after a deliberate change. The
// matrix is left out: its diagnosticity column is package ach's to change.
func TestGoldenPages(t *testing.T) {
	e := newEnv(t, Options{})
	plantHostile(t, e)
	base := "/cases/" + e.caseID
	tests := []struct {
		name, path string
		part       *regexp.Regexp
	}{
		{"source-article", base + "/sources/S1", regexp.MustCompile(`(?s)<div class="article" id="article">.*?</div>`)},
		{"source-claims", base + "/sources/S1", regexp.MustCompile(`(?s)<ul class="claimlist">.*?</ul>`)},
		{"consensus", base + "/disagreement", regexp.MustCompile(`(?s)<table class="matrix consensus".*?</table>`)},
	}
	jar := signIn(t, e, "carol")
	cl := &http.Client{Jar: jar}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := cl.Get(e.ts.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			got := tc.part.Find(b)
			if got == nil {
				t.Fatalf("%s: part not found in the page", tc.path)
			}
			got = append(got, '\n')
			golden.Check(t, filepath.Join("testdata", tc.name+".golden"), got)
		})
	}
}
