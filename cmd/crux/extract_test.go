package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cruxlab/crux/extract"
)

func runExtractCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

const extractSample = "“We will rebuild the bridge,” Mayor Anna Lindqvist said on Tuesday.\n\n" +
	"Tomas Brandt, a senior economist at the Nordic Trade Institute, warned that prices could rise.\n"

func writeSample(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "article.txt")
	if err := os.WriteFile(p, []byte(extractSample), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExtractCommand(t *testing.T) {
	p := writeSample(t)
	code, out, errs := runExtractCmd(t, "extract", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Anna Lindqvist (person; Mayor)", "[assert, direct] said:", "Tomas Brandt (person; senior economist; Nordic Trade Institute)", "[warn, reported] warned: that prices could rise"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}

	code, out, errs = runExtractCmd(t, "extract", "--format", "json", p)
	if code != 0 {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	var res extract.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Claims) != 2 || len(res.Actors) != 2 {
		t.Fatalf("json: %v, %d claims, %d actors:\n%s", err, len(res.Claims), len(res.Actors), out)
	}

	code, out, errs = runExtractCmd(t, "extract", "--format", "brat", p)
	if code != 0 || !strings.Contains(out, "E1\tAttribution:") || !strings.Contains(out, "Source ") {
		t.Fatalf("brat: exit %d %s:\n%s", code, errs, out)
	}

	dir := t.TempDir()
	if code, _, errs = runExtractCmd(t, "extract", "--format", "brat", "--out", dir, p); code != 0 {
		t.Fatalf("brat --out: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "article.ann")); err != nil || !bytes.Equal(b, []byte(out)) {
		t.Errorf("article.ann: %v, differs from stdout output", err)
	}
}

func TestExtractCommandErrors(t *testing.T) {
	p := writeSample(t)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"extract"}, exitUsage},
		{[]string{"extract", "--format", "xml", p}, exitUsage},
		{[]string{"extract", "--format", "brat", p, p}, exitUsage},
		{[]string{"extract", filepath.Join(t.TempDir(), "missing.txt")}, exitInvalid},
		{[]string{"extract", "-h"}, exitOK},
	} {
		if code, _, errs := runExtractCmd(t, tc.args...); code != tc.code {
			t.Errorf("%q: exit %d, want %d (%s)", tc.args, code, tc.code, errs)
		}
	}
}

// TestEvalCommand runs crux eval over a PolNeAR-style folder built from
// the scorer fixture of package extract (gold annotations of our own
// sentences).
func TestEvalCommand(t *testing.T) {
	src := filepath.Join("..", "..", "extract", "testdata", "score")
	corpus := t.TempDir()
	for _, d := range []struct{ from, to string }{{"gold", "attributions"}, {"text", "text"}} {
		dst := filepath.Join(corpus, "dev", d.to)
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		ents, err := os.ReadDir(filepath.Join(src, d.from))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(src, d.from, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, out, errs := runExtractCmd(t, "eval", "--corpus", corpus, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 3 || rep.Gold != 6 || rep.Predicted == 0 || rep.Soft.F1 <= 0 || rep.Soft.F1 > 1 {
		t.Errorf("report %+v", rep)
	}
	if code, _, _ := runExtractCmd(t, "eval", "--corpus", filepath.Join(corpus, "nope")); code != exitInvalid {
		t.Errorf("missing corpus: exit %d, want %d", code, exitInvalid)
	}
}
