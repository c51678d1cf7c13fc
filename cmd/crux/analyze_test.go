package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv"
)

func TestAnalyzeSeedJSON(t *testing.T) {
	code, out, errOut := runCmd(t, "", "analyze", "--json", testenv.SeedArticle(t))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	c, err := crux.Decode([]byte(out))
	if err != nil {
		t.Fatalf("analyze --json is not a valid case: %v", err)
	}
	names := map[string]crux.Actor{}
	for _, a := range c.Actors {
		names[strings.ToLower(a.Name)] = a
	}
	for _, want := range []string{"Dmitry Peskov", "Volodymyr Zelensky", "John Kirby", "Kirill Shamiev", "Mark Galeotti",
		"Oleg Ignatov", "Ilya Ponomaryov", "Mikhaylo Podolyak", "Institute for the Study of War"} {
		if _, ok := names[strings.ToLower(want)]; !ok {
			t.Errorf("speaker %q not found", want)
		}
	}
	anon := false
	for _, a := range c.Actors {
		if a.Kind == crux.Anonymous && strings.Contains(strings.ToLower(a.Name+" "+a.Description), "russian military") {
			anon = true
		}
	}
	if !anon {
		t.Error("the anonymous official close to the Russian military is not an anonymous actor")
	}
	hyps := strings.ToLower(func() string {
		var b strings.Builder
		for _, h := range c.Hypotheses {
			b.WriteString(h.Title + " | " + h.Description + "\n")
		}
		return b.String()
	}())
	for _, want := range [][]string{{"ukrain"}, {"partisan"}, {"false flag", "staged"}} {
		ok := false
		for _, w := range want {
			ok = ok || strings.Contains(hyps, w)
		}
		if !ok {
			t.Errorf("no hypothesis mentioning %q among:\n%s", want, hyps)
		}
	}
	if len(c.Evidence) == 0 {
		t.Error("no evidence drawn from the claims")
	}
}

func TestAnalyzeReadable(t *testing.T) {
	code, out, errOut := runCmd(t, "", "analyze")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"WHO SAID WHAT", "HYPOTHESES", "MATRIX", "SCORES", "Dmitry Peskov", "Russian false flag"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	code, out, _ = runCmd(t, `"We will win," the general said on Monday.`, "analyze", "-")
	if code != exitOK || !strings.Contains(out, "WHO SAID WHAT: 1 statements") {
		t.Errorf("stdin analysis: exit %d, output:\n%s", code, out)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("caf\xe9 \xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"analyze", filepath.Join(dir, "missing.txt")}, exitFailure, "missing.txt"},
		{[]string{"analyze", bad}, exitInvalid, "bad.txt"},
		{[]string{"analyze", dir}, exitUsage, "directory"},
		{[]string{"analyze", "--nope"}, exitUsage, "flag provided but not defined"},
		{[]string{"no-such-command"}, exitUsage, "unknown command"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}
