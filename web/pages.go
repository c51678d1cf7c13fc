package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/ach"
	"github.com/cruxlab/crux/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the page templates; each is parsed with layout.html.
var pageNames = []string{"cases", "login", "account", "matrix", "source", "sources", "actors", "timeline", "report", "disagreement", "history", "access", "error"}

var funcs = template.FuncMap{
	"pct": func(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" },
	"f2":  func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
	"ratingClass": func(v crux.RatingValue) string {
		if v == crux.Unrated {
			return "r-none"
		}
		return "r-" + string(v)
	},
	"ratingLabel": func(v crux.RatingValue) string {
		if v == crux.Unrated {
			return "·"
		}
		return string(v)
	},
	"rating": func(e crux.Evidence, h string) crux.Rating { return e.Ratings[h] },
	"time":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"add":    func(a, b int) int { return a + b },
	"reliabilityLabel": func(r crux.Reliability) string {
		return crux.ReliabilityLabels[r]
	},
	"credibilityLabel": func(c crux.Credibility) string { return crux.CredibilityLabels[c] },
	"json":             func(b []byte) string { return string(b) },
}

var pages = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, n := range pageNames {
		m[n] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", "templates/"+n+".html"))
	}
	return m
}()

// page is what every template receives.
type page struct {
	Title   string
	CSRF    string
	User    *principal
	Admin   bool
	Case    *crux.Case
	Version store.Version
	Role    store.Role
	Tab     string
	Flash   string
	Data    any
}

func (p *page) CanEdit() bool   { return p.Role.CanEdit() }
func (p *page) CanManage() bool { return p.Role.CanManage() }

// flashFrom shows the message a form's redirect carries (?msg=), unless
// it is longer than limit bytes (then it was not ours).
func (p *page) flashFrom(r *http.Request, limit int) {
	if m := r.URL.Query().Get("msg"); len(m) <= limit {
		p.Flash = m
	}
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, p *page) {
	p.CSRF = s.ensureCSRF(w, r)
	p.User = who(r)
	p.Admin = s.isAdmin(p.User)
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("template", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, r, code, "error", &page{Title: http.StatusText(code), Data: map[string]any{"Code": code, "Message": msg}})
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg, _ := s.httpStatus(r, err)
	if code == http.StatusNotFound {
		msg = "There is no such page, or you have no access to it."
	}
	s.renderError(w, r, code, msg)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath keeps a redirect target on this site.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) registerPages() {
	sub, _ := fs.Sub(staticFS, "static")
	static := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	s.mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		static.ServeHTTP(w, r)
	}))
	pg := func(method, pattern string, need access, h func(http.ResponseWriter, *http.Request, *reqCtx)) {
		s.mux.HandleFunc(method+" "+pattern, s.wrap(route{method: method, pattern: pattern, need: need, h: h}, true))
	}
	pg("GET", "/{$}", public, s.pageCases)
	pg("POST", "/cases", login, s.pageNewCase)
	pg("GET", "/login", public, s.pageLogin)
	pg("POST", "/login", public, s.pageLoginPost)
	pg("POST", "/logout", public, s.pageLogout)
	pg("GET", "/account", login, s.pageAccount)
	pg("POST", "/account/tokens", login, s.pageNewToken)
	pg("POST", "/account/tokens/{token}/revoke", login, s.pageRevokeToken)
	pg("POST", "/account/users", admin, s.pageNewUser)
	pg("GET", "/cases/{case}", canRead, s.pageMatrix)
	pg("GET", "/cases/{case}/panel/scores", canRead, s.panelScores)
	pg("GET", "/cases/{case}/sources", canRead, s.pageSources)
	pg("GET", "/cases/{case}/sources/{source}", canRead, s.pageSource)
	pg("POST", "/cases/{case}/sources/{source}", canEdit, s.pageEditSource)
	pg("POST", "/cases/{case}/claims/{claim}", canEdit, s.pageEditClaim)
	pg("GET", "/cases/{case}/actors", canRead, s.pageActors)
	pg("POST", "/cases/{case}/actors/merge", canEdit, s.pageMergeActors)
	pg("POST", "/cases/{case}/actors/{id}", canEdit, s.pageEditActor)
	pg("POST", "/cases/{case}/actors/{id}/split", canEdit, s.pageSplitActor)
	pg("GET", "/cases/{case}/timeline", canRead, s.pageTimeline)
	pg("GET", "/cases/{case}/report", canRead, s.pageReport)
	pg("GET", "/cases/{case}/report.html", canRead, s.reportHTML)
	pg("GET", "/cases/{case}/disagreement", canRead, s.pageDisagreement)
	pg("GET", "/cases/{case}/history", canRead, s.pageHistory)
	pg("POST", "/cases/{case}/restore", canEdit, s.pageRestore)
	pg("GET", "/cases/{case}/access", canRead, s.pageAccess)
	pg("POST", "/cases/{case}/access", canMng, s.pageAccessPost)
	pg("GET", "/cases/{case}/export.json", canRead, s.exportJSON)
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
}

// ---- case list, login ----------------------------------------------------

func (s *Server) pageCases(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	l, err := s.listCases(r.Context(), rc.p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "cases", &page{Title: "Cases", Data: l})
}

func (s *Server) pageNewCase(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	title := strings.TrimSpace(r.PostFormValue("title"))
	if title == "" || len(title) > 500 || !utf8.ValidString(title) {
		s.renderError(w, r, http.StatusUnprocessableEntity, "A case needs a title of at most 500 characters.")
		return
	}
	c := crux.New("", title)
	c.Question = strings.TrimSpace(r.PostFormValue("question"))
	c.Sources, c.Actors, c.Claims, c.Hypotheses, c.Evidence = []crux.Source{}, []crux.Actor{}, []crux.Claim{}, []crux.Hypothesis{}, []crux.Evidence{}
	if _, err := s.st.CreateCase(r.Context(), c, rc.p.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(c.ID), http.StatusSeeOther)
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	s.render(w, r, http.StatusOK, "login", &page{Title: "Sign in", Data: map[string]string{"Next": localPath(r.URL.Query().Get("next"))}})
}

func (s *Server) pageLoginPost(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	name, pw := r.PostFormValue("user"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	u, code := s.checkLogin(w, r, name, pw)
	if code == http.StatusTooManyRequests {
		return
	}
	if code != 0 {
		s.render(w, r, http.StatusUnauthorized, "login", &page{Title: "Sign in", Flash: "Wrong user name or password.",
			Data: map[string]string{"Next": next, "User": name}})
		return
	}
	tok := randomToken(32)
	if err := s.st.CreateSession(r.Context(), u.ID, hashToken(tok), time.Now().Add(s.opts.SessionTTL)); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(sessCookie, tok, int(s.opts.SessionTTL.Seconds())))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) pageLogout(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	if rc.p.session != "" {
		s.st.DeleteSession(r.Context(), rc.p.session)
		s.auth.drop("s" + rc.p.session)
	}
	http.SetCookie(w, s.cookie(sessCookie, "", -1))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// ---- the case pages ------------------------------------------------------

func (s *Server) casePage(w http.ResponseWriter, r *http.Request, rc *reqCtx, tab string) (*page, *cacheEntry, bool) {
	e, err := s.caseEntry(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return nil, nil, false
	}
	return &page{Title: e.c.Title, Case: e.c, Version: e.v, Role: rc.role, Tab: tab}, e, true
}

// matrixData is the matrix page: the evidence in display order and the
// scores.
type matrixData struct {
	Evidence []crux.Evidence
	Hyps     []crux.Hypothesis
	Diag     map[string]ach.EvidenceScore
	Sort     string
	Scores   *scoresPanel
	Values   []crux.RatingValue
	// for the forms
	ClaimSource   map[string]string // claim ID → the source of its first citation
	Suggested     []crux.Hypothesis
	Reliabilities []crux.Reliability
	Credibilities []crux.Credibility
}

func (s *Server) pageMatrix(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, e, ok := s.casePage(w, r, rc, "matrix")
	if !ok {
		return
	}
	d := &matrixData{Evidence: e.c.Evidence, Hyps: e.c.Hypotheses, Diag: map[string]ach.EvidenceScore{},
		Sort: r.URL.Query().Get("sort"), Values: crux.RatingValues}
	d.Scores = s.scoresPanel(r, e)
	for _, h := range e.c.Hypotheses {
		if !h.Scored() {
			d.Suggested = append(d.Suggested, h)
		}
	}
	d.ClaimSource = map[string]string{}
	for _, cl := range e.c.Claims {
		if len(cl.Citations) > 0 {
			d.ClaimSource[cl.ID] = cl.Citations[0].SourceID
		}
	}
	d.Reliabilities = reliabilities
	d.Credibilities = []crux.Credibility{"1", "2", "3", "4", "5", "6"}
	if d.Scores.Result != nil {
		for _, es := range d.Scores.Result.Evidence {
			d.Diag[es.ID] = es
		}
	}
	if d.Sort == "diagnosticity" {
		d.Evidence = append([]crux.Evidence(nil), e.c.Evidence...)
		sort.SliceStable(d.Evidence, func(i, j int) bool {
			return d.Diag[d.Evidence[i].ID].Diagnosticity > d.Diag[d.Evidence[j].ID].Diagnosticity
		})
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "matrix", p)
}

// scoresPanel is the scores part of the matrix page, also served alone so
// the editor can refresh it after a rating.
type scoresPanel struct {
	Result    *ach.Result
	Err       string
	Bars      barChart
	Heuer     barChart
	Linchpins []ach.EvidenceScore
	Diag      []ach.EvidenceScore
	CaseID    string
}

func (s *Server) scoresPanel(r *http.Request, e *cacheEntry) *scoresPanel {
	sp := &scoresPanel{CaseID: e.c.ID}
	res, err := s.entryScores(e)
	if err != nil {
		sp.Err = err.Error()
		return sp
	}
	sp.Result = res
	sp.Bars = posteriorBars(res)
	sp.Heuer = heuerBars(res)
	for _, es := range res.Evidence {
		if es.Linchpin {
			sp.Linchpins = append(sp.Linchpins, es)
		}
	}
	sp.Diag = append([]ach.EvidenceScore(nil), res.Evidence...)
	sort.SliceStable(sp.Diag, func(i, j int) bool { return sp.Diag[i].Diagnosticity > sp.Diag[j].Diagnosticity })
	return sp
}

func (s *Server) panelScores(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	e, err := s.caseEntry(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := pages["matrix"].ExecuteTemplate(&buf, "scores", s.scoresPanel(r, e)); err != nil {
		s.log.Error("template", "page", "scores", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", etag(e.v))
	w.Write(buf.Bytes())
}

func (s *Server) pageSources(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "sources")
	if !ok {
		return
	}
	actors := p.Case.ActorsByID()
	type claimRow struct {
		crux.Claim
		Speaker crux.Actor
	}
	var claims []claimRow
	for _, c := range p.Case.Claims {
		claims = append(claims, claimRow{c, actors[c.SpeakerID]})
	}
	p.Data = map[string]any{"Claims": claims, "CueClasses": crux.CueClasses}
	p.flashFrom(r, 300)
	s.render(w, r, http.StatusOK, "sources", p)
}

// segment is a run of a source's text, inside the content of the listed
// claims (none: plain text).
type segment struct {
	Text   string
	Claims []string
}

// ClaimList joins the claim IDs for a data attribute.
func (g segment) ClaimList() string { return strings.Join(g.Claims, " ") }

// segments cuts text at every boundary of the given claim spans so that
// each run can be marked with the claims covering it. Offsets are moved
// back to rune boundaries, and spans outside the text are clamped.
func segments(text string, spans map[string][]crux.Span) []segment {
	fix := func(i int) int {
		i = max(0, min(i, len(text)))
		for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
			i--
		}
		return i
	}
	cuts := map[int]bool{0: true, len(text): true}
	type span struct {
		id         string
		start, end int
	}
	var all []span
	for id, l := range spans {
		for _, sp := range l {
			a, b := fix(sp.Start), fix(sp.End)
			if b <= a {
				continue
			}
			cuts[a], cuts[b] = true, true
			all = append(all, span{id, a, b})
		}
	}
	pts := make([]int, 0, len(cuts))
	for k := range cuts {
		pts = append(pts, k)
	}
	sort.Ints(pts)
	var out []segment
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		var ids []string
		for _, sp := range all {
			if sp.start <= a && b <= sp.end {
				ids = append(ids, sp.id)
			}
		}
		sort.Strings(ids)
		ids = dedup(ids)
		out = append(out, segment{Text: text[a:b], Claims: ids})
	}
	return out
}

func dedup(l []string) []string {
	out := l[:0]
	for i, x := range l {
		if i == 0 || x != l[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func (s *Server) pageSource(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "sources")
	if !ok {
		return
	}
	var src *crux.Source
	for i := range p.Case.Sources {
		if p.Case.Sources[i].ID == r.PathValue("source") {
			src = &p.Case.Sources[i]
		}
	}
	if src == nil {
		s.renderError(w, r, http.StatusNotFound, "This case has no such source.")
		return
	}
	actors := p.Case.ActorsByID()
	type claimRow struct {
		crux.Claim
		Speaker crux.Actor
		Cited   bool // has a non-empty span in this source
	}
	spans := map[string][]crux.Span{}
	var claims []claimRow
	for _, c := range p.Case.Claims {
		in, cited := false, false
		for _, ct := range c.Citations {
			if ct.SourceID == src.ID {
				in = true
				if ct.Content.Len() > 0 {
					cited = true
					spans[c.ID] = append(spans[c.ID], ct.Content)
				}
			}
		}
		if in {
			claims = append(claims, claimRow{c, actors[c.SpeakerID], cited})
		}
	}
	p.Title = src.Title
	p.Data = map[string]any{"Source": src, "Segments": segments(src.Text, spans), "Claims": claims, "Reliabilities": reliabilities}
	p.flashFrom(r, 300)
	s.render(w, r, http.StatusOK, "source", p)
}

func (s *Server) pageTimeline(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "timeline")
	if !ok {
		return
	}
	t, _, err := s.timeline(r.Context(), rc.caseID)
	d := map[string]any{}
	if err != nil {
		d["Err"] = err.Error()
	} else {
		d["Timeline"] = t
		d["Chart"] = timelineChart(t)
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "timeline", p)
}

func (s *Server) pageDisagreement(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "disagreement")
	if !ok {
		return
	}
	d, _, err := s.disagreement(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "disagreement", p)
}

func (s *Server) pageHistory(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "history")
	if !ok {
		return
	}
	h, err := s.st.History(r.Context(), rc.caseID, 500)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	type row struct {
		store.Change
		Summary string
	}
	var rows []row
	for _, c := range h {
		rows = append(rows, row{c, summarize(c)})
	}
	p.Data = rows
	p.flashFrom(r, 200)
	s.render(w, r, http.StatusOK, "history", p)
}

// summarize says in a few words what a change did.
func summarize(c store.Change) string {
	switch c.Kind {
	case store.KindRating:
		var d store.RatingDetail
		if jsonUnmarshal(c.Detail, &d) == nil {
			from, to := "unrated", "unrated"
			if d.From != nil && d.From.Value != "" {
				from = string(d.From.Value)
			}
			if d.To != nil && d.To.Value != "" {
				to = string(d.To.Value)
			}
			return fmt.Sprintf("rated %s × %s: %s → %s", d.Evidence, d.Hypothesis, from, to)
		}
	default:
		var d store.ChangeDetail
		if jsonUnmarshal(c.Detail, &d) == nil {
			var parts []string
			if d.Note != "" {
				parts = append(parts, d.Note)
			}
			if d.Restored > 0 {
				parts = append(parts, fmt.Sprintf("restored version %d", d.Restored))
			}
			for _, x := range []struct {
				verb string
				m    map[string]int
			}{{"added", d.Added}, {"removed", d.Removed}, {"changed", d.Changed}} {
				keys := make([]string, 0, len(x.m))
				for k := range x.m {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					parts = append(parts, fmt.Sprintf("%s %d %s", x.verb, x.m[k], k))
				}
			}
			if len(parts) > 0 {
				return strings.Join(parts, "; ")
			}
		}
	}
	return string(c.Kind)
}

func (s *Server) pageRestore(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	to, err1 := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
	from, err2 := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err1 != nil || err2 != nil || to < 1 {
		s.renderError(w, r, http.StatusBadRequest, "Bad restore request.")
		return
	}
	_, err := s.restore(r.Context(), rc, store.Version(from), store.Version(to))
	msg := fmt.Sprintf("Restored the case as it was after change %d.", to)
	if errors.Is(err, store.ErrConflict) {
		msg = "The case changed while you were looking: nothing was restored. Check the history and try again."
	} else if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(rc.caseID)+"/history?msg="+url.QueryEscape(msg), http.StatusSeeOther)
}

func (s *Server) pageAccess(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	p, _, ok := s.casePage(w, r, rc, "access")
	if !ok {
		return
	}
	gs, err := s.st.Grants(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	log, err := s.st.AccessLog(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	slices.Reverse(log) // the latest first, as in the history
	p.Data = map[string]any{"Grants": gs, "Changes": log}
	p.flashFrom(r, 200)
	s.render(w, r, http.StatusOK, "access", p)
}

func (s *Server) pageAccessPost(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	name := strings.TrimSpace(r.PostFormValue("user"))
	role := store.Role(r.PostFormValue("role"))
	msg := "Access updated."
	if err := s.grant(r.Context(), rc, name, role); err != nil {
		var bb *badBody
		if !errors.As(err, &bb) {
			s.pageError(w, r, err)
			return
		}
		msg = bb.msg
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(rc.caseID)+"/access?msg="+url.QueryEscape(msg), http.StatusSeeOther)
}

func (s *Server) exportJSON(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	c, v, err := s.caseRead(r.Context(), rc.caseID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	b, err := crux.Encode(clone(c))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+c.ID+`.json"`)
	w.Header().Set("ETag", etag(v))
	w.Write(b)
}

// ---- account ------------------------------------------------------------

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, rc *reqCtx, code int, flash, newToken string) {
	ts, err := s.st.Tokens(r.Context(), rc.p.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := map[string]any{"Tokens": ts, "NewToken": newToken}
	if s.isAdmin(rc.p) {
		us, err := s.st.Users(r.Context())
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		d["Users"] = us
	}
	s.render(w, r, code, "account", &page{Title: "Account", Flash: flash, Data: d})
}

func (s *Server) pageAccount(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	s.accountPage(w, r, rc, http.StatusOK, "", "")
}

func (s *Server) pageNewToken(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" {
		name = "token " + time.Now().UTC().Format(time.DateTime)
	}
	if len(name) > 100 || !utf8.ValidString(name) {
		s.accountPage(w, r, rc, http.StatusUnprocessableEntity, "A token name has at most 100 characters.", "")
		return
	}
	tok := "crux_" + randomToken(32)
	if _, err := s.st.CreateToken(r.Context(), rc.p.ID, name, hashToken(tok)); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.accountPage(w, r, rc, http.StatusOK, "", tok)
}

func (s *Server) pageRevokeToken(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	id, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Bad token id.")
		return
	}
	if err := s.st.DeleteToken(r.Context(), rc.p.ID, id); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.auth.dropUserTokens(rc.p.ID)
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) pageNewUser(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	b := userBody{Name: strings.TrimSpace(r.PostFormValue("name")), Password: r.PostFormValue("password")}
	if err := b.check(); err != nil {
		s.accountPage(w, r, rc, http.StatusUnprocessableEntity, err.(*badBody).msg, "")
		return
	}
	if _, err := CreateUser(r.Context(), s.st, b.Name, b.Password); err != nil {
		if errors.Is(err, store.ErrExists) {
			s.accountPage(w, r, rc, http.StatusConflict, "That user name is taken.", "")
			return
		}
		s.pageError(w, r, err)
		return
	}
	s.accountPage(w, r, rc, http.StatusOK, "Created user "+b.Name+".", "")
}
