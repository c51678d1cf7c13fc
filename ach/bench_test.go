package ach

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/cputime"
)

// randomCase builds a case of h hypotheses and e evidence items with ratings
// drawn from the scale, Admiralty grades and relevance drawn at random, and
// one item in ten in a dependence group of up to five.
func randomCase(h, e int, seed uint64) *crux.Case {
	rng := rand.New(rand.NewPCG(seed, 42))
	c := crux.New("bench", "bench")
	for k := 0; k < h; k++ {
		c.Hypotheses = append(c.Hypotheses, crux.Hypothesis{ID: fmt.Sprintf("H%d", k+1), Title: fmt.Sprintf("hypothesis %d", k+1), Status: crux.Accepted})
	}
	rel := []crux.Reliability{"A", "B", "C", "D", "E", "F", ""}
	cred := []crux.Credibility{"1", "2", "3", "4", "5", "6", ""}
	relev := []crux.Relevance{crux.Low, crux.Medium, crux.High, ""}
	vals := []crux.RatingValue{crux.VeryConsistent, crux.Consistent, crux.Neutral, crux.Neutral, crux.Inconsistent, crux.VeryInconsistent, crux.NotApplicable}
	for i := 0; i < e; i++ {
		ev := crux.Evidence{ID: fmt.Sprintf("E%d", i+1), Text: "item", Kind: crux.Fact,
			Reliability: rel[rng.IntN(len(rel))], Credibility: cred[rng.IntN(len(cred))], Relevance: relev[rng.IntN(len(relev))],
			Ratings: make(map[string]crux.Rating, h)}
		if rng.IntN(10) == 0 {
			ev.Group = fmt.Sprintf("g%d", rng.IntN(e/50+1))
		}
		for k := 0; k < h; k++ {
			ev.Ratings[c.Hypotheses[k].ID] = crux.Rating{Value: vals[rng.IntN(len(vals))]}
		}
		c.Evidence = append(c.Evidence, ev)
	}
	return c
}

const benchH, benchE = 100, 10000

// benchCells reports allocations and sets the benchmark's bytes to its
// cells, so that MB/s reads as millions of cells per second.
func benchCells(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(benchH * benchE))
}

// benchMatrix builds the matrix of the benchmark case, outside the timing.
func benchMatrix(b *testing.B) *Matrix {
	b.Helper()
	m, err := NewMatrix(randomCase(benchH, benchE, 1), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchCells(b)
	return m
}

// BenchmarkScoreLeaveOneOut: build the matrix from the case, Heuer scores,
// posterior, diagnosticity and leave-one-out sensitivity of every item (no
// rating steps, no Monte Carlo).
func BenchmarkScoreLeaveOneOut(b *testing.B) {
	c := randomCase(benchH, benchE, 1)
	benchCells(b)
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		if _, err := Score(c, Options{Samples: -1, NoSteps: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatrixLeaveOneOut is the same from an already built matrix.
func BenchmarkMatrixLeaveOneOut(b *testing.B) {
	m := benchMatrix(b)
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		m.Score(Options{Samples: -1, NoSteps: true})
	}
}

// BenchmarkSteps: leave-one-out plus every one-step move of every cell
// (2·H·E = 2 000 000 moves).
func BenchmarkSteps(b *testing.B) {
	m := benchMatrix(b)
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		m.Sensitivity(true)
	}
}

// BenchmarkMonteCarlo: 10 000 samples of both simulations (posterior and
// weighted inconsistency) on 100 × 10 000.
func BenchmarkMonteCarlo(b *testing.B) {
	m := benchMatrix(b)
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		m.Robustness(10000, 1)
	}
}

// reportCPU adds the CPU time per operation (cpu-ms/op): on a machine
// shared with other work, wall time (ns/op) overstates the cost.
func reportCPU(b *testing.B, start time.Duration) {
	if start > 0 && b.N > 0 {
		b.ReportMetric(float64(cputime.Process()-start)/float64(b.N)/float64(time.Millisecond), "cpu-ms/op")
	}
}

// BenchmarkScoreAll: everything Score does on 100 × 10 000 from the case:
// matrix, scores, leave-one-out, one-step moves, 10 000 Monte Carlo samples
// of both simulations, explanations.
func BenchmarkScoreAll(b *testing.B) {
	c := randomCase(benchH, benchE, 1)
	benchCells(b)
	defer reportCPU(b, cputime.Process())
	for b.Loop() {
		if _, err := Score(c, Options{Samples: 10000}); err != nil {
			b.Fatal(err)
		}
	}
}
