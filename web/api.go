package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
	"golang.org/x/crypto/bcrypt"
)

// access is what a route requires of the requester.
type access int

const (
	public  access = iota // anyone, even anonymous
	login                 // a signed-in user
	admin                 // one of Options.Admins
	canRead               // a role on the {case} that reads
	canEdit               // ... that edits and rates
	canMng                // ... that manages access
)

// route is one API endpoint. The table of routes is what the mux serves
// and what openapi_test.go checks against openapi.json.
type route struct {
	method, pattern string
	need            access
	caseBody        bool // body may be a whole case (MaxCaseBody)
	h               func(w http.ResponseWriter, r *http.Request, rc *reqCtx)
}

// reqCtx is what a handler learns from the wrapper.
type reqCtx struct {
	p      *principal
	caseID string
	role   store.Role
}

func (s *Server) wrap(rt route, page bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="crux"`)
			writeError(w, http.StatusUnauthorized, err.Error(), r.URL.Path)
			return
		}
		limit := s.opts.MaxBody
		if rt.caseBody {
			limit = s.opts.MaxCaseBody
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		if !safeMethod(r.Method) && !p.viaToken && (page || hasCookie(r, sessCookie)) {
			if page && r.Header.Get(csrfHeader) == "" {
				// a form: parse it here, so that an oversized one is a 413
				// rather than a missing token
				var mbe *http.MaxBytesError
				if err := r.ParseForm(); errors.As(err, &mbe) {
					writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body exceeds %d bytes", limit), r.URL.Path)
					return
				}
			}
			if !s.checkCSRF(r) {
				s.denied(w, r, page, http.StatusForbidden, "missing or invalid CSRF token (reload the page)")
				return
			}
		}
		if !safeMethod(r.Method) && !p.anon && s.opts.WriteRate > 0 {
			// (a visitor can only sign in, which the login limits bound)
			if ok, wait := s.writes.allow(strconv.FormatInt(int64(p.ID), 10)); !ok {
				const msg = "too many changes in a short time; slow down and try again"
				if page {
					retryAfter(w, wait)
					s.renderError(w, r, http.StatusTooManyRequests, msg)
				} else {
					tooMany(w, r, wait, msg)
				}
				return
			}
		}
		rc := &reqCtx{p: p, caseID: r.PathValue("case")}
		switch rt.need {
		case login:
			if p.anon {
				s.denied(w, r, page, http.StatusUnauthorized, "sign in first")
				return
			}
		case admin:
			if !s.isAdmin(p) {
				s.denied(w, r, page, http.StatusForbidden, "only an administrator may do this")
				return
			}
		case canRead, canEdit, canMng:
			role, err := s.role(r.Context(), p, rc.caseID)
			if err != nil {
				if page {
					s.pageError(w, r, err)
				} else {
					s.fail(w, r, err)
				}
				return
			}
			rc.role = role
			ok := map[access]bool{canRead: role.CanRead(), canEdit: role.CanEdit(), canMng: role.CanManage()}[rt.need]
			if !ok {
				switch {
				case !role.CanRead():
					// do not reveal that the case exists
					if p.anon {
						s.denied(w, r, page, http.StatusUnauthorized, "sign in to see this case")
					} else {
						s.denied(w, r, page, http.StatusNotFound, "not found")
					}
				default:
					s.denied(w, r, page, http.StatusForbidden, fmt.Sprintf("your role on this case (%s) does not allow this", role))
				}
				return
			}
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, p)
		rt.h(w, r.WithContext(ctx), rc)
	}
}

// hasCookie reports whether the request carries the named cookie: an API
// request without a session cookie carries no ambient credential, so it
// needs no CSRF token (pages always do).
func hasCookie(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

func (s *Server) denied(w http.ResponseWriter, r *http.Request, page bool, code int, msg string) {
	if page {
		if code == http.StatusUnauthorized && r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s.renderError(w, r, code, msg)
		return
	}
	writeError(w, code, msg, r.URL.Path)
}

func (s *Server) registerAPI() {
	s.routes = []route{
		{method: "GET", pattern: "/api/openapi", need: public, h: s.apiOpenAPI},
		{method: "GET", pattern: "/api/me", need: login, h: s.apiMe},
		{method: "POST", pattern: "/api/tokens", need: public, h: s.apiCreateToken},
		{method: "GET", pattern: "/api/tokens", need: login, h: s.apiTokens},
		{method: "DELETE", pattern: "/api/tokens/{token}", need: login, h: s.apiDeleteToken},
		{method: "GET", pattern: "/api/users", need: login, h: s.apiUsers},
		{method: "POST", pattern: "/api/users", need: admin, h: s.apiCreateUser},
		{method: "GET", pattern: "/api/cases", need: public, h: s.apiListCases},
		{method: "POST", pattern: "/api/cases", need: login, caseBody: true, h: s.apiCreateCase},
		{method: "GET", pattern: "/api/cases/{case}", need: canRead, h: s.apiGetCase},
		{method: "PUT", pattern: "/api/cases/{case}", need: canEdit, caseBody: true, h: s.apiPutCase},
		{method: "DELETE", pattern: "/api/cases/{case}", need: canMng, h: s.apiDeleteCase},
		{method: "POST", pattern: "/api/cases/{case}/order", need: canEdit, h: s.apiReorder},
		{method: "GET", pattern: "/api/cases/{case}/matrix", need: canRead, h: s.apiMatrix},
		{method: "GET", pattern: "/api/cases/{case}/ratings", need: canRead, h: s.apiRatings},
		{method: "PUT", pattern: "/api/cases/{case}/ratings/{evidence}/{hypothesis}", need: canEdit, h: s.apiSetRating},
		{method: "GET", pattern: "/api/cases/{case}/scores", need: canRead, h: s.apiScores},
		{method: "GET", pattern: "/api/cases/{case}/timeline", need: canRead, h: s.apiTimeline},
		{method: "GET", pattern: "/api/cases/{case}/disagreement", need: canRead, h: s.apiDisagreement},
		{method: "GET", pattern: "/api/cases/{case}/history", need: canRead, h: s.apiHistory},
		{method: "GET", pattern: "/api/cases/{case}/history/{version}", need: canRead, h: s.apiCaseAt},
		{method: "POST", pattern: "/api/cases/{case}/restore", need: canEdit, h: s.apiRestore},
		{method: "POST", pattern: "/api/cases/{case}/actors/merge", need: canEdit, h: s.apiMergeActors},
		{method: "POST", pattern: "/api/cases/{case}/actors/{id}/split", need: canEdit, h: s.apiSplitActor},
		{method: "GET", pattern: "/api/cases/{case}/access", need: canRead, h: s.apiAccess},
		{method: "PUT", pattern: "/api/cases/{case}/access/{user}", need: canMng, h: s.apiGrant},
		{method: "DELETE", pattern: "/api/cases/{case}/access/{user}", need: canMng, h: s.apiRevoke},
	}
	s.routes = append(s.routes, partRoutes(s, sourcesPart)...)
	s.routes = append(s.routes, partRoutes(s, actorsPart)...)
	s.routes = append(s.routes, partRoutes(s, claimsPart)...)
	s.routes = append(s.routes, partRoutes(s, hypothesesPart)...)
	s.routes = append(s.routes, partRoutes(s, evidencePart)...)
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.method+" "+rt.pattern, s.wrap(rt, false))
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API route (see /api/openapi)", r.URL.Path)
	})
}

// ---- versions ------------------------------------------------------------

func etag(v store.Version) string { return `"v` + strconv.FormatInt(int64(v), 10) + `"` }

// ifMatch reads the version a write is based on: 428 without If-Match, 412
// when it names no version of ours.
func ifMatch(r *http.Request) (store.Version, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, &badBody{status: http.StatusPreconditionRequired, path: r.URL.Path,
			msg: "If-Match required: send the ETag of the case you read, so that no one's change is overwritten"}
	}
	h = strings.TrimPrefix(h, "W/")
	if len(h) >= 4 && h[0] == '"' && h[1] == 'v' && h[len(h)-1] == '"' {
		if n, err := strconv.ParseInt(h[2:len(h)-1], 10, 64); err == nil && n > 0 {
			return store.Version(n), nil
		}
	}
	return 0, &badBody{status: http.StatusPreconditionFailed, path: r.URL.Path, msg: fmt.Sprintf("If-Match %q is not a version of this case", h)}
}

// notModified answers a conditional GET.
func notModified(w http.ResponseWriter, r *http.Request, v store.Version) bool {
	tag := etag(v)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if strings.TrimPrefix(strings.TrimSpace(t), "W/") == tag {
				w.WriteHeader(http.StatusNotModified)
				return true
			}
		}
	}
	return false
}

// update applies fn to the case under If-Match and answers with the new
// version.
func (s *Server) update(w http.ResponseWriter, r *http.Request, rc *reqCtx, note string, fn func(c *crux.Case) (any, error)) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var out any
	nv, err := s.edit(r.Context(), rc, v, note, func(c *crux.Case) error {
		var err error
		out, err = fn(c)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	if out == nil {
		out = map[string]any{"version": nv}
	}
	writeJSON(w, http.StatusOK, out)
}

// edit runs fn on the case at version v (else ErrConflict) in the store's
// write transaction, as the request's user, and stores the result if it
// is still a valid case; note goes to the history entry.
func (s *Server) edit(ctx context.Context, rc *reqCtx, v store.Version, note string, fn func(c *crux.Case) error) (store.Version, error) {
	if note != "" {
		ctx = store.WithNote(ctx, note)
	}
	nv, err := s.st.UpdateCase(ctx, rc.caseID, v, rc.p.ID, func(c *crux.Case) error {
		if err := fn(c); err != nil {
			return err
		}
		if err := crux.Validate(c); err != nil {
			return validationBody(err)
		}
		return nil
	})
	s.cache.invalidate(rc.caseID)
	return nv, err
}

// ---- accounts ------------------------------------------------------------

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	writeJSON(w, http.StatusOK, map[string]any{"id": rc.p.ID, "name": rc.p.Name, "admin": s.isAdmin(rc.p)})
}

type tokenBody struct {
	Name     string `json:"name"`
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
}

// apiCreateToken issues an API token to the signed-in user, or to the user
// named in the body with their password (rate limited like a login).
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	data, err := readBody(w, r, s.opts.MaxBody)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b tokenBody
	if err := decodeStrict(data, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	u := rc.p.User
	if b.User != "" || rc.p.anon {
		var code int
		u, code = s.checkLogin(w, r, b.User, b.Password)
		if code != 0 {
			if code != http.StatusTooManyRequests {
				writeError(w, code, "wrong user name or password", r.URL.Path)
			}
			return
		}
	}
	if b.Name == "" {
		b.Name = "api token " + time.Now().UTC().Format(time.DateTime)
	}
	tok := "crux_" + randomToken(32)
	t, err := s.st.CreateToken(r.Context(), u.ID, b.Name, hashToken(tok))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "id": t.ID, "name": t.Name, "user": u.Name})
}

// checkLogin verifies a user name and password under the login rate
// limits. It returns the user, or a status (401, or 429 already written).
func (s *Server) checkLogin(w http.ResponseWriter, r *http.Request, name, password string) (store.User, int) {
	for _, key := range []string{"ip:" + clientIP(r), "user:" + name} {
		if ok, wait := s.login.allow(key); !ok {
			tooMany(w, r, wait, "too many login attempts; try again later")
			return store.User{}, http.StatusTooManyRequests
		}
	}
	u, err := s.st.UserByName(r.Context(), name)
	if err != nil {
		// spend the same time as a real check, so timing does not tell
		// which names exist
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return store.User{}, http.StatusUnauthorized
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return store.User{}, http.StatusUnauthorized
	}
	return u, 0
}

// bcryptCost is bcrypt's work factor (tests lower it to keep fast).
var bcryptCost = bcrypt.DefaultCost

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	ts, err := s.st.Tokens(r.Context(), rc.p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nonNil(ts))
}

func (s *Server) apiDeleteToken(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	id, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "token id must be a number", r.URL.Path)
		return
	}
	if err := s.st.DeleteToken(r.Context(), rc.p.ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.auth.dropUserTokens(rc.p.ID)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	us, err := s.st.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type user struct {
		ID   store.UserID `json:"id"`
		Name string       `json:"name"`
	}
	out := []user{}
	for _, u := range us {
		out = append(out, user{u.ID, u.Name})
	}
	writeJSON(w, http.StatusOK, out)
}

type userBody struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (b *userBody) check() error {
	switch {
	case strings.TrimSpace(b.Name) == "" || len(b.Name) > 100:
		return &badBody{status: http.StatusUnprocessableEntity, path: "name", msg: "a user name has 1 to 100 characters"}
	case len(b.Password) < 8:
		return &badBody{status: http.StatusUnprocessableEntity, path: "password", msg: "a password has at least 8 characters"}
	case len(b.Password) > 72:
		return &badBody{status: http.StatusUnprocessableEntity, path: "password", msg: "a password has at most 72 bytes (bcrypt)"}
	}
	return nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var b userBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := b.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := CreateUser(r.Context(), s.st, b.Name, b.Password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": u.ID, "name": u.Name})
}

// CreateUser adds an account with a bcrypt-hashed password.
func CreateUser(ctx context.Context, st store.Store, name, password string) (store.User, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return store.User{}, err
	}
	return st.CreateUser(ctx, name, string(h))
}

func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := readBody(w, r, s.opts.MaxBody)
	if err != nil {
		return err
	}
	return decodeStrict(data, v)
}

func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// ---- cases ---------------------------------------------------------------

func (s *Server) listCases(ctx context.Context, p *principal) ([]store.CaseInfo, error) {
	if !p.anon {
		return s.st.ListCases(ctx, p.ID)
	}
	all, err := s.st.ListCases(ctx, store.System)
	if err != nil {
		return nil, err
	}
	out := []store.CaseInfo{}
	for _, ci := range all {
		if role, err := s.role(ctx, p, ci.ID); err == nil && role.CanRead() {
			ci.Role = store.Viewer
			out = append(out, ci)
		}
	}
	return out, nil
}

func (s *Server) apiListCases(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	l, err := s.listCases(r.Context(), rc.p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nonNil(l))
}

// decodeCase reads a case file body with the case-file reader: strict, with
// line and column or field path in every error.
func (s *Server) decodeCase(w http.ResponseWriter, r *http.Request) (*crux.Case, error) {
	data, err := readBody(w, r, s.opts.MaxCaseBody)
	if err != nil {
		return nil, err
	}
	return decodeCaseBody(data)
}

func decodeCaseBody(data []byte) (*crux.Case, error) {
	c, err := crux.Decode(data)
	if err != nil {
		var ve crux.ValidationError
		if errors.As(err, &ve) {
			return nil, validationBody(err)
		}
		return nil, &badBody{status: http.StatusBadRequest, msg: err.Error()}
	}
	return c, nil
}

func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	c, err := s.decodeCase(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.st.CreateCase(r.Context(), c, rc.p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(v))
	w.Header().Set("Location", "/api/cases/"+c.ID)
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "version": v})
}

func (s *Server) apiGetCase(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	c, v, err := s.caseRead(r.Context(), rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if notModified(w, r, v) {
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiPutCase(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.decodeCase(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.ID == "" {
		c.ID = rc.caseID
	}
	if c.ID != rc.caseID {
		s.fail(w, r, &badBody{status: http.StatusBadRequest, path: "id", msg: fmt.Sprintf("id %q differs from the URL's %q", c.ID, rc.caseID)})
		return
	}
	nv, err := s.st.PutCase(r.Context(), c, v, rc.p.ID)
	s.cache.invalidate(rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	writeJSON(w, http.StatusOK, map[string]any{"id": c.ID, "version": nv})
}

func (s *Server) apiDeleteCase(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.st.DeleteCase(r.Context(), rc.caseID, v)
	s.cache.invalidate(rc.caseID)
	s.auth.dropRoles(rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiReorder(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var b reorderBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	s.update(w, r, rc, "reordered", func(c *crux.Case) (any, error) {
		if err := reorder(hypothesesPart, c, b.Hypotheses); err != nil {
			return nil, err
		}
		return nil, reorder(evidencePart, c, b.Evidence)
	})
}

// ---- parts ---------------------------------------------------------------

func partRoutes[T any](s *Server, p part[T]) []route {
	base := "/api/cases/{case}/" + p.name
	return []route{
		{method: "GET", pattern: base, need: canRead, h: func(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
			c, v, err := s.caseRead(r.Context(), rc.caseID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if notModified(w, r, v) {
				return
			}
			writeJSON(w, http.StatusOK, nonNil(*p.list(c)))
		}},
		{method: "POST", pattern: base, need: canEdit, caseBody: p.name == "sources", h: func(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
			x, err := decodePart[T](s, w, r, p)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			s.update(w, r, rc, "added "+p.name, func(c *crux.Case) (any, error) {
				id, err := p.create(c, x)
				if err != nil {
					return nil, err
				}
				w.Header().Set("Location", base[:0]+"/api/cases/"+rc.caseID+"/"+p.name+"/"+id)
				return map[string]any{"id": id}, nil
			})
		}},
		{method: "GET", pattern: base + "/{id}", need: canRead, h: func(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
			c, v, err := s.caseRead(r.Context(), rc.caseID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			i := p.find(c, r.PathValue("id"))
			if i < 0 {
				writeError(w, http.StatusNotFound, "no such "+p.name+" item", r.URL.Path)
				return
			}
			if notModified(w, r, v) {
				return
			}
			writeJSON(w, http.StatusOK, (*p.list(c))[i])
		}},
		{method: "PUT", pattern: base + "/{id}", need: canEdit, caseBody: p.name == "sources", h: func(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
			x, err := decodePart[T](s, w, r, p)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			s.update(w, r, rc, "changed "+p.name, func(c *crux.Case) (any, error) {
				return nil, p.replace(c, r.PathValue("id"), x)
			})
		}},
		{method: "DELETE", pattern: base + "/{id}", need: canEdit, h: func(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
			s.update(w, r, rc, "removed "+p.name, func(c *crux.Case) (any, error) {
				return nil, p.remove(c, r.PathValue("id"))
			})
		}},
	}
}

func decodePart[T any](s *Server, w http.ResponseWriter, r *http.Request, p part[T]) (T, error) {
	var x T
	limit := s.opts.MaxBody
	if p.name == "sources" {
		limit = s.opts.MaxCaseBody
	}
	data, err := readBody(w, r, limit)
	if err != nil {
		return x, err
	}
	return x, decodeStrict(data, &x)
}

// ---- matrix and ratings --------------------------------------------------

// matrixView is the matrix as the editor needs it: hypotheses and evidence
// in the analyst's order, with each cell's case rating.
type matrixView struct {
	Case       string            `json:"case"`
	Version    store.Version     `json:"version"`
	Hypotheses []crux.Hypothesis `json:"hypotheses"`
	Evidence   []matrixRow       `json:"evidence"`
}

type matrixRow struct {
	ID          string                 `json:"id"`
	Text        string                 `json:"text"`
	Kind        crux.EvidenceKind      `json:"kind"`
	Date        string                 `json:"date,omitempty"`
	Reliability crux.Reliability       `json:"reliability,omitempty"`
	Credibility crux.Credibility       `json:"credibility,omitempty"`
	Relevance   crux.Relevance         `json:"relevance"`
	Ratings     map[string]crux.Rating `json:"ratings"`
}

func buildMatrix(c *crux.Case, v store.Version) matrixView {
	m := matrixView{Case: c.ID, Version: v, Hypotheses: nonNil(c.Hypotheses), Evidence: []matrixRow{}}
	for _, e := range c.Evidence {
		rt := e.Ratings
		if rt == nil {
			rt = map[string]crux.Rating{}
		}
		m.Evidence = append(m.Evidence, matrixRow{ID: e.ID, Text: e.Text, Kind: e.Kind, Date: e.Date,
			Reliability: e.Reliability, Credibility: e.Credibility, Relevance: e.EffectiveRelevance(), Ratings: rt})
	}
	return m
}

func (s *Server) apiMatrix(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	e, err := s.caseEntry(r.Context(), rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if notModified(w, r, e.v) {
		return
	}
	b, err := s.derive(e, "matrix.json", func(c *crux.Case) (any, error) {
		return json.Marshal(buildMatrix(c, e.v))
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b.([]byte))
}

func (s *Server) apiRatings(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rs, err := s.st.AnalystRatings(r.Context(), rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nonNil(rs))
}

// ratingBody is the body of a rating write: a value (CC, C, N, I, II, NA,
// or "" to clear), optionally an explicit likelihood and a reason.
type ratingBody struct {
	Value      crux.RatingValue `json:"value"`
	Likelihood *float64         `json:"likelihood,omitempty"`
	Reason     string           `json:"reason,omitempty"`
}

func (b *ratingBody) check() error {
	if b.Value != crux.Unrated && !b.Value.Valid() {
		return &badBody{status: http.StatusUnprocessableEntity, path: "value", msg: fmt.Sprintf("unknown rating %q: want CC, C, N, I, II, NA or \"\"", truncate(string(b.Value), 20))}
	}
	if l := b.Likelihood; l != nil && !(*l > 0 && *l <= 1) {
		return &badBody{status: http.StatusUnprocessableEntity, path: "likelihood", msg: "likelihood must be in (0, 1]"}
	}
	if len(b.Reason) > 4000 {
		return &badBody{status: http.StatusUnprocessableEntity, path: "reason", msg: "reason longer than 4000 bytes"}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func (s *Server) apiSetRating(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b ratingBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := b.check(); err != nil {
		s.fail(w, r, err)
		return
	}
	nv, err := s.st.SetRating(r.Context(), rc.caseID, r.PathValue("evidence"), r.PathValue("hypothesis"), rc.p.ID,
		crux.Rating{Value: b.Value, Likelihood: b.Likelihood, Reason: b.Reason}, v)
	s.cache.invalidate(rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	writeJSON(w, http.StatusOK, map[string]any{"version": nv, "evidence": r.PathValue("evidence"), "hypothesis": r.PathValue("hypothesis"), "value": b.Value})
}

// ---- history -------------------------------------------------------------

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	h, err := s.st.History(r.Context(), rc.caseID, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nonNil(h))
}

func (s *Server) apiCaseAt(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	n, err := strconv.ParseInt(r.PathValue("version"), 10, 64)
	if err != nil || n < 1 {
		writeError(w, http.StatusBadRequest, "version must be a positive number", r.URL.Path)
		return
	}
	c, err := s.st.CaseAt(r.Context(), rc.caseID, store.Version(n))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

type restoreBody struct {
	Version store.Version `json:"version"`
}

func (s *Server) apiRestore(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	v, err := ifMatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b restoreBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if b.Version < 1 {
		s.fail(w, r, &badBody{status: http.StatusUnprocessableEntity, path: "version", msg: "version must be a positive number"})
		return
	}
	nv, err := s.restore(r.Context(), rc, v, b.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	writeJSON(w, http.StatusOK, map[string]any{"version": nv, "restored": b.Version})
}

// restore makes version `to` current again, if the case is still at ifv
// (atomically, in the store's write transaction).
func (s *Server) restore(ctx context.Context, rc *reqCtx, ifv, to store.Version) (store.Version, error) {
	nv, err := s.st.RestoreIf(ctx, rc.caseID, to, ifv, rc.p.ID)
	s.cache.invalidate(rc.caseID)
	return nv, err
}

// ---- access --------------------------------------------------------------

func (s *Server) apiAccess(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	gs, err := s.st.Grants(r.Context(), rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	log, err := s.st.AccessLog(r.Context(), rc.caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"your_role": rc.role, "grants": nonNil(gs), "changes": nonNil(log)})
}

type grantBody struct {
	Role store.Role `json:"role"`
}

// grantee resolves a user name, or "*" for everyone.
func (s *Server) grantee(ctx context.Context, name string) (store.UserID, error) {
	if name == "*" {
		return store.Everyone, nil
	}
	u, err := s.st.UserByName(ctx, name)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return 0, &badBody{status: http.StatusNotFound, path: "user", msg: fmt.Sprintf("no user %q", truncate(name, 40))}
		}
		return 0, err
	}
	return u.ID, nil
}

func (s *Server) grant(ctx context.Context, rc *reqCtx, name string, role store.Role) error {
	if !role.Valid() {
		return &badBody{status: http.StatusUnprocessableEntity, path: "role", msg: "role must be owner, editor or viewer"}
	}
	uid, err := s.grantee(ctx, name)
	if err != nil {
		return err
	}
	if uid == store.Everyone && role.CanEdit() {
		return &badBody{status: http.StatusUnprocessableEntity, path: "role", msg: "everyone may be given viewer at most"}
	}
	// (the store refuses to take the owner role from the only owner,
	// in the same transaction: ErrLastOwner, a 409)
	err = s.st.Grant(ctx, rc.caseID, uid, role, rc.p.ID)
	s.auth.dropRoles(rc.caseID)
	if errors.Is(err, store.ErrLastOwner) {
		return &badBody{status: http.StatusConflict, path: "role", msg: err.Error()}
	}
	return err
}

func (s *Server) apiGrant(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var b grantBody
	if err := s.decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if b.Role == store.RoleNone {
		s.fail(w, r, &badBody{status: http.StatusUnprocessableEntity, path: "role", msg: "role must be owner, editor or viewer (DELETE revokes)"})
		return
	}
	if err := s.grant(r.Context(), rc, r.PathValue("user"), b.Role); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": r.PathValue("user"), "role": b.Role})
}

func (s *Server) apiRevoke(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	if err := s.grant(r.Context(), rc, r.PathValue("user"), store.RoleNone); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// GeneratePassword returns a random password of 20 URL-safe characters.
func GeneratePassword() string { return randomToken(15) }
