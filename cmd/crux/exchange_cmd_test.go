package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
)

const smallCase = "../../report/testdata/small.json"

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	html := filepath.Join(dir, "r.html")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"embedded example", []string{"report", "--samples", "500"}, 0, "# What we know so far"},
		{"markdown of a file", []string{"report", "--no-timeline", smallCase}, 0, "## Who claims what"},
		{"html to a file", []string{"report", "--format", "html", "--out", html, smallCase}, 0, ""},
		{"bad format", []string{"report", "--format", "pdf", smallCase}, 2, "unknown --format"},
		{"as of a date", []string{"report", "--as-of", "2024-03-03", smallCase}, 0, "**As of:** 2024-03-03"},
		{"bad as-of", []string{"report", "--as-of", "March", smallCase}, 2, "want YYYY-MM-DD"},
		{"as-of with letters in place of digits", []string{"report", "--as-of", "2024-ab-03", smallCase}, 2, "want YYYY-MM-DD"},
		{"two cases", []string{"report", smallCase, smallCase}, 2, "at most one"},
		{"missing file", []string{"report", filepath.Join(dir, "nope.json")}, 1, "no such file"},
		{"help teaches", []string{"report", "-h"}, 0, "Examples:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out+errs, tt.want) {
				t.Fatalf("exit %d (want %d), output %.300q, errors %q", code, tt.code, out, errs)
			}
		})
	}
	b, err := os.ReadFile(html)
	if err != nil || !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || bytes.Count(b, []byte("<svg ")) != 3 {
		t.Fatalf("html report: %v, %d bytes", err, len(b))
	}
}

func TestExportCommand(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"crux-case","version":1,"evidence":[{"id":"E1","kind":"rumour"}]}`), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--format", "csv", smallCase}, 0, "\ufeffEvidence ID,Text,Kind"},
		{[]string{"export", "--format", "json", smallCase}, 0, `"format": "crux-case"`},
		{[]string{"export", "--format", "claimreview", smallCase}, 0, `"@type": "ClaimReview"`},
		{[]string{"export", smallCase}, 2, "--format is required"},
		{[]string{"export", "--format", "xml", smallCase}, 2, "unknown --format"},
		{[]string{"export", "--format", "csv", bad}, 3, `evidence[0].kind: unknown kind "rumour"`},
	}
	for _, tt := range tests {
		code, out, errs := runCmd(t, "", tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.want) {
			t.Errorf("%v: exit %d (want %d), output %.200q, errors %q", tt.args, code, tt.code, out, errs)
		}
	}
	// Standard input works too.
	data, _ := os.ReadFile(smallCase)
	if code, out, errs := runCmd(t, string(data), "export", "--format", "json", "-"); code != 0 || !strings.Contains(out, `"id": "port-fire"`) {
		t.Errorf("stdin: exit %d, %q", code, errs)
	}
}

// TestImportCommandAllOrNothing: an invalid import leaves the case file
// byte-identical and leaves no temporary file behind; a valid one replaces
// it with the merged case.
func TestImportCommandAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	casePath := filepath.Join(dir, "case.json")
	orig, err := os.ReadFile(smallCase)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(casePath, orig, 0o600)
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	unchanged := func(when string) {
		t.Helper()
		if b, _ := os.ReadFile(casePath); !bytes.Equal(b, orig) {
			t.Fatalf("%s: the case file changed", when)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Fatalf("%s: temporary file %s left behind", when, e.Name())
			}
		}
	}
	for _, tt := range []struct {
		name, file, content, want string
	}{
		{"bad rating", "bad.csv", "\ufeffid;text;H1\r\nE1;ok;C\r\nE2;x;maybe\r\n", `line 3, column 3: unknown rating "maybe"`},
		{"valid cells, unknown claim", "claim.csv", "id,claim,H1\nE1,c1,C\nE9,nope,C\n", `line 3: evidence[6].claim: unknown claim "nope"`},
		{"bad json", "bad.json", `{"format":"crux-case","version":1,"evidence":[{"id":"E1","kind":"fact","ratings":{"H9":"C"}}]}`, "evidence[0].ratings.H9: unknown hypothesis"},
		{"json breaking the merge", "merge.json", `{"format":"crux-case","version":1,"claims":[{"id":"c1","speaker":"ghost","cue":"said","cue_class":"assert","mode":"direct","text":"x","citations":[]}]}`, `claims[0].speaker: unknown actor "ghost"`},
		{"json syntax", "syntax.json", "{\n\"format\": ,\n}", "line 2"},
	} {
		code, _, errs := runCmd(t, "", "import", "--into", casePath, write(tt.file, tt.content))
		if code != exitInvalid || !strings.Contains(errs, tt.want) || !strings.Contains(errs, "is unchanged") {
			t.Errorf("%s: exit %d, errors %q; want exit 3 and %q", tt.name, code, errs, tt.want)
		}
		unchanged(tt.name)
	}
	good := write("good.tsv", "Evidence ID\tText\tH1: Accident\tSabotage\nE1\tre-worded\tII\tC\n\t\t\t\n")
	if code, out, _ := runCmd(t, "", "import", "--dry-run", "--format", "csv", "--into", casePath, good); code != 0 || !strings.Contains(out, "dry run") {
		t.Fatalf("dry run: exit %d %q", code, out)
	}
	unchanged("dry run")
	code, out, errs := runCmd(t, "", "import", "--format", "csv", "--into", casePath, good)
	if code != 0 || !strings.Contains(out, "5 hypotheses (+1)") {
		t.Fatalf("exit %d, %q %q", code, out, errs)
	}
	b, _ := os.ReadFile(casePath)
	c, err := crux.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if e := c.Evidence[0]; e.Text != "re-worded" || e.Ratings["H1"].Value != "II" || e.Ratings["H5"].Value != "C" {
		t.Errorf("E1 after import: %+v", e)
	}
	if st, _ := os.Stat(casePath); st.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v not kept", st.Mode().Perm())
	}
	// JSON merge from standard input: a fragment referring to the case.
	in := `{"format":"crux-case","version":1,"hypotheses":[{"id":"H9","title":"Electrical fault","status":"accepted"}],"evidence":[{"id":"E20","kind":"claim","claim":"c1","ratings":{"H9":"C","H1":"I"}}]}`
	if code, _, errs := runCmd(t, in, "import", "--format", "json", "--into", casePath, "-"); code != 0 {
		t.Fatalf("json import: exit %d %q", code, errs)
	}
	b, _ = os.ReadFile(casePath)
	if !bytes.Contains(b, []byte(`"Electrical fault"`)) {
		t.Error("merged hypothesis missing")
	}
	for _, args := range [][]string{{"import", good}, {"import", "--into", casePath, "x.xlsx"}, {"import", "--into", casePath}} {
		if code, _, _ := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
