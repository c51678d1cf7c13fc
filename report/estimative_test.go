package report

import (
	"math"
	"testing"
)

func TestEstimative(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{
		{0, "almost no chance"}, {0.01, "almost no chance"}, {0.0499, "almost no chance"},
		{0.05, "very unlikely"}, {0.12, "very unlikely"}, {0.1999, "very unlikely"},
		{0.20, "unlikely"}, {0.30, "unlikely"}, {0.4499, "unlikely"},
		{0.45, "roughly even chance"}, {0.50, "roughly even chance"}, {0.55, "roughly even chance"},
		{0.5501, "likely"}, {0.70, "likely"}, {0.80, "likely"},
		{0.8001, "very likely"}, {0.90, "very likely"}, {0.95, "very likely"},
		{0.9501, "almost certain"}, {0.99, "almost certain"}, {1, "almost certain"},
		{-0.1, ""}, {1.1, ""}, {math.NaN(), ""},
	}
	for _, tt := range tests {
		if got := Estimative(tt.p); got != tt.want {
			t.Errorf("Estimative(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

// The words are mirror images around 50%.
func TestEstimativeSymmetric(t *testing.T) {
	mirror := map[string]string{
		"almost no chance": "almost certain", "very unlikely": "very likely", "unlikely": "likely",
		"roughly even chance": "roughly even chance", "likely": "unlikely", "very likely": "very unlikely", "almost certain": "almost no chance",
	}
	for i := 0; i <= 1000; i++ {
		p := float64(i) / 1000
		if got, want := Estimative(1-p), mirror[Estimative(p)]; got != want {
			// 1-p in floating point can land a hair off a band edge.
			if q := math.Round((1-p)*1000) / 1000; Estimative(q) != want {
				t.Errorf("Estimative(%v) = %q but Estimative(%v) = %q", p, Estimative(p), 1-p, got)
			}
		}
	}
}
