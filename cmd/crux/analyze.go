package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/casebuild"
	"github.com/cruxlab/crux/document"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/extract"
)

const analyzeUsage = `crux analyze: read articles and show the whole analysis at once.

Usage: crux analyze [--json] [FILE...]

Reads each FILE (plain text, Markdown or HTML; "-" reads standard input),
extracts every attributed statement, suggests the competing hypotheses the
articles name, drafts a matrix with suggested ratings and scores it. With no
FILE it shows the embedded example case (the Kremlin drone strike of 3 May
2023). Suggested hypotheses and ratings are crux's proposals, marked as such:
review them with 'crux serve' before relying on the scores.

Examples:
  crux analyze                                   # the embedded example case
  crux analyze article.md other.html             # two articles, one case
  crux analyze --json article.txt > case.json    # the case file, for crux score / report / serve
  curl -s https://example.org/story | crux analyze -
`

func init() {
	register(&command{name: "analyze", summary: "read articles and print claims, hypotheses, matrix and scores", run: runAnalyze})
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "analyze", analyzeUsage)
	asJSON := fs.Bool("json", false, "print the case file (JSON) instead of the readable analysis")
	samples := fs.Int("samples", 2000, "Monte Carlo samples for the robustness figure")
	if err := parse(fs, args); err != nil {
		return err
	}
	var c *crux.Case
	if fs.NArg() == 0 {
		c = examples.KremlinDrone()
	} else {
		var err error
		if c, err = analyzeFiles(ctx, e, fs.Args()); err != nil {
			return err
		}
	}
	if *asJSON {
		b, err := crux.Encode(c)
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(b)
		return err
	}
	sc := scorable(c)
	var res *ach.Result
	if len(sc.Hypotheses) > 0 {
		var err error
		if res, err = ach.Score(sc, ach.Options{Samples: *samples}); err != nil {
			return invalid(err)
		}
	}
	return printAnalysis(e.stdout, c, res)
}

// readArticle reads one article ("-" is standard input), refusing
// directories and files over document.MaxSize before reading them.
func readArticle(e *env, path string) ([]byte, error) {
	if path != "-" {
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			return nil, usagef("%s is a directory (use crux ingest for folders)", path)
		}
	}
	return readInput(e, path, document.MaxSize)
}

// analyzeFiles builds a case from articles: parse, extract, merge,
// suggest hypotheses, draw evidence and suggest ratings.
func analyzeFiles(ctx context.Context, e *env, paths []string) (*crux.Case, error) {
	c := crux.New("analysis", "")
	b := casebuild.NewBuilder(c)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := readArticle(e, p)
		if err != nil {
			return nil, err
		}
		name := p
		if p == "-" {
			name = "stdin"
		}
		src, err := document.Parse(name, data)
		if err != nil {
			return nil, invalid(fmt.Errorf("%s: %w", p, err))
		}
		src.ID = "S1" // replaced by the builder's case-wide ID
		res := extract.Extract(src)
		if _, err := b.Add(*src, res.Actors, res.Claims); err != nil {
			return nil, invalid(fmt.Errorf("%s: %w", p, err))
		}
	}
	c = b.Case()
	if len(c.Sources) > 0 {
		c.Title = c.Sources[0].Title
		if c.Title == "" {
			c.Title = filepath.Base(paths[0])
		}
	}
	casebuild.AddSuggestedHypotheses(c)
	casebuild.EvidenceFromClaims(c)
	casebuild.SuggestRatings(c, casebuild.DefaultRules())
	return c, nil
}

// scorable returns the case with suggested hypotheses taken on, so that a
// first draft can be scored; the case itself keeps them as suggestions.
func scorable(c *crux.Case) *crux.Case {
	cp := *c
	cp.Hypotheses = make([]crux.Hypothesis, 0, len(c.Hypotheses))
	for _, h := range c.Hypotheses {
		switch h.Status {
		case crux.Rejected:
			continue
		case crux.Suggested:
			h.Status = crux.Accepted
		}
		cp.Hypotheses = append(cp.Hypotheses, h)
	}
	return &cp
}

// printAnalysis writes the readable analysis; res is nil when the case has
// no hypotheses to score.
func printAnalysis(w io.Writer, c *crux.Case, res *ach.Result) error {
	p := &printer{w: w}
	p.line("%s", c.Title)
	if c.Question != "" {
		p.line("%s", c.Question)
	}
	for _, s := range c.Sources {
		meta := []string{}
		for _, v := range []string{s.Outlet, strings.Join(s.Authors, ", "), s.Published} {
			if v != "" {
				meta = append(meta, v)
			}
		}
		p.line("\n[%s] %s", s.ID, orDash(s.Title))
		if len(meta) > 0 {
			p.line("     %s", strings.Join(meta, " · "))
		}
		if s.URL != "" {
			p.line("     %s", s.URL)
		}
		if s.Text != "" {
			p.line("     %d paragraphs, %d links", len(s.Paragraphs), len(s.Links))
		}
	}

	actors := c.ActorsByID()
	bySpeaker := map[string][]crux.Claim{}
	var order []string
	for _, cl := range c.Claims {
		if _, ok := bySpeaker[cl.SpeakerID]; !ok {
			order = append(order, cl.SpeakerID)
		}
		bySpeaker[cl.SpeakerID] = append(bySpeaker[cl.SpeakerID], cl)
	}
	p.line("\nWHO SAID WHAT: %d statements by %d speakers", len(c.Claims), len(order))
	for _, id := range order {
		a := actors[id]
		p.line("\n  %s%s", a.Name, actorSuffix(a))
		for _, cl := range bySpeaker[id] {
			cites := len(cl.Citations)
			extra := ""
			if cites > 1 {
				extra = fmt.Sprintf(" (%d sources)", cites)
			}
			p.line("    %-7s %-8s %s%s", cl.CueClass, cl.Mode, clipText(cl.Text, 110), extra)
		}
	}

	p.line("\nHYPOTHESES")
	for _, h := range c.Hypotheses {
		status := ""
		if h.Status == crux.Suggested {
			status = "  (suggested)"
		}
		p.line("  %-4s %s%s", h.ID, h.Title, status)
		for i, ps := range h.Passages {
			if i == 2 {
				p.line("         … and %d more passages", len(h.Passages)-2)
				break
			}
			if txt := passageText(c, ps); txt != "" {
				p.line("         from: %s", clipText(txt, 100))
			}
		}
	}

	if res == nil {
		p.line("  none found: the articles name no explanation. Add hypotheses with 'crux serve' or in the case file.")
		return p.err
	}
	scored := res.Hypotheses
	p.line("\nMATRIX (rows: evidence; * = suggested rating)")
	hdr := fmt.Sprintf("  %-5s %-48s", "", "")
	for _, h := range scored {
		hdr += fmt.Sprintf(" %-4s", h.ID)
	}
	p.line("%s", hdr)
	for _, ev := range c.Evidence {
		row := fmt.Sprintf("  %-5s %-48s", ev.ID, clipText(ev.Text, 48))
		for _, h := range scored {
			r := ev.Ratings[h.ID]
			v := string(r.Value)
			if v == "" {
				v = "·"
			}
			if r.Suggested {
				v += "*"
			}
			row += fmt.Sprintf(" %-4s", v)
		}
		p.line("%s", row)
	}

	p.line("\nSCORES")
	p.line("  %-4s %-30s %9s %9s %10s %8s", "rank", "hypothesis", "posterior", "P(first)", "weighted", "Heuer")
	byID := map[string]ach.HypothesisScore{}
	for _, h := range scored {
		byID[h.ID] = h
	}
	for _, id := range res.Ranking {
		h := byID[id]
		p.line("  %-4d %-30s %8.1f%% %8.1f%% %10.2f %8.0f", h.Rank, clipText(h.ID+" "+h.Title, 30),
			100*h.Posterior, 100*h.PFirst, h.WeightedInconsistency, h.Inconsistency)
	}
	p.line("\n%s", res.Explanations.Ranking)
	if len(res.Explanations.Decisive) > 0 {
		p.line("\nWhat decides it:")
		for _, s := range res.Explanations.Decisive {
			p.line("  - %s", s)
		}
	}
	if res.Explanations.Robustness != "" {
		p.line("\n%s", res.Explanations.Robustness)
	}
	if n := len(res.Explanations.Noise); n > 0 {
		p.line("\nSet aside (%d items consistent with every hypothesis: they do not help decide).", n)
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func actorSuffix(a crux.Actor) string {
	var parts []string
	if a.Kind == crux.Anonymous {
		parts = append(parts, "anonymous")
	}
	if a.Role != "" {
		parts = append(parts, a.Role)
	}
	if a.Affiliation != "" {
		parts = append(parts, a.Affiliation)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func passageText(c *crux.Case, ct crux.Citation) string {
	for _, s := range c.Sources {
		if s.ID == ct.SourceID && ct.Content.Start >= 0 && ct.Content.End <= len(s.Text) && ct.Content.Start < ct.Content.End {
			return s.Text[ct.Content.Start:ct.Content.End]
		}
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
