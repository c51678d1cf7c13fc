package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/cruxlab/crux/extract"
)

const evalUsage = `crux eval: measure attribution extraction on a PolNeAR-style corpus

Usage: crux eval [--split dev] [--corpus DIR] [--json]

Runs the extractor over every article of DIR/SPLIT/text/NAME.txt, scores the
attributions against DIR/SPLIT/attributions/NAME_ANNOTATOR.ann (the first
annotator of each article) and prints precision, recall and F1 for content
strict, content soft (character-overlap F >= 0.5) and whole attributions
(soft content and an overlapping source), with the rules of the reference
scorer ../shared/tools/brat_score.py, plus the extraction speed in MB/s.

Examples:
  crux eval                          # dev split of ../shared/corpus/polnear
  crux eval --split train            # the split rules are tuned on
  crux eval --corpus /data/polnear --json
`

type evalReport struct {
	Corpus    string  `json:"corpus"`
	Split     string  `json:"split"`
	Articles  int     `json:"articles"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Strict    prf     `json:"content_strict"`
	Soft      prf     `json:"content_soft"`
	Attr      prf     `json:"attribution"`
	Bytes     int     `json:"bytes"`
	Seconds   float64 `json:"extract_seconds"`
	MBps      float64 `json:"mb_per_s"`
}

type prf struct {
	P  float64 `json:"precision"`
	R  float64 `json:"recall"`
	F1 float64 `json:"f1"`
}

func init() {
	register(&command{name: "eval", summary: "score extraction against a PolNeAR-style corpus (P/R/F1, MB/s)", run: runEval})
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", evalUsage)
	split := fs.String("split", "dev", "corpus split to score (a folder of the corpus)")
	corpus := fs.String("corpus", "../shared/corpus/polnear", "PolNeAR-style corpus folder")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("eval takes no arguments, got %q", fs.Arg(0))
	}
	base := filepath.Join(*corpus, *split)
	adir, tdir := filepath.Join(base, "attributions"), filepath.Join(base, "text")
	ents, err := os.ReadDir(adir)
	if err != nil {
		return invalid(fmt.Errorf("eval: %w (want DIR/SPLIT/attributions and DIR/SPLIT/text)", err))
	}
	var names []string
	for _, d := range ents {
		names = append(names, d.Name())
	}
	files := extract.GoldFiles(names)
	if len(files) == 0 {
		return invalid(fmt.Errorf("eval: no NAME_ANNOTATOR.ann files in %s", adir))
	}
	arts := make([]string, 0, len(files))
	for n := range files {
		arts = append(arts, n)
	}
	sort.Strings(arts)
	var tot extract.Counts
	var nbytes int
	texts := make([][]byte, 0, len(arts))
	for _, n := range arts {
		if err := ctx.Err(); err != nil {
			return err
		}
		text, err := os.ReadFile(filepath.Join(tdir, n+".txt"))
		if err != nil {
			return invalid(fmt.Errorf("eval: %w", err))
		}
		gold, err := os.ReadFile(filepath.Join(adir, files[n]))
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		c, err := extract.EvaluateOne(extract.Article{Name: n, Text: text, Gold: gold})
		if err != nil {
			return fmt.Errorf("eval: %s: %w", n, err)
		}
		tot.Add(c)
		nbytes += len(text)
		texts = append(texts, text)
	}
	// Speed of extraction alone, over the same texts already in memory.
	t0 := time.Now()
	for _, text := range texts {
		extractOnly(text)
	}
	secs := time.Since(t0).Seconds()
	rep := evalReport{Corpus: *corpus, Split: *split, Articles: len(arts), Gold: tot.Gold, Predicted: tot.Pred, Bytes: nbytes, Seconds: secs}
	for _, x := range []struct {
		hits int
		dst  *prf
	}{{tot.Strict, &rep.Strict}, {tot.Soft, &rep.Soft}, {tot.Attr, &rep.Attr}} {
		x.dst.P, x.dst.R, x.dst.F1 = tot.PRF(x.hits)
	}
	if secs > 0 {
		rep.MBps = float64(nbytes) / 1e6 / secs
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(e.stdout, "%s/%s: articles %d  gold %d  predicted %d\n", *corpus, *split, rep.Articles, rep.Gold, rep.Predicted)
	for _, x := range []struct {
		label string
		v     prf
	}{{"content strict", rep.Strict}, {"content soft", rep.Soft}, {"attribution (content soft + source)", rep.Attr}} {
		fmt.Fprintf(e.stdout, "%-40s P %.3f  R %.3f  F1 %.3f\n", x.label, x.v.P, x.v.R, x.v.F1)
	}
	fmt.Fprintf(e.stdout, "extraction speed %.1f MB/s (%d bytes in %.3fs)\n", rep.MBps, nbytes, secs)
	return nil
}
