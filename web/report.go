package web

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/cruxlab/crux"
)

// reportRenderer renders a case's self-contained HTML report ("what we
// know so far"). It is the report package's renderer when that is linked
// in (see report_pkg.go); the fallback below draws a short summary.
var reportRenderer func(c *crux.Case) ([]byte, error)

var fallbackReport = template.Must(template.New("r").Funcs(funcs).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Case.Title}} · report</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;color:#222}td,th{padding:2px 8px;text-align:left}.num{text-align:right}</style></head>
<body><h1>{{.Case.Title}}</h1>{{with .Case.Question}}<p><em>{{.}}</em></p>{{end}}{{with .Case.Description}}<p>{{.}}</p>{{end}}
{{with .Result}}<h2>Hypotheses</h2><p>{{.Explanations.Ranking}}</p>
<table><tr><th>Hypothesis</th><th>Posterior</th><th>Weighted inconsistency</th></tr>
{{range .Hypotheses}}<tr><td>{{.Title}}</td><td class="num">{{pct .Posterior}}</td><td class="num">{{f2 .WeightedInconsistency}}</td></tr>{{end}}</table>
<p>{{.Explanations.Robustness}}</p>{{with .Explanations.Decisive}}<h2>Decisive evidence</h2><ul>{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{with .Explanations.Noise}}<h2>Set aside</h2><ul>{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}{{end}}
{{with .Err}}<p>Scores unavailable: {{.}}</p>{{end}}
<h2>Sources</h2><ul>{{range .Case.Sources}}<li>{{.Outlet}}{{with .Title}}: {{.}}{{end}}{{with .Published}} ({{.}}){{end}}{{with .Reliability}}, reliability {{.}}{{end}}</li>{{end}}</ul>
</body></html>`))

func (s *Server) pageReport(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, e, ok := s.casePage(w, r, rc, "report")
	if !ok {
		return
	}
	p.Data = map[string]any{"Framed": reportRenderer != nil, "Scores": s.scoresPanel(r, e)}
	s.render(w, r, http.StatusOK, "report", p)
}

// reportHTML serves the printable report. It carries its styles inline and
// no script, under a CSP that allows exactly that.
func (s *Server) reportHTML(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	e, err := s.caseEntry(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := s.derive(e, "report.html", func(c *crux.Case) (any, error) {
		if reportRenderer != nil {
			return reportRenderer(c)
		}
		d := map[string]any{"Case": c}
		if sp := s.scoresPanel(r, e); sp.Result != nil {
			d["Result"] = sp.Result
		} else {
			d["Err"] = sp.Err
		}
		var buf bytes.Buffer
		err := fallbackReport.Execute(&buf, d)
		return buf.Bytes(), err
	})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", reportPolicy)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", etag(e.v))
	w.Write(v.([]byte))
}
