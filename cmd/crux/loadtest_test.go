package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cruxlab/crux/web"
)

// TestLoadtestCommand runs crux loadtest briefly on a temporary SQLite file:
// every phase ran, nothing failed, every write was read back.
func TestLoadtestCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	code, out, errs := runCmd(t, "", "loadtest", "--seconds", "0.2", "--readers", "2", "--writers", "2", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res web.LoadResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(res.Phases) != 3 || res.AckedCount == 0 || len(res.Lost)+len(res.Corrupt) > 0 {
		t.Errorf("%d phases, %d acknowledged writes, lost %q, corrupt %q", len(res.Phases), res.AckedCount, res.Lost, res.Corrupt)
	}
	for _, p := range res.Phases {
		if p.Errors > 0 || p.Reads+p.Writes == 0 {
			t.Errorf("phase %s: %d reads, %d writes, %d errors %q", p.Name, p.Reads, p.Writes, p.Errors, p.FirstProblems)
		}
	}
	for _, tc := range [][]string{{"loadtest", "extra"}, {"loadtest", "--seconds", "0"}, {"loadtest", "--writers", "0"}} {
		if code, _, errs := runCmd(t, "", tc...); code != exitUsage || !strings.Contains(errs, "--writers") {
			t.Errorf("%v: exit %d, %q; want usage error", tc, code, errs)
		}
	}
}
