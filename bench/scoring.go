package bench

import (
	"context"
	"fmt"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

// runScoring times the scoring engine on the synthetic case: ach.Score as
// a whole (with and without the Monte Carlo simulation), then its parts
// through the lower-level API: building the matrix, the sensitivity
// analysis (leave-one-out and one-step rating moves) and the Monte Carlo
// robustness simulation alone.
func runScoring(ctx context.Context, cfg *Config) *Scoring {
	s := &Scoring{Hypotheses: cfg.Hypotheses, Evidence: cfg.Evidence, Seed: cfg.Seed, Samples: cfg.Samples}
	cfg.progress("scoring: building the synthetic case (%d × %d, seed %d)", s.Hypotheses, s.Evidence, s.Seed)
	c := SyntheticCase(SynthOptions{Hypotheses: s.Hypotheses, Evidence: s.Evidence, Seed: s.Seed})
	if err := crux.Validate(c); err != nil {
		s.Error = fmt.Sprintf("the synthetic case is invalid (a bench bug): %v", err)
		return s
	}
	measure := func(name string, fn func() error) *Timing {
		if s.Error != "" {
			return nil
		}
		cfg.progress("scoring: %s", name)
		t, err := repeat(ctx, cfg.MinDuration, 3, 0, fn)
		if err != nil {
			s.Error = fmt.Sprintf("%s: %v", name, err)
			return nil
		}
		return &t
	}
	var last *ach.Result
	s.Full = measure(fmt.Sprintf("ach.Score with %d Monte Carlo samples", s.Samples), func() error {
		res, err := ach.Score(c, ach.Options{Samples: s.Samples, Seed: s.Seed})
		last = res
		return err
	})
	s.ScoreSensitivity = measure("ach.Score without Monte Carlo", func() error {
		_, err := ach.Score(c, ach.Options{Samples: -1})
		return err
	})
	s.ScoreLOO = measure("ach.Score, leave-one-out only", func() error {
		_, err := ach.Score(c, ach.Options{Samples: -1, NoSteps: true})
		return err
	})
	var m *ach.Matrix
	s.NewMatrix = measure("ach.NewMatrix", func() (err error) {
		m, err = ach.NewMatrix(c, ach.Options{})
		return err
	})
	if m != nil {
		s.Sensitivity = measure("Matrix.Sensitivity", func() error {
			if len(m.Sensitivity(true)) == 0 {
				return fmt.Errorf("no sensitivity rows")
			}
			return nil
		})
		s.MonteCarlo = measure(fmt.Sprintf("Matrix.Robustness, %d samples", s.Samples), func() error {
			post, _, _ := m.Robustness(s.Samples, s.Seed)
			if len(post) == 0 {
				return fmt.Errorf("no robustness figures")
			}
			return nil
		})
	}
	if last != nil {
		s.Leader, s.PLeader, s.Exact = last.Robustness.Leader, last.Robustness.PLeader, last.Robustness.Exact
	}
	return s
}
