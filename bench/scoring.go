package bench

import (
	"context"
	"fmt"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

// runScoring times ach.Score on the synthetic case: with leave-one-out and
// rating-step sensitivity, with leave-one-out only, and with the Monte
// Carlo simulation.
func runScoring(ctx context.Context, cfg *Config) *Scoring {
	s := &Scoring{Hypotheses: cfg.Hypotheses, Evidence: cfg.Evidence, Seed: cfg.Seed, Samples: cfg.Samples}
	cfg.progress("scoring: building the synthetic case (%d × %d, seed %d)", s.Hypotheses, s.Evidence, s.Seed)
	c := SyntheticCase(SynthOptions{Hypotheses: s.Hypotheses, Evidence: s.Evidence, Seed: s.Seed})
	if err := crux.Validate(c); err != nil {
		s.Error = fmt.Sprintf("the synthetic case is invalid (a bench bug): %v", err)
		return s
	}
	var last *ach.Result
	time := func(name string, opts ach.Options) *Timing {
		if s.Error != "" {
			return nil
		}
		cfg.progress("scoring: %s", name)
		t, err := repeat(ctx, cfg.MinDuration, 3, 0, func() error {
			res, err := ach.Score(c, opts)
			last = res
			return err
		})
		if err != nil {
			s.Error = fmt.Sprintf("%s: %v", name, err)
			return nil
		}
		return &t
	}
	s.Sensitivity = time("score with sensitivity", ach.Options{Samples: -1})
	s.Base = time("score with leave-one-out only", ach.Options{Samples: -1, NoSteps: true})
	s.MonteCarlo = time(fmt.Sprintf("score with %d Monte Carlo samples", s.Samples),
		ach.Options{Samples: s.Samples, Seed: s.Seed, NoSteps: true})
	if s.MonteCarlo != nil && s.Base != nil {
		s.MonteCarloOnlyMS = max(0, s.MonteCarlo.MedianMS-s.Base.MedianMS)
	}
	if last != nil {
		s.Leader, s.PLeader = last.Robustness.Leader, last.Robustness.PLeader
	}
	return s
}
