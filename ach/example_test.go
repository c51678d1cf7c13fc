package ach_test

import (
	"fmt"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

func ExampleScore() {
	c := crux.New("example", "Who did it?")
	c.Hypotheses = []crux.Hypothesis{
		{ID: "H1", Title: "the butler", Status: crux.Accepted},
		{ID: "H2", Title: "the gardener", Status: crux.Accepted},
	}
	c.Evidence = []crux.Evidence{
		{ID: "E1", Text: "mud on the carpet", Kind: crux.Fact, Reliability: "B", Credibility: "2",
			Ratings: map[string]crux.Rating{"H1": {Value: crux.Inconsistent}, "H2": {Value: crux.Consistent}}},
		{ID: "E2", Text: "the door was locked from inside", Kind: crux.Fact,
			Ratings: map[string]crux.Rating{"H1": {Value: crux.Consistent}, "H2": {Value: crux.Consistent}}},
	}
	res, err := ach.Score(c, ach.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range res.Hypotheses {
		fmt.Printf("%s rank %d: posterior %.3f, inconsistency %v\n", h.ID, h.Rank, h.Posterior, h.Inconsistency)
	}
	fmt.Println(res.Evidence[1].Note)
	fmt.Println(res.Explanations.Decisive[0])
	// E1 is graded B2: r = .85·.85 = .7225, mean likelihood (.2 + .65)/2 = .425,
	// L′ = .7225·L + .2775·.425: H1 .2624, H2 .5876 → .309 and .691.

	// Output:
	// H1 rank 2: posterior 0.309, inconsistency -1
	// H2 rank 1: posterior 0.691, inconsistency 0
	// consistent with every hypothesis: does not help decide
	// Removing E1 (mud on the carpet) would leave H1 and H2 tied for first.
}
