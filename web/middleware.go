package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// contentSecurityPolicy allows only the server's own scripts and styles: no
// inline script, no eval, no framing. Article text can never become code.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// reportPolicy is for the self-contained HTML report, which carries its
// styles inline but runs no script at all.
const reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.opts.SecureCookies || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic in a handler into a logged 500 JSON error rather
// than a dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeError(w, http.StatusInternalServerError, "internal error", "")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ---- CSRF ----------------------------------------------------------------

// The browser carries a random, HttpOnly csrf cookie. Every unsafe request
// made with cookies must present HMAC(key, cookie) in the X-CSRF-Token header
// or the csrf_token form field: a signed double submit. A cross-site page can
// neither read the cookie nor compute the token. Requests authenticated by
// an API token (Authorization: Bearer) carry no ambient credential and are
// exempt.
const (
	csrfCookie  = "crux_csrf"
	csrfHeader  = "X-CSRF-Token"
	csrfField   = "csrf_token"
	sessCookie  = "crux_session"
	tokenPrefix = "Bearer "
)

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) csrfFor(cookie string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("csrf:"))
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ensureCSRF returns the CSRF token of the request, setting a new csrf
// cookie when there is none.
func (s *Server) ensureCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 16 {
		return s.csrfFor(c.Value)
	}
	v := randomToken(24)
	http.SetCookie(w, s.cookie(csrfCookie, v, 0))
	// make the token visible to later code in this request
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: v})
	return s.csrfFor(v)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF reports whether an unsafe cookie-authenticated request carries
// a valid token and, when the browser sends one, a same-origin Origin.
func (s *Server) checkCSRF(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return false
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	want := s.csrfFor(c.Value)
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opts.SecureCookies,
	}
}

// ---- rate limiting -------------------------------------------------------

// limiter is a set of token buckets keyed by client IP or user name: each
// bucket holds up to burst tokens and refills at rate tokens per second.
type limiter struct {
	mu    sync.Mutex
	rate  float64
	burst float64
	b     map[string]*bucket
	now   func() time.Time
	last  time.Time // last sweep of idle buckets
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), b: map[string]*bucket{}, now: time.Now}
}

// allow takes a token from key's bucket; when it is empty it returns false
// and how long until a token is back.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.last) > time.Minute {
		// forget buckets that have refilled: bounded memory under a flood
		full := time.Duration(l.burst / l.rate * float64(time.Second))
		for k, b := range l.b {
			if now.Sub(b.at) > full {
				delete(l.b, k)
			}
		}
		l.last = now
	}
	b := l.b[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.b[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// tooMany writes a 429 with Retry-After.
func tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration, msg string) {
	retryAfter(w, wait)
	writeError(w, http.StatusTooManyRequests, msg, r.URL.Path)
}

// retryAfter tells the client to wait, in whole seconds.
func retryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
}

// logRequests logs each request at debug level.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		if log.Enabled(r.Context(), slog.LevelDebug) {
			log.Debug("request", "method", r.Method, "path", r.URL.Path, "dur", time.Since(start))
		}
	})
}
