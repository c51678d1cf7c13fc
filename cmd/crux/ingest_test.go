package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/casebuild"
	"github.com/cruxlab/crux/internal/testenv"
)

const echoArticle = "../../casebuild/testdata/echo-article.txt"

func readCase(t *testing.T, path string) (*crux.Case, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := crux.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return c, b
}

func TestIngestSameArticleTwiceChangesNothing(t *testing.T) {
	seed := testenv.SeedArticle(t)
	casePath := filepath.Join(t.TempDir(), "kremlin.json")
	if code, _, stderr := runCmd(t, "", "ingest", "--suggest", casePath, seed); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c, first := readCase(t, casePath)
	if len(c.Sources) != 1 || len(c.Claims) == 0 || len(c.Evidence) != len(c.Claims) || len(c.Hypotheses) == 0 {
		t.Fatalf("first ingest: %d sources, %d claims, %d evidence, %d hypotheses", len(c.Sources), len(c.Claims), len(c.Evidence), len(c.Hypotheses))
	}
	st1, _ := os.Stat(casePath)
	code, out, stderr := runCmd(t, "", "ingest", "--suggest", "--json", casePath, seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 1 || sum.Added != 0 || sum.Written || sum.Evidence != 0 || sum.Hypotheses != 0 || sum.Ratings != 0 {
		t.Errorf("second ingest summary: %+v", sum)
	}
	_, second := readCase(t, casePath)
	if !bytes.Equal(first, second) {
		t.Error("ingesting the same article twice changed the case file")
	}
	if st2, _ := os.Stat(casePath); !st2.ModTime().Equal(st1.ModTime()) {
		t.Error("the unchanged case file was rewritten")
	}
}

func TestIngestEchoAddsCitationsNotEvidence(t *testing.T) {
	seed := testenv.SeedArticle(t)
	casePath := filepath.Join(t.TempDir(), "case.json")
	if code, _, stderr := runCmd(t, "", "ingest", casePath, seed); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before, _ := readCase(t, casePath)
	code, out, stderr := runCmd(t, "", "ingest", "--json", casePath, echoArticle)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	t.Logf("echo article: %d new claims, %d merged, %d new actors, %d merged, %d evidence added",
		sum.NewClaims, sum.MergedClaims, sum.NewActors, sum.MergedActors, sum.Evidence)
	after, _ := readCase(t, casePath)
	if sum.MergedClaims < 3 {
		t.Errorf("want the three repeated quotes merged, got %d", sum.MergedClaims)
	}
	if sum.Evidence != sum.NewClaims || len(after.Evidence) != len(before.Evidence)+sum.NewClaims {
		t.Errorf("evidence grew by %d for %d new claims", len(after.Evidence)-len(before.Evidence), sum.NewClaims)
	}
	// each repeated quote is one claim cited by both articles, dated by the
	// earlier, in a dependence group shared with its evidence item
	for _, frag := range []string{"attack Putin", "determines the targets", "just lying there"} {
		var hits []crux.Claim
		for _, cl := range after.Claims {
			if strings.Contains(cl.Text, frag) {
				hits = append(hits, cl)
			}
		}
		if len(hits) != 1 {
			t.Errorf("%q: %d claims, want 1", frag, len(hits))
			continue
		}
		cl := hits[0]
		srcs := map[string]bool{}
		for _, ct := range cl.Citations {
			srcs[ct.SourceID] = true
		}
		if len(srcs) != 2 || cl.Group == "" || cl.Date != "2023-05-04" {
			t.Errorf("%q: claim %s cited by %d sources, group %q, date %q", frag, cl.ID, len(srcs), cl.Group, cl.Date)
		}
		for _, e := range after.Evidence {
			if e.ClaimID == cl.ID && e.Group != cl.Group {
				t.Errorf("%q: evidence %s group %q, claim group %q", frag, e.ID, e.Group, cl.Group)
			}
		}
	}
}

func TestIngestDirsAndJSONLDeterministic(t *testing.T) {
	dir := t.TempDir()
	arts := filepath.Join(dir, "articles")
	if err := os.MkdirAll(filepath.Join(arts, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	echo, err := os.ReadFile(echoArticle)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a.txt":      string(echo),
		"sub/b.md":   "# Port fire\n\nBy [Jan Lis](#)\n\nJune 2, 2024\n\n\"We have not ruled out sabotage at this stage,\" port spokeswoman Anna Kowalczyk said.\n",
		"sub/c.html": "<html><head><title>Port fire update</title></head><body><article><p>\"We have not ruled out sabotage at this stage,\" Anna Kowalczyk told reporters on Monday.</p><p>The Centre for Maritime Security said the damage pointed to a deliberate act.</p></article></body></html>",
		"skip.bin":   "not an article",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(arts, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	jl := filepath.Join(dir, "archive.jsonl")
	lines := []string{
		`{"url":"https://example.org/a1","title":"Depot fire","outlet":"Example Daily","author":"Ewa Nowak","published":"2024-06-03","text":"Anna Kowalczyk said: \"We have not ruled out sabotage at this stage.\" The mayor, Piotr Nowak, said the city would rebuild the depot within a year."}`,
		``,
		`{"url":"https://example.org/a2","outlet":"Example Weekly","author":["A. One","B. Two"],"published":"2024-06-04T10:00:00Z","html":"<p>\"We will rebuild the depot within a year,\" Mayor Piotr Nowak said.</p>"}`,
		`{"url": broken`,
		`{"title":"no body"}`,
	}
	if err := os.WriteFile(jl, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs [][]byte
	for _, w := range []string{"1", "4"} {
		if err := os.MkdirAll(filepath.Join(dir, w), 0o755); err != nil {
			t.Fatal(err)
		}
		casePath := filepath.Join(dir, w, "case.json")
		code, out, stderr := runCmd(t, "", "ingest", "--workers", w, "--json", casePath, arts, "--jsonl", jl)
		if code != exitInvalid {
			t.Fatalf("workers %s: exit %d, want %d (two bad archive lines): %s", w, code, exitInvalid, stderr)
		}
		if !strings.Contains(stderr, "archive.jsonl:4") || !strings.Contains(stderr, "archive.jsonl:5") {
			t.Errorf("errors do not name the bad lines: %s", stderr)
		}
		var sum ingestSummary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Articles != 7 || sum.Added != 5 || sum.Failed != 2 {
			t.Errorf("workers %s: %+v", w, sum)
		}
		c, b := readCase(t, casePath)
		outs = append(outs, b)
		var a1 *crux.Source
		for i := range c.Sources {
			if c.Sources[i].URL == "https://example.org/a1" {
				a1 = &c.Sources[i]
			}
		}
		if a1 == nil || a1.Outlet != "Example Daily" || a1.Published != "2024-06-03" || len(a1.Authors) != 1 || a1.Authors[0] != "Ewa Nowak" {
			t.Errorf("archive metadata lost: %+v", a1)
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("the case depends on the number of workers")
	}
}

func TestIngestUsageAndBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"format":"crux-case","version":1,"sources":[{"id":""}]}`), 0o644)
	art := filepath.Join(dir, "a.txt")
	os.WriteFile(art, []byte("Someone said \"hello there\" yesterday."), 0o644)
	cases := []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{filepath.Join(dir, "c.json")}, exitUsage},
		{[]string{"--workers", "0", filepath.Join(dir, "c.json"), art}, exitUsage},
		{[]string{"--assistant", "http://127.0.0.1:1", filepath.Join(dir, "c.json"), art}, exitUsage},
		{[]string{bad, art}, exitInvalid},
		{[]string{filepath.Join(dir, "c.json"), filepath.Join(dir, "missing.txt")}, exitInvalid},
		{[]string{"-h"}, exitOK},
	}
	for _, tc := range cases {
		if code, _, stderr := runCmd(t, "", append([]string{"ingest"}, tc.args...)...); code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, tc.code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "c.json")); err == nil {
		t.Error("a failed run created the case file")
	}
}

func TestIngestProgressBar(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("a%d.txt", i))
		os.WriteFile(p, []byte(fmt.Sprintf("Report %d\n\n\"We will rebuild the depot number %d,\" Mayor Piotr Nowak said.\n", i, i)), 0o644)
		files = append(files, p)
	}
	casePath := filepath.Join(dir, "c.json")
	code, _, stderr := runCmd(t, "", append([]string{"ingest", "--progress", casePath}, files...)...)
	if code != 0 || !strings.Contains(stderr, "3/3 articles") {
		t.Errorf("exit %d, progress output %q", code, stderr)
	}
	// not a terminal and no --progress: nothing on stderr
	os.Remove(casePath)
	if _, _, stderr := runCmd(t, "", append([]string{"ingest", casePath}, files...)...); stderr != "" {
		t.Errorf("unexpected stderr %q", stderr)
	}
}

// FuzzIngestJSONLLine feeds archive lines through the same path as ingest:
// decode, parse, extract, merge. Nothing may panic and the case must stay
// valid.
func FuzzIngestJSONLLine(f *testing.F) {
	f.Add(`{"url":"https://example.org/a","title":"T","outlet":"O","author":"A B","published":"2024-06-03","text":"\"We will rebuild,\" Mayor Piotr Nowak said."}`)
	f.Add(`{"html":"<p>\"Yes,\" she said.</p>","author":["x","y"],"published":"2024-06-04T10:00:00Z"}`)
	f.Add(`{"text":null}`)
	f.Add(`{"published":"yesterday","text":"x"}`)
	if seed, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "seed", "kremlin-drone-2023-05-04.txt")); err == nil {
		line, _ := json.Marshal(map[string]string{"url": "https://example.org/seed", "text": string(seed)})
		f.Add(string(line))
	}
	f.Fuzz(func(t *testing.T, line string) {
		var rec jsonlArticle
		j := ingestJob{name: "fuzz:1", size: int64(len(line))}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			j.record = &jsonlArticle{}
			j.name += ": not a JSON object"
		} else {
			j.record = &rec
		}
		r := processJob(j, map[string]bool{})
		c := crux.New("f", "f")
		sum := &ingestSummary{}
		mergeResult(casebuild.NewBuilder(c), r, sum)
		if sum.Added+sum.Failed+sum.Skipped != 1 {
			t.Fatalf("summary %+v", sum)
		}
		if err := crux.Validate(c); err != nil {
			t.Fatalf("invalid case from %q: %v", line, err)
		}
	})
}

// BenchmarkIngest ingests the PolNeAR dev articles (84 real news articles)
// into a new case: parse, extract, merge, evidence, atomic write.
func BenchmarkIngest(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "polnear", "dev", "text")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		b.Skip("../shared not available")
	}
	var n int64
	for _, f := range files {
		st, _ := os.Stat(f)
		n += st.Size()
	}
	b.SetBytes(n)
	b.ReportAllocs()
	tmp := b.TempDir()
	for b.Loop() {
		casePath := filepath.Join(tmp, "bench.json")
		os.Remove(casePath)
		var out, errb bytes.Buffer
		if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"ingest", casePath, dir}); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
	b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
