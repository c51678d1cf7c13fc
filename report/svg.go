package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/cruxlab/crux"
)

// The charts are inline SVG written here, with no dependency. Every piece
// of case text in them goes through esc; every mark links to the anchor of
// the number it draws.

func esc(s string) string { return html.EscapeString(s) }

// palette colours hypotheses (cycled); chosen to stay distinct in print.
var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"}

func hypColour(i int) string { return palette[i%len(palette)] }

// ratingColour gives each rating value its heat-map colour and the text
// colour that reads on it.
func ratingColour(v crux.RatingValue, rated bool) (fill, text string) {
	if !rated {
		return "#ffffff", "#999999"
	}
	switch v {
	case crux.VeryConsistent:
		return "#1a7f37", "#ffffff"
	case crux.Consistent:
		return "#a6dba0", "#000000"
	case crux.Neutral:
		return "#e7e7e7", "#000000"
	case crux.Inconsistent:
		return "#f4a582", "#000000"
	case crux.VeryInconsistent:
		return "#b2182b", "#ffffff"
	case crux.NotApplicable:
		return "#ffffff", "#555555"
	}
	return "#ffffff", "#000000"
}

type svgBuf struct{ strings.Builder }

func (b *svgBuf) f(format string, args ...any) { fmt.Fprintf(&b.Builder, format, args...) }

func svgOpen(b *svgBuf, w, h int, label string) {
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" font-family="sans-serif" font-size="12">`, w, h, w, h, esc(label))
	b.f(`<title>%s</title>`, esc(label))
}

// scoreChart draws two bar charts side by side: the posterior of each
// hypothesis and its weighted inconsistency score.
func scoreChart(hs []hypRow) string {
	const rowH, labelW, barW, gap = 26, 230, 200, 40
	w := labelW + barW + gap + barW + 20
	h := 30 + rowH*len(hs) + 10
	var b svgBuf
	svgOpen(&b, w, h, "Hypothesis scores: posterior probability and weighted inconsistency")
	x2 := labelW + barW + gap
	b.f(`<text x="%d" y="16" font-weight="bold">Posterior</text>`, labelW)
	b.f(`<text x="%d" y="16" font-weight="bold">Weighted inconsistency</text>`, x2)
	worst := 0.0
	for _, hr := range hs {
		worst = math.Min(worst, hr.WeightedInconsistency)
	}
	for i, hr := range hs {
		y := 26 + i*rowH
		b.f(`<a href="#%s"><text x="0" y="%d">%s</text></a>`, esc(hypAnchor(hr.ID)), y+14, esc(shortText(hr.ID+" "+hr.Title, 34)))
		pw := int(math.Round(hr.Posterior * barW))
		b.f(`<a href="#%s"><rect x="%d" y="%d" width="%d" height="18" fill="%s"><title>%s: posterior %s (%s)</title></rect>`,
			esc(hypAnchor(hr.ID)), labelW, y, max(pw, 1), hypColour(i), esc(hr.ID), pct(hr.Posterior), esc(hr.PosteriorWords))
		b.f(`<text x="%d" y="%d">%s</text></a>`, labelW+max(pw, 1)+4, y+14, pct(hr.Posterior))
		iw := 0
		if worst < 0 {
			iw = int(math.Round(hr.WeightedInconsistency / worst * (barW - 50)))
		}
		b.f(`<a href="#%s"><rect x="%d" y="%d" width="%d" height="18" fill="#888888"><title>%s: weighted inconsistency %s</title></rect>`,
			esc(colAnchor(hr.ID)), x2, y, max(iw, 1), esc(hr.ID), num(hr.WeightedInconsistency))
		b.f(`<text x="%d" y="%d">%s</text></a>`, x2+max(iw, 1)+4, y+14, num(hr.WeightedInconsistency))
	}
	b.f(`</svg>`)
	return b.String()
}

// heatMap draws the matrix: one row per evidence item, one column per
// hypothesis, a coloured cell per rating linking to the cell in the table.
func heatMap(m matrix) string {
	const cellW, cellH, labelW, headH = 56, 20, 70, 40
	w := labelW + cellW*len(m.Hypotheses) + 10
	h := headH + cellH*len(m.Rows) + 10
	var b svgBuf
	svgOpen(&b, w, h, "The matrix as a heat map: evidence (rows) against hypotheses (columns)")
	for j, hr := range m.Hypotheses {
		x := labelW + j*cellW
		b.f(`<a href="#%s"><text x="%d" y="%d" text-anchor="middle" font-weight="bold">%s<title>%s</title></text></a>`,
			esc(colAnchor(hr.ID)), x+cellW/2, headH-8, esc(shortText(hr.ID, 8)), esc(hr.ID+": "+hr.Title))
	}
	for i, row := range m.Rows {
		y := headH + i*cellH
		b.f(`<a href="#%s"><text x="0" y="%d">%s<title>%s</title></text></a>`, esc(evAnchor(row.ID)), y+14, esc(shortText(row.ID, 10)), esc(shortText(row.Evidence.Text, 200)))
		for j, c := range row.Ratings {
			x := labelW + j*cellW
			fill, ink := ratingColour(c.Rating.Value, c.Rated)
			label := string(c.Rating.Value)
			if !c.Rated {
				label = "·"
			}
			b.f(`<a href="#%s"><rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff"><title>%s × %s: %s</title></rect><text x="%d" y="%d" text-anchor="middle" fill="%s">%s</text></a>`,
				esc(cellAnchor(c.Evidence, c.Hypothesis)), x, y, cellW, cellH, fill, esc(c.Evidence), esc(c.Hypothesis), esc(label), x+cellW/2, y+14, ink, esc(label))
		}
	}
	b.f(`</svg>`)
	return b.String()
}

// timelineChart draws each hypothesis's posterior as evidence arrived.
func timelineChart(tl *timeline) string {
	const w, h, left, right, top, bottom = 720, 300, 84, 24, 16, 96
	var b svgBuf
	svgOpen(&b, w, h, "Posterior probability of each hypothesis as evidence arrived")
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	x := func(i int) float64 {
		if len(tl.Dates) == 1 {
			return float64(left) + pw/2
		}
		return float64(left) + pw*float64(i)/float64(len(tl.Dates)-1)
	}
	y := func(p float64) float64 { return float64(top) + ph*(1-p) }
	for _, g := range []float64{0, 0.25, 0.5, 0.75, 1} {
		b.f(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`,
			left, y(g), w-right, y(g), left-4, y(g)+4, pct(g))
	}
	step := max(1, len(tl.Dates)/8)
	for i, d := range tl.Dates {
		if i%step == 0 || i == len(tl.Dates)-1 {
			b.f(`<a href="#%s"><text x="%.1f" y="%d" text-anchor="end" transform="rotate(-35 %.1f %d)">%s</text></a>`,
				esc(asOfAnchor(d)), x(i), h-bottom+16, x(i), h-bottom+16, esc(d))
		}
	}
	for j, hr := range tl.Hypotheses {
		var pts []string
		for i := range tl.Dates {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(tl.Posterior[i][j])))
		}
		col := hypColour(j)
		b.f(`<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, col, strings.Join(pts, " "))
		for i, d := range tl.Dates {
			b.f(`<a href="#%s"><circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s as of %s: %s</title></circle></a>`,
				esc(asOfAnchor(d)), x(i), y(tl.Posterior[i][j]), col, esc(hr.ID), esc(d), pct(tl.Posterior[i][j]))
		}
	}
	// legend
	lx := left
	for j, hr := range tl.Hypotheses {
		label := shortText(hr.ID+" "+hr.Title, 24)
		b.f(`<a href="#%s"><rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text></a>`,
			esc(hypAnchor(hr.ID)), lx, h-14, hypColour(j), lx+14, h-5, esc(label))
		lx += 14 + 7*len([]rune(label)) + 12
	}
	b.f(`</svg>`)
	return b.String()
}
