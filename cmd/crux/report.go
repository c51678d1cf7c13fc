package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/report"
)

const reportUsage = `crux report: "what we know so far", as Markdown or self-contained HTML

Usage: crux report [--format md|html] [--out FILE] [CASE.json]

Writes the report of a case: the event and the question; who claims what,
grouped by speaker with role, date and sources (anonymous sources marked);
the hypotheses ranked with their scores and a robustness figure in ICD 203
words ("likely", "roughly even chance"); the diagnostic evidence; what would
change the conclusion; the noise set aside; the matrix; how the assessment
moved as evidence arrived; the sources with their Admiralty reliability.
Every number links to the evidence and ratings behind it.

HTML is one file with inline CSS (print-ready) and inline SVG charts: no
script, no external asset. Without CASE.json the embedded example case is
reported. CASE.json may be "-" for standard input.

Examples:
  crux report                                    # the example, as Markdown
  crux report --format html --out report.html case.json
  crux report --samples 2000 --seed 7 case.json | less
  crux report --as-of 2023-05-03 case.json       # what was known that day
`

func init() {
	register(&command{name: "report", summary: "write the \"what we know so far\" report (Markdown or HTML)", run: runReport})
}

func runReport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "report", reportUsage)
	format := fs.String("format", "md", "md (Markdown) or html")
	out := fs.String("out", "", "write to this file (atomically) instead of standard output")
	seed := fs.Uint64("seed", 1, "seed of the Monte Carlo simulation (same seed, same figures)")
	samples := fs.Int("samples", ach.DefaultSamples, "Monte Carlo samples; 0 switches the simulation off")
	asOf := fs.String("as-of", "", "report the case as it stood on this date (YYYY-MM-DD): later evidence is left out")
	noTimeline := fs.Bool("no-timeline", false, "leave out the posterior over time (it rescores the case once per evidence date)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("report: want at most one CASE.json, got %d arguments", fs.NArg())
	}
	if *samples < 0 {
		return usagef("report: --samples must be ≥ 0")
	}
	var write func(*bytes.Buffer, *crux.Case, report.Options) error
	switch *format {
	case "md", "markdown":
		write = func(b *bytes.Buffer, c *crux.Case, o report.Options) error { return report.Markdown(b, c, nil, o) }
	case "html":
		write = func(b *bytes.Buffer, c *crux.Case, o report.Options) error { return report.HTML(b, c, nil, o) }
	default:
		return usagef("report: unknown --format %q: want md or html", *format)
	}
	var c *crux.Case
	var err error
	name := examples.Default + " (embedded example)"
	if fs.NArg() == 1 {
		name = fs.Arg(0)
		c, err = loadCaseFile(e, name)
	} else {
		c, err = examples.Load(examples.Default)
	}
	if err != nil {
		return err
	}
	if d := *asOf; d != "" && !ach.ValidAsOf(d) {
		return usagef("report: --as-of %q: want YYYY-MM-DD", d)
	}
	opts := report.Options{Score: ach.Options{Seed: *seed, Samples: *samples, AsOf: *asOf}, NoTimeline: *noTimeline}
	if *samples == 0 {
		opts.Score.Samples = -1
	}
	var buf bytes.Buffer
	if err := write(&buf, c, opts); err != nil {
		return invalid(fmt.Errorf("%s: %w", name, err))
	}
	return writeOutput(e, *out, buf.Bytes())
}
