package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cruxlab/crux"
)

// reliabilities are the Admiralty source grades the forms offer.
var reliabilities = []crux.Reliability{"A", "B", "C", "D", "E", "F"}

// pageEditSource corrects a source's description (title, outlet,
// authors, date, URL) and grades its reliability; with "apply" the grade
// also goes to the evidence drawn from the claims this source reported
// first, whose reliability came from it.
func (s *Server) pageEditSource(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, ok := s.formVersion(w, r)
	if !ok {
		return
	}
	id := r.PathValue("source")
	f := func(k string) string { return formField(r, k) }
	moved := 0
	_, err := s.edit(r.Context(), rc, v, "edited source "+id, func(c *crux.Case) error {
		var src *crux.Source
		for i := range c.Sources {
			if c.Sources[i].ID == id {
				src = &c.Sources[i]
			}
		}
		if src == nil {
			return &badBody{status: http.StatusNotFound, path: "source", msg: "this case has no source " + strconv.Quote(id)}
		}
		src.Title, src.Outlet, src.Published, src.URL = f("title"), f("outlet"), f("published"), f("url")
		src.Authors = nil
		for _, a := range strings.Split(f("authors"), ",") {
			if a = strings.TrimSpace(a); a != "" {
				src.Authors = append(src.Authors, a)
			}
		}
		src.Reliability = crux.Reliability(f("reliability"))
		if r.PostFormValue("apply") != "" {
			moved = setEvidenceReliability(c, id, src.Reliability)
		}
		return nil
	})
	msg := "Saved " + id + "."
	if moved > 0 {
		msg = fmt.Sprintf("Saved %s; %d evidence items now have its reliability.", id, moved)
	}
	s.formDone(w, r, "/cases/"+url.PathEscape(rc.caseID)+"/sources/"+url.PathEscape(id), msg, err)
}

// pageEditClaim corrects who made a claim and how (speaker, cue class),
// from the sources page: the extractor's most common mistake is the
// speaker. The claim's text and citations stay.
func (s *Server) pageEditClaim(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, ok := s.formVersion(w, r)
	if !ok {
		return
	}
	id := r.PathValue("claim")
	speaker, class := strings.TrimSpace(r.PostFormValue("speaker")), crux.CueClass(r.PostFormValue("cue_class"))
	_, err := s.edit(r.Context(), rc, v, "edited claim "+id, func(c *crux.Case) error {
		for i := range c.Claims {
			if cl := &c.Claims[i]; cl.ID == id {
				cl.SpeakerID, cl.CueClass = speaker, class
				return nil
			}
		}
		return &badBody{status: http.StatusNotFound, path: "claim", msg: "this case has no claim " + strconv.Quote(id)}
	})
	s.formDone(w, r, "/cases/"+url.PathEscape(rc.caseID)+"/sources#claim-"+url.PathEscape(id), "Saved "+id+".", err)
}

// setEvidenceReliability gives reliability rel to the evidence drawn from
// claims whose first citation is source id, and returns how many changed.
func setEvidenceReliability(c *crux.Case, id string, rel crux.Reliability) int {
	first := map[string]bool{}
	for _, cl := range c.Claims {
		if len(cl.Citations) > 0 && cl.Citations[0].SourceID == id {
			first[cl.ID] = true
		}
	}
	n := 0
	for i := range c.Evidence {
		if e := &c.Evidence[i]; first[e.ClaimID] && e.Reliability != rel {
			e.Reliability = rel
			n++
		}
	}
	return n
}
