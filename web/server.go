// Package web is crux's workbench: a JSON API over stored cases and the
// server-rendered pages analysts work in, with accounts, per-case roles,
// optimistic concurrency and the security of a real web application.
//
// # Concurrency
//
// Every case has a Version (store.Version); GET responses carry it as the
// ETag `"v<N>"`. Every write must send it back in If-Match: a write without
// one is refused with 428, a write against a stale version with 412, so two
// analysts never silently overwrite each other. A rating write conflicts
// only when its own cell changed since the version given (see package store).
//
// # Security
//
// Pages are html/template (contextual escaping; article text is never
// marked safe), scripts and styles are files served by the server (a CSP
// without 'unsafe-inline' forbids anything else), every unsafe browser
// request carries a CSRF token (signed double submit, see middleware.go),
// session cookies are HttpOnly, SameSite=Lax and Secure under TLS, request
// bodies are bounded (413), and logins are rate limited per client and per
// user name (429).
//
// # Pages
//
//	/                               cases you may read (visitors: cases shared with everyone)
//	/cases/{case}                   matrix editor and scores (bar charts, diagnosticity, linchpins)
//	/cases/{case}/sources[/{id}]    sources and claims; an article with its claims highlighted in place
//	/cases/{case}/timeline          the posterior as of each date evidence arrived
//	/cases/{case}/disagreement      cells where analysts differ, most divergent first; consensus matrix
//	/cases/{case}/report            package report's "what we know so far"
//	/cases/{case}/history           every change; restore
//	/cases/{case}/access            roles (owners grant)
//	/account                        API tokens; administrators create users
//
// The JSON API is described by openapi.json, served at /api/openapi.
//
// # Measuring
//
// LoadTest (and `crux loadtest`) measures matrix reads/s and rating
// writes/s with p50/p99 latency on loopback and checks afterwards that no
// acknowledged write was lost or corrupted; TestLoad runs it briefly, and
// at length with CRUX_LOAD=1.
package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// SecureCookies marks cookies Secure (set it behind TLS or a TLS proxy).
	SecureCookies bool
	// Admins names the users who may create accounts; default "admin".
	Admins []string
	// MaxBody bounds a request body for small writes (default 1 MiB);
	// MaxCaseBody bounds a whole case (default 64 MiB).
	MaxBody, MaxCaseBody int64
	// LoginRate and LoginBurst set the login token buckets, per client IP
	// and per user name (default 0.2/s, burst 10).
	LoginRate  float64
	LoginBurst int
	// WriteRate and WriteBurst bound the requests that change something
	// (POST, PUT, DELETE), per user (a visitor can only sign in, which
	// LoginRate bounds), so that a runaway script cannot crowd out the
	// other analysts of a shared server (default 50/s, burst 500, far
	// above any analyst's pace; a negative WriteRate disables the limit).
	// Over it: 429 with Retry-After.
	WriteRate  float64
	WriteBurst int
	// CacheTTL bounds how long a case read is served from memory when no
	// write went through this server (default 1s; negative disables). A
	// write through this server invalidates at once; the TTL bounds the
	// staleness of writes made by other processes.
	CacheTTL time.Duration
	// SessionTTL is the lifetime of a login session (default 7 days).
	SessionTTL time.Duration
	// Logger receives errors (default slog.Default()).
	Logger *slog.Logger
	// Secret keys the CSRF tokens; random per process when empty (every
	// instance behind one load balancer must share it).
	Secret []byte
}

// Server is the workbench. Create it with New; serve Handler().
type Server struct {
	st      store.Store
	opts    Options
	log     *slog.Logger
	key     []byte
	login   *limiter
	writes  *limiter // unused when opts.WriteRate < 0
	mux     *http.ServeMux
	handler http.Handler
	cache   caseCache
	auth    authCache
	routes  []route // the API routes, documented in openapi.json
}

// New returns a server over st.
func New(st store.Store, opts Options) *Server {
	if len(opts.Admins) == 0 {
		opts.Admins = []string{"admin"}
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.MaxCaseBody <= 0 {
		opts.MaxCaseBody = 64 << 20
	}
	if opts.LoginRate <= 0 {
		opts.LoginRate = 0.2
	}
	if opts.WriteRate == 0 {
		opts.WriteRate = 50
	}
	if opts.WriteBurst <= 0 {
		opts.WriteBurst = 500
	}
	if opts.LoginBurst <= 0 {
		opts.LoginBurst = 10
	}
	if opts.CacheTTL == 0 {
		opts.CacheTTL = time.Second
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 7 * 24 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	key := opts.Secret
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key)
	}
	s := &Server{st: st, opts: opts, log: opts.Logger, key: key,
		login: newLimiter(opts.LoginRate, opts.LoginBurst), writes: newLimiter(opts.WriteRate, opts.WriteBurst)}
	s.cache.m = map[string]*cacheEntry{}
	s.auth.m = map[string]authEntry{}
	s.mux = http.NewServeMux()
	s.registerAPI()
	s.registerPages()
	s.handler = s.securityHeaders(s.recoverer(logRequests(s.log, s.mux)))
	return s
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// ---- who is asking -------------------------------------------------------

// principal is the requester: a user, or an anonymous visitor (ID
// store.Everyone) who may read what was granted to everyone.
type principal struct {
	store.User
	anon     bool
	viaToken bool
	session  string // the session token hash, for logout
}

type ctxKey struct{}

func who(r *http.Request) *principal {
	p, _ := r.Context().Value(ctxKey{}).(*principal)
	if p == nil {
		return &principal{User: store.User{ID: store.Everyone}, anon: true}
	}
	return p
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// authCache remembers token, session and role lookups for a few seconds:
// the hottest path of the API must not cost a database read per request.
// Logout, token revocation and grants through this server take effect at
// once; changes made by another process within authCacheTTL.
type authCache struct {
	mu sync.Mutex
	m  map[string]authEntry
}

type authEntry struct {
	u   store.User
	exp time.Time
}

const authCacheTTL = 5 * time.Second

func (a *authCache) get(k string) (store.User, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.m[k]
	if !ok || time.Now().After(e.exp) {
		return store.User{}, false
	}
	return e.u, true
}

func (a *authCache) put(k string, u store.User) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.m) > 10000 {
		clear(a.m)
	}
	a.m[k] = authEntry{u, time.Now().Add(authCacheTTL)}
}

// dropUserTokens forgets the cached tokens of a user: a revoked token
// stops working at once.
func (a *authCache) dropUserTokens(id store.UserID) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k, e := range a.m {
		if strings.HasPrefix(k, "t") && e.u.ID == id {
			delete(a.m, k)
		}
	}
}

// dropRoles forgets every cached role on a case.
func (a *authCache) dropRoles(caseID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k := range a.m {
		if strings.HasPrefix(k, "r") && strings.HasSuffix(k, "/"+caseID) {
			delete(a.m, k)
		}
	}
}

func (a *authCache) drop(k string) {
	a.mu.Lock()
	delete(a.m, k)
	a.mu.Unlock()
}

// authenticate resolves the requester from an API token or a session
// cookie. A bad token is an error (401); a bad or expired session cookie
// only makes the visitor anonymous.
func (s *Server) authenticate(r *http.Request) (*principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		if !strings.HasPrefix(h, tokenPrefix) {
			return nil, errors.New("the Authorization header must be 'Bearer TOKEN'")
		}
		th := hashToken(strings.TrimSpace(h[len(tokenPrefix):]))
		u, ok := s.auth.get("t" + th)
		if !ok {
			var err error
			u, err = s.st.TokenUser(r.Context(), th)
			if err != nil {
				return nil, errors.New("unknown or revoked API token")
			}
			s.auth.put("t"+th, u)
		}
		return &principal{User: u, viaToken: true}, nil
	}
	if c, err := r.Cookie(sessCookie); err == nil && c.Value != "" {
		th := hashToken(c.Value)
		u, ok := s.auth.get("s" + th)
		if !ok {
			u, err = s.st.SessionUser(r.Context(), th)
			if err == nil {
				s.auth.put("s"+th, u)
				ok = true
			}
		}
		if ok {
			return &principal{User: u, session: th}, nil
		}
	}
	return &principal{User: store.User{ID: store.Everyone}, anon: true}, nil
}

func (s *Server) isAdmin(p *principal) bool {
	if p.anon {
		return false
	}
	for _, n := range s.opts.Admins {
		if p.Name == n {
			return true
		}
	}
	return false
}

// role returns p's role on a case. Anonymous visitors get at most viewer,
// and only where the case was granted to everyone.
func (s *Server) role(ctx context.Context, p *principal, caseID string) (store.Role, error) {
	key := "r" + strconv.FormatInt(int64(p.ID), 10) + "/" + caseID
	if u, ok := s.auth.get(key); ok {
		return store.Role(u.Name), nil // the role rides in the entry's Name
	}
	r, err := s.lookupRole(ctx, p, caseID)
	if err == nil {
		s.auth.put(key, store.User{Name: string(r)})
	}
	return r, err
}

func (s *Server) lookupRole(ctx context.Context, p *principal, caseID string) (store.Role, error) {
	if !p.anon {
		return s.st.Role(ctx, caseID, p.ID)
	}
	gs, err := s.st.Grants(ctx, caseID)
	if err != nil {
		return store.RoleNone, err
	}
	for _, g := range gs {
		if g.User == store.Everyone && g.Role.CanRead() {
			return store.Viewer, nil
		}
	}
	if _, _, err := s.caseRead(ctx, caseID); err != nil {
		return store.RoleNone, err
	}
	return store.RoleNone, nil
}

// ---- errors --------------------------------------------------------------

// httpStatus maps an error onto a status code and a message safe to show.
func (s *Server) httpStatus(r *http.Request, err error) (int, string, string) {
	var bb *badBody
	switch {
	case errors.As(err, &bb):
		return bb.status, bb.msg, bb.path
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not found", r.URL.Path
	case errors.Is(err, store.ErrConflict):
		return http.StatusPreconditionFailed, "the case changed since you read it: reload and try again", r.URL.Path
	case errors.Is(err, store.ErrExists):
		return http.StatusConflict, "already exists", r.URL.Path
	case errors.Is(err, store.ErrForbidden):
		return http.StatusForbidden, "forbidden", r.URL.Path
	case errors.Is(err, store.ErrInvalid):
		var ve crux.ValidationError
		if errors.As(err, &ve) && len(ve) > 0 {
			return http.StatusUnprocessableEntity, ve[0].Msg, ve[0].Path
		}
		return http.StatusUnprocessableEntity, strings.TrimPrefix(err.Error(), "store: "), r.URL.Path
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request cancelled", r.URL.Path
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return http.StatusInternalServerError, "internal error", r.URL.Path
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var bb *badBody
	if errors.As(err, &bb) && len(bb.problems) > 0 {
		writeBadBody(w, err)
		return
	}
	var ve crux.ValidationError
	if errors.As(err, &ve) && len(ve) > 0 {
		writeBadBody(w, validationBody(ve))
		return
	}
	code, msg, path := s.httpStatus(r, err)
	writeError(w, code, msg, path)
}

// ---- the case cache ------------------------------------------------------

// caseCache keeps the last read of each case. Each case has a generation
// bumped by every write through this server; a read stores its result only
// if no write started since it began, so a cached entry is never older than
// the last write made here.
type caseCache struct {
	mu  sync.Mutex
	m   map[string]*cacheEntry
	gen map[string]uint64
	// inflight holds the load of a case in progress: readers that miss
	// at the same generation wait for it instead of each reading the
	// database (after a write, every reader misses at once).
	inflight map[string]*flight
}

type flight struct {
	gen  uint64
	done chan struct{}
	e    *cacheEntry
	err  error
}

type cacheEntry struct {
	c   *crux.Case // shared: never mutate; clone first
	v   store.Version
	at  time.Time
	gen uint64
	// derived values computed on demand from c, guarded by mu
	derived map[string]*derivation
}

// derivation is one value derived from a cache entry's case: computed by
// the first request that asks, awaited by the others (done closes when v
// and err are set).
type derivation struct {
	done chan struct{}
	v    any
	err  error
}

var errDerivation = errors.New("web: the computation did not finish")

func (cc *caseCache) invalidate(id string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.gen == nil {
		cc.gen = map[string]uint64{}
	}
	cc.gen[id]++
	delete(cc.m, id)
}

// caseRead returns the current case (shared, read-only) and its version.
func (s *Server) caseRead(ctx context.Context, id string) (*crux.Case, store.Version, error) {
	e, err := s.caseEntry(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	return e.c, e.v, nil
}

func (s *Server) caseEntry(ctx context.Context, id string) (*cacheEntry, error) {
	ttl := s.opts.CacheTTL
	if ttl > 0 {
		s.cache.mu.Lock()
		e := s.cache.m[id]
		s.cache.mu.Unlock()
		if e != nil && time.Since(e.at) < ttl {
			return e, nil
		}
	}
	cc := &s.cache
	cc.mu.Lock()
	if cc.gen == nil {
		cc.gen = map[string]uint64{}
	}
	if cc.inflight == nil {
		cc.inflight = map[string]*flight{}
	}
	gen := cc.gen[id]
	if f := cc.inflight[id]; f != nil && f.gen == gen {
		cc.mu.Unlock()
		select {
		case <-f.done:
			return f.e, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{gen: gen, done: make(chan struct{})}
	cc.inflight[id] = f
	cc.mu.Unlock()

	// the load runs to its end even if this request is cancelled: others
	// may be waiting for it
	c, v, err := s.st.Case(context.WithoutCancel(ctx), id)
	if err == nil {
		f.e = &cacheEntry{c: c, v: v, at: time.Now(), gen: gen}
	}
	f.err = err
	cc.mu.Lock()
	if err == nil && ttl > 0 && cc.gen[id] == gen {
		cc.m[id] = f.e
	}
	if cc.inflight[id] == f {
		delete(cc.inflight, id)
	}
	cc.mu.Unlock()
	close(f.done)
	return f.e, f.err
}

// derive returns a value computed from a cache entry's case once per
// entry (scores, matrix JSON): requests that ask while it is being computed
// wait for that computation instead of repeating it. A failed computation
// is not kept; the next request tries again.
func (s *Server) derive(e *cacheEntry, key string, f func(*crux.Case) (any, error)) (any, error) {
	s.cache.mu.Lock()
	d, ok := e.derived[key]
	if !ok {
		if e.derived == nil {
			e.derived = map[string]*derivation{}
		}
		d = &derivation{done: make(chan struct{})}
		e.derived[key] = d
	}
	s.cache.mu.Unlock()
	if ok {
		<-d.done
		return d.v, d.err
	}
	finished := false
	defer func() {
		if !finished { // f panicked: release the waiters with an error
			d.err = errDerivation
		}
		if d.err != nil {
			s.cache.mu.Lock()
			if e.derived[key] == d {
				delete(e.derived, key)
			}
			s.cache.mu.Unlock()
		}
		close(d.done)
	}()
	v, err := f(e.c)
	if err != nil {
		v = nil
	}
	d.v, d.err, finished = v, err, true
	return v, err
}

// Anon reports whether the requester is an anonymous visitor (templates).
func (p *principal) Anon() bool { return p.anon }
