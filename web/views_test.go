package web

import (
	"testing"

	"github.com/cruxlab/crux"
)

func TestTimeline(t *testing.T) {
	c := testCase(t)
	// E3 loses its own date and takes its claim's (2024-03-02); E4 has
	// none at all
	c.Evidence[2].Date = ""
	c.Evidence[3].Date, c.Evidence[3].ClaimID, c.Evidence[3].Kind = "", "", crux.Fact
	tl, err := buildTimeline(c)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, p := range tl.Points {
		dates = append(dates, p.Date)
		sum := 0.0
		for _, v := range p.Posterior {
			sum += v
		}
		if sum < 0.999 || sum > 1.001 {
			t.Errorf("%s: posteriors sum to %v", p.Date, sum)
		}
	}
	if len(dates) != 2 || dates[0] != "2024-03-01" || dates[1] != "2024-03-02" {
		t.Fatalf("dates %v", dates)
	}
	if tl.Undated != 1 {
		t.Errorf("undated %d, want 1", tl.Undated)
	}
	// undated items count from the start: E1, E2 and E4 on the first day
	if tl.Points[0].Evidence != 3 || tl.Points[1].Evidence != 4 {
		t.Errorf("items per point %d, %d; want 3, 4", tl.Points[0].Evidence, tl.Points[1].Evidence)
	}
	if len(tl.Hypotheses) != 3 {
		t.Errorf("%d hypotheses", len(tl.Hypotheses))
	}
	ch := timelineChart(tl)
	if len(ch.Lines) != 3 || len(ch.XTicks) != 2 || ch.Empty {
		t.Errorf("chart: %d lines, %d ticks", len(ch.Lines), len(ch.XTicks))
	}
}
