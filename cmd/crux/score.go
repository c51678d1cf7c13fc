package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

const scoreUsage = `crux score: score an ACH case: Heuer's inconsistency, posterior, sensitivity, robustness

Usage: crux score [flags] CASE.json

Reads a crux case file ("-" for standard input) and prints the ranking of the
hypotheses, the decisive evidence (removing it, or moving one of its ratings
one step, would change which explanation comes first), the evidence that
does not help decide, and a Monte Carlo robustness figure, each explained in
a sentence. --json prints every number instead.

Examples:
  crux score examples/kremlin-drone-2023/case.json
  crux score --as-of 2023-05-03 case.json       # as it stood that day
  crux score --json --samples 2000 --seed 7 case.json | jq .robustness
`

func init() {
	register(&command{name: "score", summary: "score a case: rankings, decisive evidence, robustness", run: runScore})
}

func runScore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "score", scoreUsage)
	asJSON := fs.Bool("json", false, "print the full result as JSON")
	seed := fs.Uint64("seed", 1, "seed of the Monte Carlo simulation (same seed, same figures)")
	samples := fs.Int("samples", ach.DefaultSamples, "Monte Carlo samples; 0 switches the simulation off")
	asOf := fs.String("as-of", "", "score the case as it stood on this date (YYYY-MM-DD): later evidence is left out")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("score: want exactly one CASE.json, got %d arguments", fs.NArg())
	}
	if *samples < 0 {
		return usagef("score: --samples must be ≥ 0")
	}
	if *asOf != "" && !ach.ValidAsOf(*asOf) {
		return usagef("score: --as-of %q: want YYYY-MM-DD", *asOf)
	}
	c, err := loadCaseFile(e, fs.Arg(0))
	if err != nil {
		return err
	}
	opts := ach.Options{AsOf: *asOf, Seed: *seed, Samples: *samples}
	if *samples == 0 {
		opts.Samples = -1
	}
	res, err := ach.Score(c, opts)
	if err != nil {
		return invalid(fmt.Errorf("%s: %w", fs.Arg(0), err))
	}
	if *asJSON {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(append(b, '\n'))
		return err
	}
	return writeScore(e.stdout, c, res)
}

// signed writes a margin with its sign, and 0 for what rounds to 0.
func signed(x float64) string {
	if math.Abs(x) < 0.005 {
		return "0"
	}
	return fmt.Sprintf("%+.2f", x)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func second(ids []string) string {
	if len(ids) < 2 {
		return "-"
	}
	return ids[1]
}

// writeScore prints the human report.
func writeScore(w io.Writer, c *crux.Case, res *ach.Result) error {
	b := &strings.Builder{}
	title := c.Title
	if title == "" {
		title = c.ID
	}
	fmt.Fprintf(b, "%s\n", oneLine(title))
	if c.Question != "" {
		fmt.Fprintf(b, "Question: %s\n", oneLine(c.Question))
	}
	fmt.Fprintf(b, "%s, %s in %s", plural(len(res.Hypotheses), "hypothesis", "hypotheses"),
		plural(len(res.Evidence), "evidence item", "evidence items"), plural(res.Groups, "independent group", "independent groups"))
	if res.AsOf != "" {
		fmt.Fprintf(b, ", as of %s (%d later items left out)", res.AsOf, res.Excluded)
	}
	b.WriteString(".\n\n")

	b.WriteString("RANKING\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\thypothesis\tposterior\tP(first)\tinconsistency\tweighted\tHeuer rank\t")
	byID := map[string]ach.HypothesisScore{}
	for _, h := range res.Hypotheses {
		byID[h.ID] = h
	}
	for _, id := range res.Ranking {
		h := byID[id]
		pf := "-"
		if res.Robustness.Samples > 0 {
			pf = fmt.Sprintf("%.1f%% ±%.1f", 100*h.PFirst, 100*h.PFirstSE)
		}
		fmt.Fprintf(tw, "%d\t%s %s\t%.1f%%\t%s\t%.0f\t%.2f\t%d\t\n", h.Rank, h.ID, clipText(h.Title, 40), 100*h.Posterior, pf, h.Inconsistency, h.WeightedInconsistency, h.HeuerRank)
	}
	tw.Flush()
	fmt.Fprintf(b, "\n%s\n", wrap(res.Explanations.Ranking, 100))
	if res.Explanations.Lead != "" {
		fmt.Fprintf(b, "%s\n", wrap(res.Explanations.Lead, 100))
	}
	b.WriteString("\n")

	b.WriteString("DECISIVE EVIDENCE\n")
	if len(res.Explanations.Decisive) == 0 {
		b.WriteString(wrap("No single item, removed or re-rated one step, would bring another explanation to the top.", 100) + "\n")
	}
	for _, s := range res.Explanations.Decisive {
		fmt.Fprintf(b, "%s\n", wrapIndent(s, 100))
	}
	b.WriteString("\n")

	b.WriteString("EVIDENCE\n")
	tw = tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "item\tdiagnosticity\tcred.\trel.\tr\tgroup\tlead %s/%s\tif removed\t\n", res.Ranking[0], second(res.Ranking))
	for _, ev := range res.Evidence {
		grp := "-"
		if ev.GroupSize > 1 {
			grp = fmt.Sprintf("%s (%d)", ev.Group, ev.GroupSize)
		}
		eff := "no change"
		switch {
		case ev.Removed.PosteriorLeaderChanged:
			eff = strings.Join(ev.Removed.PosteriorLeaders, "=") + " first"
		case ev.Removed.HeuerLeaderChanged:
			eff = strings.Join(ev.Removed.HeuerLeaders, "=") + " first (Heuer)"
		case ev.Removed.PosteriorRankingChanged || ev.Removed.HeuerRankingChanged:
			eff = "reorders lower places"
		}
		diag := fmt.Sprintf("%.2f", ev.Diagnosticity)
		if ev.NonDiagnostic {
			diag = "0 (none)"
		}
		mark := ""
		if ev.Linchpin {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%.2f\t%.2f\t%.2f\t%s\t%s\t%s\t\n", ev.ID, mark, diag, ev.CredibilityWeight, ev.RelevanceWeight, ev.TruthProbability, grp, signed(ev.Margin), eff)
	}
	tw.Flush()
	b.WriteString("(* linchpin: removing it or moving one of its ratings one step changes who comes first;\n lead: how much the item widens the leader's lead over the runner-up, in log odds)\n\n")

	if len(res.Explanations.Noise) > 0 {
		b.WriteString("SET ASIDE\n")
		for _, s := range res.Explanations.Noise {
			fmt.Fprintf(b, "%s\n", wrapIndent(s, 100))
		}
		b.WriteString("\n")
	}
	b.WriteString("ROBUSTNESS\n")
	fmt.Fprintf(b, "%s\n", wrap(res.Explanations.Robustness, 100))
	if r := res.Robustness; r.Samples > 0 {
		note := fmt.Sprintf("(seed %d; Heuer's weighted score puts %s first in %.1f%% ±%.1f of the variations, shared first places counted as shares", r.Seed, r.HeuerLeader, 100*r.HeuerPLeader, 100*r.HeuerPLeaderSE)
		if !r.Exact {
			note += "; light groups summed as a Gaussian"
		}
		b.WriteString(wrap(note+")", 100) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine makes untrusted text safe for a terminal line: control characters
// (escape sequences included) become spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)), " ")
}

func clipText(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func wrap(s string, width int) string { return wrapPrefix(oneLine(s), width, "") }

func wrapIndent(s string, width int) string { return "- " + wrapPrefix(oneLine(s), width-2, "  ") }

func wrapPrefix(s string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		l := len([]rune(w))
		if i > 0 && n+1+l > width {
			b.WriteString("\n" + indent)
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
}
