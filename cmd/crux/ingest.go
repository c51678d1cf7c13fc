package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/assistant"
	"github.com/cruxlab/crux/casebuild"
	"github.com/cruxlab/crux/document"
	"github.com/cruxlab/crux/extract"
)

const ingestUsage = `crux ingest: add articles to a case (created if missing)

Usage: crux ingest [flags] CASE.json FILE|DIR... [--jsonl ARCHIVE.jsonl]...

Reads every article (plain text, Markdown or HTML; folders are walked for
.txt, .md, .markdown, .html and .htm files, in name order), extracts who
said what, and merges it into the case:
  - a source already in the case (same bytes, or same URL) is skipped, so
    re-running an ingest is safe and resumes where it stopped; ingesting
    the same article twice leaves the case file unchanged;
  - actors are merged across articles (Dmitry Peskov, Peskov, Kremlin
    spokesman Dmitry Peskov), claims too when they are the same statement
    by the same speaker (trimmed or re-punctuated quotes, elisions,
    translation variants): an echo adds a citation, not evidence;
  - every new claim becomes one evidence item (reliability F, credibility 6
    until an analyst grades it).
Articles are parsed and extracted in parallel (--workers) and merged one
by one in input order, so the result does not depend on scheduling. The
case is written atomically (a temporary file renamed over it).

An archive (--jsonl) has one article per line, as JSON:
  {"url": "...", "title": "...", "outlet": "...", "author": "...",
   "published": "YYYY-MM-DD", "text": "..."}   (or "html": "<html>...")

With --suggest, crux also suggests hypotheses named in the articles
("false flag", "staged by X", "X was behind", ...) and ratings of every
evidence item against them, each with its reason; all stay marked as
suggestions until an analyst confirms them. With --assistant URL (or
CRUX_ASSISTANT_URL) an OpenAI-compatible server (Ollama, llama.cpp) is
asked for more hypotheses and ratings; its answers are validated and
added as suggestions only. CRUX_ASSISTANT_MODEL and CRUX_ASSISTANT_KEY set
the model and the API key.

Examples:
  crux ingest case.json ../shared/corpus/seed/kremlin-drone-2023-05-04.txt
  crux ingest --suggest case.json articles/
  crux ingest --json case.json --jsonl archive.jsonl
`

func init() {
	register(&command{name: "ingest", summary: "add articles (files, folders, JSONL archives) to a case", run: runIngest})
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// ingestSummary is what --json prints.
type ingestSummary struct {
	Case            string           `json:"case"`
	Created         bool             `json:"created"`
	Articles        int              `json:"articles"`
	Added           int              `json:"added"`
	Skipped         int              `json:"skipped"`
	Failed          int              `json:"failed"`
	NewActors       int              `json:"new_actors"`
	MergedActors    int              `json:"merged_actors"`
	NewClaims       int              `json:"new_claims"`
	MergedClaims    int              `json:"merged_claims"`
	Citations       int              `json:"citations"`
	Evidence        int              `json:"evidence_added"`
	Hypotheses      int              `json:"hypotheses_suggested"`
	Ratings         int              `json:"ratings_suggested"`
	Bytes           int64            `json:"bytes"`
	Seconds         float64          `json:"seconds"`
	ArticlesPerSec  float64          `json:"articles_per_second"`
	MBPerSec        float64          `json:"mb_per_second"`
	Written         bool             `json:"written"`
	Errors          []string         `json:"errors,omitempty"`
	Sources         []ingestedSource `json:"sources,omitempty"`
	AssistantErrors []string         `json:"assistant_errors,omitempty"`
}

type ingestedSource struct {
	Input string `json:"input"`
	casebuild.AddReport
}

// ingestJob is one article to read: a file or a line of an archive.
type ingestJob struct {
	idx    int
	name   string // file path, or ARCHIVE:LINE
	data   []byte // file bytes; nil for an archive line
	record *jsonlArticle
	size   int64
}

type ingestResult struct {
	job    ingestJob
	src    *crux.Source
	res    *extract.Result
	err    error
	digest string
}

// jsonlArticle is one line of an archive.
type jsonlArticle struct {
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Outlet    string          `json:"outlet"`
	Author    json.RawMessage `json:"author"` // a string or a list of strings
	Published string          `json:"published"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
}

// maxArticle bounds one article (a file or an archive line).
const maxArticle = 64 << 20

func runIngest(ctx context.Context, e *env, args []string) error {
	fset := newFlags(e, "ingest", ingestUsage)
	var jsonl multiFlag
	fset.Var(&jsonl, "jsonl", "an archive of articles, one JSON object per line (repeatable)")
	asJSON := fset.Bool("json", false, "print the summary as JSON on stdout")
	progress := fset.Bool("progress", false, "show a progress bar on stderr even when it is not a terminal")
	noProgress := fset.Bool("no-progress", false, "never show a progress bar")
	suggest := fset.Bool("suggest", false, "suggest hypotheses and ratings (marked as suggestions)")
	workers := fset.Int("workers", runtime.GOMAXPROCS(0), "articles parsed and extracted in parallel")
	assistantURL := fset.String("assistant", "", "OpenAI-compatible server for suggestions (default $CRUX_ASSISTANT_URL; off when empty)")
	var pos []string
	rest := args
	for {
		if err := parse(fset, rest); err != nil {
			return err
		}
		rest = fset.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		rest = rest[1:]
	}
	if len(pos) == 0 {
		return usagef("ingest: no CASE file given; try 'crux ingest -h'")
	}
	if len(pos) == 1 && len(jsonl) == 0 {
		return usagef("ingest: no articles given after %s; try 'crux ingest -h'", pos[0])
	}
	if *workers < 1 {
		return usagef("ingest: --workers must be at least 1")
	}
	casePath, inputs := pos[0], pos[1:]
	sum := &ingestSummary{Case: casePath}

	// the case
	var c *crux.Case
	orig, err := readFileLimited(casePath, crux.MaxCaseFileSize)
	switch {
	case errors.Is(err, errTooLarge):
		return invalid(fmt.Errorf("%s: %w", casePath, err))
	case errors.Is(err, fs.ErrNotExist):
		base := strings.TrimSuffix(filepath.Base(casePath), filepath.Ext(casePath))
		id := sanitizeID(base)
		c = crux.New(id, base)
		sum.Created = true
	case err != nil:
		return err
	default:
		c, err = crux.Decode(orig)
		if err != nil {
			return invalid(fmt.Errorf("%s: %w", casePath, err))
		}
	}

	var client *assistant.Client
	if *suggest {
		client, err = assistant.FromEnv(*assistantURL)
		if err != nil {
			return usagef("ingest: %v", err)
		}
	} else if *assistantURL != "" {
		return usagef("ingest: --assistant needs --suggest")
	}

	// the list of files (archives are streamed)
	var files []string
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return invalid(fmt.Errorf("ingest: %w", err))
		}
		if !st.IsDir() {
			files = append(files, in)
			continue
		}
		var found []string
		err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != in && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".txt", ".md", ".markdown", ".html", ".htm", ".xhtml":
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return invalid(fmt.Errorf("ingest: %w", err))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	for _, a := range jsonl {
		if _, err := os.Stat(a); err != nil {
			return invalid(fmt.Errorf("ingest: %w", err))
		}
	}
	var total int64 = -1 // unknown with archives until read
	if len(jsonl) == 0 {
		total = int64(len(files))
	}

	b := casebuild.NewBuilder(c)
	// digests and URLs already in the case, read-only for the workers so
	// they can skip known articles without parsing them.
	known := map[string]bool{}
	for _, s := range c.Sources {
		if s.Digest != "" {
			known[s.Digest] = true
		}
	}

	bar := newProgressBar(e.stderr, *progress && !*noProgress || !*noProgress && isTerminal(e.stderr), total)
	start := time.Now()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan ingestJob)
	results := make(chan ingestResult)
	window := make(chan struct{}, 4**workers) // bounds articles in flight
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- processJob(j, known)
			}
		}()
	}
	var prodErr error
	go func() {
		defer close(jobs)
		idx := 0
		send := func(j ingestJob) bool {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			j.idx = idx
			idx++
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, f := range files {
			data, err := readFileLimited(f, maxArticle)
			j := ingestJob{name: f, data: data, size: int64(len(data))}
			if err != nil {
				j.data = nil
				j.record = &jsonlArticle{} // marks a failed read below
				j.name = f + ": " + err.Error()
			}
			if !send(j) {
				return
			}
		}
		for _, a := range jsonl {
			if err := readJSONL(a, send); err != nil {
				prodErr = err
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	// merge in input order
	pending := map[int]ingestResult{}
	next := 0
	var bytesDone int64
	for r := range results {
		pending[r.job.idx] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			sum.Articles++
			bytesDone += r.job.size
			mergeResult(b, r, sum)
			bar.update(int64(sum.Articles), bytesDone, time.Since(start))
		}
	}
	bar.done()
	if prodErr != nil {
		sum.Errors = append(sum.Errors, prodErr.Error())
		sum.Failed++
	}
	interrupted := ctx.Err() != nil

	sum.Evidence = casebuild.EvidenceFromClaims(c)
	if *suggest && !interrupted {
		sum.Hypotheses = casebuild.AddSuggestedHypotheses(c)
		if client != nil {
			sum.AssistantErrors = append(sum.AssistantErrors, askAssistant(ctx, client, c, sum, false)...)
		}
		sum.Ratings = casebuild.SuggestRatings(c, casebuild.DefaultRules())
		if client != nil {
			// the assistant fills only the cells no rule rated
			sum.AssistantErrors = append(sum.AssistantErrors, askAssistant(ctx, client, c, sum, true)...)
		}
	}

	out, err := crux.Encode(c)
	if err != nil {
		return err
	}
	if sum.Created || !bytes.Equal(out, orig) {
		if err := crux.Validate(c); err != nil {
			return fmt.Errorf("ingest: the merged case does not validate (a bug; nothing written): %w", err)
		}
		if err := writeFileAtomic(casePath, out); err != nil {
			return err
		}
		sum.Written = true
	}
	el := time.Since(start).Seconds()
	sum.Seconds = el
	sum.Bytes = bytesDone
	if el > 0 {
		sum.ArticlesPerSec = float64(sum.Articles) / el
		sum.MBPerSec = float64(bytesDone) / 1e6 / el
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printIngestSummary(e.stdout, sum)
	}
	if interrupted {
		return fmt.Errorf("ingest: interrupted after %d articles; what was merged is saved, run the same command again to resume", sum.Articles)
	}
	if sum.Failed > 0 {
		return invalid(fmt.Errorf("ingest: %d of %d articles could not be read (the others were added):\n  %s", sum.Failed, sum.Articles, strings.Join(sum.Errors, "\n  ")))
	}
	return nil
}

func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	id := strings.TrimLeft(b.String(), "-_.")
	if len(id) > 100 {
		id = id[:100]
	}
	if !crux.ValidID(id) {
		return "case"
	}
	return id
}

// readJSONL streams an archive, one job per non-empty line.
func readJSONL(path string, send func(ingestJob) bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), maxArticle)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		name := fmt.Sprintf("%s:%d", path, line)
		var rec jsonlArticle
		j := ingestJob{name: name, size: int64(len(raw))}
		if err := json.Unmarshal(raw, &rec); err != nil {
			j.record = &jsonlArticle{}
			j.name = name + ": not a JSON object: " + err.Error()
		} else {
			j.record = &rec
		}
		if !send(j) {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: line %d: %w", path, line+1, err)
	}
	return nil
}

// processJob parses and extracts one article (in a worker).
func processJob(j ingestJob, known map[string]bool) ingestResult {
	r := ingestResult{job: j}
	if j.data == nil && (j.record == nil || (j.record.Text == nil && j.record.HTML == nil)) {
		if strings.Contains(j.name, ": ") {
			r.err = errors.New(j.name)
		} else {
			r.err = fmt.Errorf("%s: no \"text\" or \"html\" field", j.name)
		}
		return r
	}
	var (
		data []byte
		name = j.name
	)
	if j.data != nil {
		data = j.data
	} else if j.record.HTML != nil {
		data, name = []byte(*j.record.HTML), "article.html"
	} else {
		data, name = []byte(*j.record.Text), "article.txt"
	}
	sum := sha256.Sum256(data)
	r.digest = hex.EncodeToString(sum[:])
	if known[r.digest] {
		return r // already in the case: nothing to do
	}
	src, err := document.Parse(name, data)
	if err != nil {
		if j.data == nil {
			err = fmt.Errorf("%s: %w", j.name, err)
		}
		r.err = err
		return r
	}
	src.Digest = r.digest
	if rec := j.record; rec != nil {
		if err := applyRecord(src, rec); err != nil {
			r.err = fmt.Errorf("%s: %w", j.name, err)
			return r
		}
	}
	r.src = src
	r.res = extract.Extract(src)
	return r
}

// applyRecord puts an archive line's metadata on the parsed source.
func applyRecord(src *crux.Source, rec *jsonlArticle) error {
	if rec.URL != "" {
		src.URL = rec.URL
	}
	if rec.Title != "" {
		src.Title = rec.Title
	}
	if rec.Outlet != "" {
		src.Outlet = rec.Outlet
	}
	if rec.Published != "" {
		d := rec.Published
		if _, err := time.Parse("2006-01-02", d); err != nil {
			t, err2 := time.Parse(time.RFC3339, d)
			if err2 != nil {
				return fmt.Errorf("published %q: want YYYY-MM-DD or RFC 3339", d)
			}
			d = t.UTC().Format("2006-01-02")
		}
		src.Published = d
	}
	if len(rec.Author) > 0 && string(rec.Author) != "null" {
		var one string
		var many []string
		switch {
		case json.Unmarshal(rec.Author, &one) == nil:
			if one != "" {
				src.Authors = []string{one}
			}
		case json.Unmarshal(rec.Author, &many) == nil:
			src.Authors = many
		default:
			return fmt.Errorf("author: want a string or a list of strings")
		}
	}
	return nil
}

// mergeResult adds one processed article to the case (single-threaded).
func mergeResult(b *casebuild.Builder, r ingestResult, sum *ingestSummary) {
	if r.err != nil {
		sum.Failed++
		sum.Errors = append(sum.Errors, r.err.Error())
		return
	}
	if r.src == nil { // known digest
		id, _ := b.HasSource(r.digest, "")
		sum.Skipped++
		sum.Sources = append(sum.Sources, ingestedSource{Input: r.job.name, AddReport: casebuild.AddReport{SourceID: id, Skipped: true, SkipReason: "same digest"}})
		return
	}
	rep, err := b.Add(*r.src, r.res.Actors, r.res.Claims)
	if err != nil {
		sum.Failed++
		sum.Errors = append(sum.Errors, r.job.name+": "+err.Error())
		return
	}
	sum.Sources = append(sum.Sources, ingestedSource{Input: r.job.name, AddReport: rep})
	if rep.Skipped {
		sum.Skipped++
		return
	}
	sum.Added++
	sum.NewActors += rep.NewActors
	sum.MergedActors += rep.MergedActors
	sum.NewClaims += rep.NewClaims
	sum.MergedClaims += rep.MergedClaims
	sum.Citations += rep.Citations
}

// askAssistant asks the configured server for hypotheses and ratings and
// adds what passes validation as suggestions.
func askAssistant(ctx context.Context, cl *assistant.Client, c *crux.Case, sum *ingestSummary, ratings bool) []string {
	if !ratings {
		hs, err := cl.ProposeHypotheses(ctx, c)
		if err != nil {
			return []string{"hypotheses: " + err.Error()}
		}
		sum.Hypotheses += assistant.MergeHypotheses(c, hs)
		return nil
	}
	rs, err := cl.ProposeRatings(ctx, c)
	if err != nil {
		return []string{"ratings: " + err.Error()}
	}
	sum.Ratings += assistant.MergeRatings(c, rs)
	return nil
}

func printIngestSummary(w io.Writer, s *ingestSummary) {
	verb := "updated"
	switch {
	case s.Created:
		verb = "created"
	case !s.Written:
		verb = "unchanged"
	}
	fmt.Fprintf(w, "%s: %s\n", s.Case, verb)
	fmt.Fprintf(w, "  articles:   %d read, %d added, %d already in the case, %d failed\n", s.Articles, s.Added, s.Skipped, s.Failed)
	fmt.Fprintf(w, "  actors:     %d new, %d matched to known actors\n", s.NewActors, s.MergedActors)
	fmt.Fprintf(w, "  claims:     %d new, %d echoes merged into known claims (%d citations)\n", s.NewClaims, s.MergedClaims, s.Citations)
	fmt.Fprintf(w, "  evidence:   %d items added\n", s.Evidence)
	if s.Hypotheses > 0 || s.Ratings > 0 {
		fmt.Fprintf(w, "  suggested:  %d hypotheses, %d ratings (confirm them in the workbench)\n", s.Hypotheses, s.Ratings)
	}
	for _, e := range s.AssistantErrors {
		fmt.Fprintf(w, "  assistant:  %s\n", e)
	}
	fmt.Fprintf(w, "  time:       %.2fs, %.1f articles/s, %.2f MB/s\n", s.Seconds, s.ArticlesPerSec, s.MBPerSec)
}

// ---- progress bar ----

type progressBar struct {
	w     io.Writer
	on    bool
	total int64
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer, on bool, total int64) *progressBar {
	return &progressBar{w: w, on: on, total: total}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progressBar) update(n, bytes int64, el time.Duration) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond && n != p.total {
		return
	}
	p.last = time.Now()
	rate := 0.0
	if s := el.Seconds(); s > 0 {
		rate = float64(n) / s
	}
	mb := float64(bytes) / 1e6
	if p.total > 0 {
		const width = 30
		fill := int(float64(width) * float64(n) / float64(p.total))
		fmt.Fprintf(p.w, "\r[%s%s] %d/%d articles, %.1f MB, %.0f/s ", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), n, p.total, mb, rate)
	} else {
		fmt.Fprintf(p.w, "\r%d articles, %.1f MB, %.0f/s ", n, mb, rate)
	}
	p.drawn = true
}

func (p *progressBar) done() {
	if p.on && p.drawn {
		fmt.Fprintln(p.w)
	}
}
