package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/document"
	"github.com/cruxlab/crux/extract"
)

// runExtraction times extract.Extract over the articles' texts on one
// goroutine, repeated for at least cfg.MinDuration, and scores one pass with
// the extract package's own evaluation (extract.Evaluate: the rules of
// ../shared/tools/brat_score.py). Extract is timed on the raw text, exactly
// as it is scored, so offsets hold.
func runExtraction(ctx context.Context, cfg *Config, arts []Article) *ToolRun {
	run := &ToolRun{Tool: "crux", Version: buildVersion(), Articles: len(arts)}
	srcs := make([]*crux.Source, len(arts))
	for i, a := range arts {
		run.Bytes += int64(len(a.Text))
		srcs[i] = &crux.Source{ID: "s1", Text: string(a.Text)}
	}
	cfg.progress("extraction: timing extract.Extract over %d texts (%.3f MB) for ≥ %v", len(arts), float64(run.Bytes)/1e6, cfg.MinDuration)
	found := 0
	tm, err := repeat(ctx, cfg.MinDuration, 1, 0, func() error {
		found = 0
		for _, s := range srcs {
			found += len(extract.Extract(s).Attributions)
		}
		return nil
	})
	if err != nil {
		run.Error = err.Error()
		return run
	}
	run.Passes, run.Seconds, run.Found = tm.Runs, tm.TotalS, found
	run.MBPerS = float64(run.Bytes) * float64(tm.Runs) / 1e6 / tm.TotalS
	setCPU(run, tm)
	if run.Bytes > 0 {
		run.AllocsPerKB = tm.AllocsPerRun / (float64(run.Bytes) / 1000)
	}
	run.Note = fmt.Sprintf("extract.Extract on the raw text, one goroutine, GOMAXPROCS %d; %.0f allocs/KB", runtime.GOMAXPROCS(0), run.AllocsPerKB)

	cfg.progress("extraction: scoring against the gold attributions")
	eas := make([]extract.Article, 0, len(arts))
	for _, a := range arts {
		gold, err := readGold(a)
		if err != nil {
			run.Error = err.Error()
			return run
		}
		eas = append(eas, extract.Article{Name: a.Name, Text: a.Text, Gold: gold})
	}
	counts, err := extract.Evaluate(eas)
	if err != nil {
		run.Error = fmt.Sprintf("extract.Evaluate: %v", err)
		return run
	}
	run.Scores = scoresOf(counts, len(arts))
	return run
}

// scoreBrat scores brat predictions (article name → .ann bytes) against the
// articles' gold files with the extract package's scorer (extract.ReadBrat
// and extract.Score, as extract.EvaluateOne does for crux's own output).
func scoreBrat(arts []Article, preds map[string][]byte) (*Scores, error) {
	var tot extract.Counts
	for _, a := range arts {
		gb, err := readGold(a)
		if err != nil {
			return nil, err
		}
		gold, err := extract.ReadBrat(bytes.NewReader(gb))
		if err != nil {
			return nil, fmt.Errorf("%s: gold: %v", a.Name, err)
		}
		pred, err := extract.ReadBrat(bytes.NewReader(preds[a.Name]))
		if err != nil {
			return nil, fmt.Errorf("%s: prediction: %v", a.Name, err)
		}
		text := []rune(strings.ToValidUTF8(string(a.Text), "\uFFFD"))
		tot.Add(extract.Score(text, gold, pred))
	}
	return scoresOf(tot, len(arts)), nil
}

func readGold(a Article) ([]byte, error) {
	if a.GoldPath == "" {
		return nil, fmt.Errorf("corpus: %s has no gold attributions file", a.Name)
	}
	b, err := os.ReadFile(a.GoldPath)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return b, nil
}

func scoresOf(c extract.Counts, articles int) *Scores {
	prf := func(hits int) PRF {
		p, r, f := c.PRF(hits)
		return PRF{Precision: p, Recall: r, F1: f, Hits: hits}
	}
	return &Scores{Articles: articles, Gold: c.Gold, Predicted: c.Pred,
		ContentStrict: prf(c.Strict), ContentSoft: prf(c.Soft), Attribution: prf(c.Attr)}
}

// runSeedExtraction times document.Parse and extract.Extract over the
// files of a folder of articles without gold annotations (the seed
// article): speed only.
func runSeedExtraction(ctx context.Context, cfg *Config, dir string) *ToolRun {
	run := &ToolRun{Tool: "crux (" + filepath.Base(dir) + ")", Version: buildVersion()}
	ents, err := os.ReadDir(dir)
	if err != nil {
		run.Error = err.Error()
		return run
	}
	type doc struct {
		name string
		data []byte
	}
	var docs []doc
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			run.Error = err.Error()
			return run
		}
		docs = append(docs, doc{e.Name(), b})
		run.Bytes += int64(len(b))
	}
	if len(docs) == 0 {
		run.Skipped = "no articles in " + dir
		return run
	}
	run.Articles = len(docs)
	cfg.progress("extraction: timing document.Parse + extract.Extract over %s", dir)
	found := 0
	tm, err := repeat(ctx, cfg.MinDuration, 1, 0, func() error {
		found = 0
		for _, d := range docs {
			src, err := document.Parse(d.name, d.data)
			if err != nil {
				return err
			}
			found += len(extract.Extract(src).Attributions)
		}
		return nil
	})
	if err != nil {
		run.Error = err.Error()
		return run
	}
	run.Passes, run.Seconds, run.Found = tm.Runs, tm.TotalS, found
	run.MBPerS = float64(run.Bytes) * float64(tm.Runs) / 1e6 / tm.TotalS
	setCPU(run, tm)
	run.AllocsPerKB = tm.AllocsPerRun / (float64(run.Bytes) / 1000)
	run.Note = "document.Parse + extract.Extract; no gold annotations, so speed only"
	return run
}

// setCPU fills in the CPU-time figures of a run from its timing.
func setCPU(run *ToolRun, tm Timing) {
	if tm.CPUPerRunMS <= 0 {
		return
	}
	run.CPUSeconds = tm.CPUPerRunMS * float64(tm.Runs) / 1000
	run.MBPerCPUS = float64(run.Bytes) * float64(tm.Runs) / 1e6 / run.CPUSeconds
}
