package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cruxlab/crux/ach"
)

var updateScore = flag.Bool("update-score", false, "rewrite the golden files of crux score")

// shouldUpdate honours -update-score, and -update when some test file of
// the package defines it.
func shouldUpdate() bool {
	if *updateScore {
		return true
	}
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

const exampleCase = "../../examples/kremlin-drone-2023/case.json"

func TestScoreGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"score-kremlin.golden", []string{"score", exampleCase}},
		{"score-kremlin-asof.golden", []string{"score", "--as-of", "2023-05-03", "--samples", "2000", "--seed", "3", exampleCase}},
		{"score-small.golden", []string{"score", "../../ach/testdata/small.json"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			code, out, errs := runCmd(t, "", tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			path := filepath.Join("testdata", tc.golden)
			if shouldUpdate() {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update-score to create it)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (run with -update-score to accept):\n%s", path, out)
			}
		})
	}
}

func TestScoreJSON(t *testing.T) {
	code, out, errs := runCmd(t, "", "score", "--json", "--samples", "500", exampleCase)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r ach.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, h := range r.Hypotheses {
		sum += h.Posterior
	}
	if len(r.Hypotheses) == 0 || len(r.Evidence) == 0 || sum < 0.999999 || sum > 1.000001 || r.Robustness.Samples != 500 {
		t.Errorf("unexpected result: %d hypotheses, %d items, posteriors sum %v, %d samples", len(r.Hypotheses), len(r.Evidence), sum, r.Robustness.Samples)
	}
	// Standard input gives the same result.
	data, err := os.ReadFile(exampleCase)
	if err != nil {
		t.Fatal(err)
	}
	if _, out2, _ := runCmd(t, string(data), "score", "--json", "--samples", "500", "-"); out2 != out {
		t.Error("reading from standard input gives another result")
	}
}

func TestScoreErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"crux-case","version":1,"hypotheses":[{"id":"H1","title":"x"}],"evidence":[{"id":"E1","text":"t","kind":"fact","ratings":{"H1":"X"}}]}`), 0o644)
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, []byte(`{"format":"crux-case","version":1,"hypotheses":[],"evidence":[]}`), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"score"}, exitUsage, "want exactly one"},
		{[]string{"score", "--as-of", "yesterday", exampleCase}, exitUsage, "YYYY-MM-DD"},
		{[]string{"score", "--samples", "-3", exampleCase}, exitUsage, "--samples"},
		{[]string{"score", bad}, exitInvalid, `evidence[0].ratings.H1: unknown rating "X"`},
		{[]string{"score", empty}, exitInvalid, "no accepted hypotheses"},
		{[]string{"score", filepath.Join(dir, "missing.json")}, exitFailure, "no such file"},
	} {
		code, _, errs := runCmd(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d containing %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	if code, out, _ := runCmd(t, "", "score", "-h"); code != 0 || !strings.Contains(out, "Examples:") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}
