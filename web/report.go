package web

import (
	"bytes"
	"net/http"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/report"
)

func (s *Server) pageReport(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "report")
	if !ok {
		return
	}
	p.Data = map[string]any{"Framed": true}
	s.render(w, r, http.StatusOK, "report", p)
}

// reportHTML serves the printable report of package report ("what we know
// so far"), computed once per case version. It carries its styles inline
// and no script, under a CSP that allows exactly that.
func (s *Server) reportHTML(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	e, err := s.caseEntry(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v, err := s.derive(e, "report.html", func(c *crux.Case) (any, error) {
		var res *ach.Result
		if sp := s.scoresPanel(r, e); sp.Result != nil {
			res = sp.Result
		}
		var buf bytes.Buffer
		err := report.HTML(&buf, c, res, report.Options{Score: scoreOpts("")})
		return buf.Bytes(), err
	})
	if err != nil {
		s.renderError(w, r, http.StatusUnprocessableEntity, "The report cannot be made: "+err.Error())
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", reportPolicy)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", etag(e.v))
	w.Write(v.([]byte))
}
