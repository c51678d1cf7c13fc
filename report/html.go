package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
)

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": pct, "num": num, "short": shortText, "capitalise": capitalise,
	"hypAnchor": hypAnchor, "evAnchor": evAnchor, "cellAnchor": cellAnchor, "claimAnchor": claimAnchor,
	"sourceAnchor": sourceAnchor, "colAnchor": colAnchor, "asOfAnchor": asOfAnchor, "actorAnchor": actorAnchor,
	"join": strings.Join, "needsQuoteMarks": needsQuoteMarks,
	"likelihood": func(l *float64) string {
		if l == nil {
			return ""
		}
		return fmt.Sprintf("%.2f", *l)
	},
	"safeURL": func(s string) bool { return mdURL(s) != "" },
	"grades":  grades,
	"ratingClass": func(c cell) string {
		if !c.Rated {
			return "r-none"
		}
		return "r-" + string(c.Rating.Value)
	},
	"cellTitle": func(c cell) string {
		s := c.Evidence + " × " + c.Hypothesis
		if !c.Rated {
			return s + ": unrated"
		}
		s += ": " + string(c.Rating.Value)
		if c.Rating.Likelihood != nil {
			s += fmt.Sprintf(", likelihood %.2f", *c.Rating.Likelihood)
		}
		if c.Rating.Suggested {
			s += ", suggested by crux"
		}
		if c.Rating.Analyst != "" {
			s += ", by " + c.Rating.Analyst
		}
		if c.Rating.Reason != "" {
			s += ". " + c.Rating.Reason
		}
		return s
	},
}).Parse(htmlSource))

type htmlView struct {
	*view
	Title                              string
	ScoreChart, HeatMap, TimelineChart template.HTML
}

// HTML writes the report of c as one self-contained HTML page: inline CSS
// with a print stylesheet, inline SVG charts (hypothesis scores, the matrix
// as a heat map, the posterior over time), no script, no external asset
// (a Content-Security-Policy forbids loading any). All case text is escaped
// by html/template; the charts are built by this package, which escapes the
// text it puts in them. Anchors are those of Markdown.
func HTML(w io.Writer, c *crux.Case, r *ach.Result, opts Options) error {
	v, err := buildView(c, r, opts)
	if err != nil {
		return err
	}
	hv := htmlView{view: v, Title: c.Title}
	if strings.TrimSpace(hv.Title) == "" {
		hv.Title = "Untitled case"
	}
	if len(v.Ranked) > 0 {
		// The SVG is generated here with every text escaped (esc), so it is
		// safe to insert as HTML.
		hv.ScoreChart = template.HTML(scoreChart(v.Ranked))
		hv.HeatMap = template.HTML(heatMap(v.Matrix))
	}
	if v.Timeline != nil && len(v.Timeline.Dates) > 0 {
		hv.TimelineChart = template.HTML(timelineChart(v.Timeline))
	}
	return htmlTemplate.Execute(w, hv)
}
