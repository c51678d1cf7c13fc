package report_test

import (
	"fmt"

	"github.com/cruxlab/crux/report"
)

func ExampleEstimative() {
	for _, p := range []float64{0.03, 0.5, 0.72, 0.97} {
		fmt.Printf("%.0f%%: %s\n", p*100, report.Estimative(p))
	}
	// Output:
	// 3%: almost no chance
	// 50%: roughly even chance
	// 72%: likely
	// 97%: almost certain
}
