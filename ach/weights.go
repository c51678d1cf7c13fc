package ach

import (
	"fmt"
	"math"

	"github.com/cruxlab/crux"
)

// The PARC ACH 2.0 weights of the three levels.
const (
	WeightLow    = math.Sqrt2 / 2 // 1/√2
	WeightMedium = 1.0
	WeightHigh   = math.Sqrt2
)

// HeuerScore is a rating value's contribution to Heuer's inconsistency
// score: −2 for II, −1 for I, 0 for everything else (CC, C, N, NA, unrated).
func HeuerScore(v crux.RatingValue) float64 {
	switch v {
	case crux.VeryInconsistent:
		return -2
	case crux.Inconsistent:
		return -1
	}
	return 0
}

// DefaultLikelihoods maps a rating value to P(E|H), the probability of
// seeing the evidence if the hypothesis were true. Each value sits in the ICD
// 203 estimative band named in the package documentation.
var DefaultLikelihoods = map[crux.RatingValue]float64{
	crux.VeryConsistent:   0.85,
	crux.Consistent:       0.65,
	crux.Neutral:          0.50,
	crux.Inconsistent:     0.20,
	crux.VeryInconsistent: 0.08,
}

// levelWeight turns a level (−1 low, 0 medium, +1 high) into its weight.
func levelWeight(l int) float64 {
	switch {
	case l < 0:
		return WeightLow
	case l > 0:
		return WeightHigh
	}
	return WeightMedium
}

func levelName(l int) crux.Relevance {
	switch {
	case l < 0:
		return crux.Low
	case l > 0:
		return crux.High
	}
	return crux.Medium
}

func relevanceLevel(r crux.Relevance) int {
	switch r {
	case crux.Low:
		return -1
	case crux.High:
		return 1
	}
	return 0
}

// gradeIndex places an Admiralty grade on a five-step scale 0 (best) .. 4
// (worst); "cannot be judged" (F, 6) sits in the middle (2), ungraded is -1.
func reliabilityIndex(r crux.Reliability) int {
	switch r {
	case "A":
		return 0
	case "B":
		return 1
	case "C", "F":
		return 2
	case "D":
		return 3
	case "E":
		return 4
	}
	return -1
}

func credibilityIndex(c crux.Credibility) int {
	switch c {
	case "1":
		return 0
	case "2":
		return 1
	case "3", "6":
		return 2
	case "4":
		return 3
	case "5":
		return 4
	}
	return -1
}

// truthScale is P(the report is true) per step of the five-step scale.
var truthScale = [5]float64{0.95, 0.85, 0.70, 0.50, 0.30}

// gradeLevel maps a scale index to a credibility level: 0,1 → high (+1),
// 2 → medium, 3,4 → low (−1); ungraded contributes 0.
func gradeLevel(idx int) int {
	switch {
	case idx < 0:
		return 0
	case idx <= 1:
		return 1
	case idx == 2:
		return 0
	}
	return -1
}

// CredibilityLevel maps an evidence item's Admiralty grades onto PARC's
// three credibility levels (−1 low, 0 medium, +1 high): each grade
// contributes +1 (A, B; 1, 2), 0 (C, F; 3, 6; ungraded) or −1 (D, E; 4, 5)
// and the sum is clamped to [−1, 1].
func CredibilityLevel(r crux.Reliability, c crux.Credibility) int {
	return max(-1, min(1, gradeLevel(reliabilityIndex(r))+gradeLevel(credibilityIndex(c))))
}

// CredibilityWeight is the PARC weight of CredibilityLevel.
func CredibilityWeight(r crux.Reliability, c crux.Credibility) float64 {
	return levelWeight(CredibilityLevel(r, c))
}

// RelevanceWeight is the PARC weight of a relevance (Medium when unset).
func RelevanceWeight(r crux.Relevance) float64 { return levelWeight(relevanceLevel(r)) }

// TruthProbability is r, the probability that a report graded (r, c) is
// true: the product of the reliability and credibility factors (each 1 when
// ungraded), see the package documentation.
func TruthProbability(r crux.Reliability, c crux.Credibility) float64 {
	return truthAt(reliabilityIndex(r), credibilityIndex(c), 0)
}

// truthAt is TruthProbability with both grades shifted by u steps (clamped
// to the scale); ungraded scales do not move.
func truthAt(ri, ci, u int) float64 {
	p := 1.0
	if ri >= 0 {
		p *= truthScale[max(0, min(4, ri+u))]
	}
	if ci >= 0 {
		p *= truthScale[max(0, min(4, ci+u))]
	}
	return p
}

// likelihoodTable merges overrides into DefaultLikelihoods and checks them.
func likelihoodTable(over map[crux.RatingValue]float64) (map[crux.RatingValue]float64, error) {
	t := make(map[crux.RatingValue]float64, len(DefaultLikelihoods))
	for k, v := range DefaultLikelihoods {
		t[k] = v
	}
	for k, v := range over {
		if _, ok := DefaultLikelihoods[k]; !ok {
			return nil, fmt.Errorf("ach: likelihoods: no default for rating %q (want CC, C, N, I or II)", k)
		}
		if math.IsNaN(v) || v <= 0 || v > 1 {
			return nil, fmt.Errorf("ach: likelihoods.%s: %v outside (0, 1]", k, v)
		}
		t[k] = v
	}
	return t, nil
}
