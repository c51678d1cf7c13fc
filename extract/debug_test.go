package extract

import (
	"os"
	"testing"

	"github.com/cruxlab/crux"
)

func TestDebugOne(t *testing.T) {
	s := os.Getenv("EXTRACT_DEBUG")
	if s == "" {
		t.Skip()
	}
	res := Extract(&crux.Source{ID: "s1", Text: s})
	for _, a := range res.Attributions {
		c := res.Claims[a.Claim]
		var src string
		for _, sp := range a.Source {
			src += s[sp.Start:sp.End]
		}
		t.Logf("S=%q C=%q T=%q actor=%+v", src, c.Cue, c.Text, res.Actors[0])
	}
}
