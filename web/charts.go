package web

import (
	"fmt"
	"math"
	"strings"

	"github.com/cruxlab/crux/ach"
)

// The charts are SVG drawn by the templates from the geometry computed
// here; every label goes through html/template, so a hypothesis title can
// hold anything.

// barChart is a horizontal bar chart, one bar per hypothesis.
type barChart struct {
	Width, Height int
	LabelWidth    int
	Bars          []bar
	Axis          string // what the bars measure
}

type bar struct {
	Label     string
	ID        string
	Value     string // as printed
	Y, W      int    // bar top and width in pixels
	TextY     int
	ValueX    int
	Class     string
	Rank      int
	Catchall  bool
	Negative  bool
	BarHeight int
}

const (
	chartWidth = 560
	labelWidth = 200
	barHeight  = 22
	barGap     = 8
)

func barGeometry(n int) (height int) { return n*(barHeight+barGap) + barGap }

// posteriorBars draws each hypothesis's posterior probability.
func posteriorBars(res *ach.Result) barChart {
	c := barChart{Width: chartWidth, LabelWidth: labelWidth, Axis: "posterior probability", Height: barGeometry(len(res.Hypotheses))}
	span := chartWidth - labelWidth - 60
	for i, h := range res.Hypotheses {
		w := int(math.Round(h.Posterior * float64(span)))
		y := barGap + i*(barHeight+barGap)
		c.Bars = append(c.Bars, bar{Label: h.Title, ID: h.ID, Value: fmt.Sprintf("%.1f%%", 100*h.Posterior),
			Y: y, W: max(w, 1), TextY: y + barHeight/2 + 5, ValueX: labelWidth + max(w, 1) + 6,
			Class: fmt.Sprintf("s%d", i%8), Rank: h.Rank, Catchall: h.Catchall, BarHeight: barHeight})
	}
	return c
}

// heuerBars draws each hypothesis's weighted inconsistency (0 or less: the
// longer the bar, the more evidence speaks against it).
func heuerBars(res *ach.Result) barChart {
	c := barChart{Width: chartWidth, LabelWidth: labelWidth, Axis: "weighted inconsistency (Heuer)", Height: barGeometry(len(res.Hypotheses))}
	worst := 0.0
	for _, h := range res.Hypotheses {
		worst = math.Max(worst, -h.WeightedInconsistency)
	}
	span := float64(chartWidth - labelWidth - 60)
	for i, h := range res.Hypotheses {
		w := 1
		if worst > 0 {
			w = max(1, int(math.Round(-h.WeightedInconsistency/worst*span)))
		}
		y := barGap + i*(barHeight+barGap)
		c.Bars = append(c.Bars, bar{Label: h.Title, ID: h.ID, Value: fmt.Sprintf("%.2f", h.WeightedInconsistency),
			Y: y, W: w, TextY: y + barHeight/2 + 5, ValueX: labelWidth + w + 6, Class: "neg",
			Rank: h.HeuerRank, Negative: true, BarHeight: barHeight})
	}
	return c
}

// lineChart is the timeline: one polyline per hypothesis.
type lineChart struct {
	Width, Height    int
	Left, Top        int
	PlotW, PlotH     int
	Lines            []line
	XTicks, YTicks   []tick
	Legend           []legendItem
	Bottom           int
	Empty            bool
	LegendY, LegendH int
}

type line struct {
	Points string // "x,y x,y ..."
	Dots   []dot
	Class  string
	Label  string
}

type dot struct {
	X, Y  int
	Title string
}

type tick struct {
	Pos   int
	Label string
}

type legendItem struct {
	X, Y  int
	Class string
	Label string
}

func timelineChart(t *Timeline) lineChart {
	c := lineChart{Width: 720, Left: 50, Top: 16, PlotW: 610, PlotH: 260}
	c.Bottom = c.Top + c.PlotH
	n := len(t.Points)
	if n == 0 {
		c.Empty = true
		c.Height = 40
		return c
	}
	x := func(i int) int {
		if n == 1 {
			return c.Left + c.PlotW/2
		}
		return c.Left + i*c.PlotW/(n-1)
	}
	y := func(p float64) int { return c.Top + int(math.Round((1-p)*float64(c.PlotH))) }
	for i, p := range t.Points {
		if n <= 12 || i%((n+11)/12) == 0 {
			c.XTicks = append(c.XTicks, tick{x(i), p.Date})
		}
	}
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		c.YTicks = append(c.YTicks, tick{y(p), fmt.Sprintf("%.0f%%", 100*p)})
	}
	for k, h := range t.Hypotheses {
		l := line{Class: fmt.Sprintf("s%d", k%8), Label: h.Title}
		var pts []string
		for i, p := range t.Points {
			px, py := x(i), y(p.Posterior[h.ID])
			pts = append(pts, fmt.Sprintf("%d,%d", px, py))
			l.Dots = append(l.Dots, dot{px, py, fmt.Sprintf("%s, %s: %.1f%% (%d items)", h.Title, p.Date, 100*p.Posterior[h.ID], p.Evidence)})
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	c.LegendY = c.Bottom + 44
	for k, h := range t.Hypotheses {
		c.Legend = append(c.Legend, legendItem{X: c.Left + (k%3)*220, Y: c.LegendY + (k/3)*20, Class: fmt.Sprintf("s%d", k%8), Label: h.Title})
	}
	c.Height = c.LegendY + ((len(t.Hypotheses)+2)/3)*20 + 10
	return c
}
