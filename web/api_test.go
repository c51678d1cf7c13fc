package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

func decodeErr(t *testing.T, body []byte) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Fatalf("error body is not {error, path}: %s", body)
	}
	return e
}

func TestAPIConcurrencyControl(t *testing.T) {
	e := newEnv(t, Options{})
	cell := "/api/cases/" + e.caseID + "/ratings/E1/H2"
	tag := e.etag("bob")
	if !strings.HasPrefix(tag, `"v`) {
		t.Fatalf("ETag %q", tag)
	}

	// no If-Match: 428
	resp, body := e.do("PUT", cell, "bob", "", map[string]string{"value": "II"})
	if resp.StatusCode != http.StatusPreconditionRequired {
		t.Fatalf("write without If-Match: %d %s", resp.StatusCode, body)
	}
	if er := decodeErr(t, body); er.Path != cell {
		t.Errorf("error path %q, want %q", er.Path, cell)
	}
	// a good write
	resp, body = e.do("PUT", cell, "bob", tag, map[string]string{"value": "II"})
	if resp.StatusCode != 200 {
		t.Fatalf("rating: %d %s", resp.StatusCode, body)
	}
	newTag := resp.Header.Get("ETag")
	if newTag == tag || newTag == "" {
		t.Fatalf("ETag did not move: %q → %q", tag, newTag)
	}
	// the same cell from the stale read: 412, and the first write stays
	resp, body = e.do("PUT", cell, "alice", tag, map[string]string{"value": "CC"})
	if resp.StatusCode != http.StatusPreconditionFailed {
		t.Fatalf("stale write: %d %s", resp.StatusCode, body)
	}
	decodeErr(t, body)
	resp, body = e.do("GET", "/api/cases/"+e.caseID+"/matrix", "carol", "", nil)
	var m matrixView
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	if got := m.Evidence[0].Ratings["H2"].Value; got != crux.VeryInconsistent {
		t.Fatalf("E1×H2 = %q after a rejected stale write, want II", got)
	}
	if resp.Header.Get("ETag") != newTag {
		t.Errorf("matrix ETag %q, want %q", resp.Header.Get("ETag"), newTag)
	}
	// conditional GET
	resp, _ = e.doHeader("GET", "/api/cases/"+e.caseID+"/matrix", "carol", map[string]string{"If-None-Match": newTag})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	// a structural write from the stale version: 412
	resp, body = e.do("POST", "/api/cases/"+e.caseID+"/hypotheses", "bob", tag, map[string]string{"title": "Lightning"})
	if resp.StatusCode != http.StatusPreconditionFailed {
		t.Fatalf("stale structural write: %d %s", resp.StatusCode, body)
	}
	// garbage If-Match: 412
	resp, _ = e.do("POST", "/api/cases/"+e.caseID+"/hypotheses", "bob", `"nonsense"`, map[string]string{"title": "Lightning"})
	if resp.StatusCode != http.StatusPreconditionFailed {
		t.Fatalf("bad If-Match: %d", resp.StatusCode)
	}
	resp, body = e.do("POST", "/api/cases/"+e.caseID+"/hypotheses", "bob", newTag, map[string]string{"title": "Lightning"})
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"id":"H4"`) {
		t.Fatalf("add hypothesis: %d %s", resp.StatusCode, body)
	}
}

func (e *env) doHeader(method, path, user string, h map[string]string) (*http.Response, []byte) {
	req, _ := http.NewRequest(method, e.ts.URL+path, nil)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp, nil
}

func TestAPIBodies(t *testing.T) {
	e := newEnv(t, Options{MaxBody: 4 << 10})
	base := "/api/cases/" + e.caseID
	tests := []struct {
		name, method, path string
		body               any
		code               int
		errPath            string
	}{
		{"unknown field", "PUT", base + "/ratings/E1/H1", `{"value":"C","colour":"red"}`, 400, "colour"},
		{"wrong type", "PUT", base + "/ratings/E1/H1", `{"value":3}`, 400, "value"},
		{"bad rating", "PUT", base + "/ratings/E1/H1", `{"value":"X"}`, 422, "value"},
		{"bad likelihood", "PUT", base + "/ratings/E1/H1", `{"value":"C","likelihood":1.5}`, 422, "likelihood"},
		{"malformed", "PUT", base + "/ratings/E1/H1", `{"value":`, 400, ""},
		{"trailing data", "PUT", base + "/ratings/E1/H1", `{"value":"C"} {}`, 400, ""},
		{"empty", "PUT", base + "/ratings/E1/H1", ``, 400, ""},
		{"too large", "PUT", base + "/ratings/E1/H1", `{"value":"C","reason":"` + strings.Repeat("x", 5000) + `"}`, 413, ""},
		{"unknown evidence", "PUT", base + "/ratings/E99/H1", `{"value":"C"}`, 404, ""},
		{"invalid hypothesis", "POST", base + "/hypotheses", `{"title":"  "}`, 422, "hypotheses[3].title"},
		{"dangling reference", "POST", base + "/evidence", `{"text":"x","kind":"claim","claim":"C99","ratings":{}}`, 422, "evidence[4].claim"},
		{"delete referenced claim", "DELETE", base + "/claims/C1", nil, 422, "evidence[0].claim"},
		{"duplicate id", "POST", base + "/actors", `{"id":"A1","name":"x","kind":"person"}`, 409, "id"},
		{"id change", "PUT", base + "/actors/A1", `{"id":"A9","name":"x","kind":"person"}`, 400, "id"},
		{"bad order", "POST", base + "/order", `{"evidence":["E1","E1","E2","E3"]}`, 422, "evidence[1]"},
		{"short order", "POST", base + "/order", `{"hypotheses":["H1"]}`, 422, "hypotheses"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.do(tc.method, tc.path, "bob", e.etag("bob"), tc.body)
			if resp.StatusCode != tc.code {
				t.Fatalf("%d %s, want %d", resp.StatusCode, body, tc.code)
			}
			if er := decodeErr(t, body); tc.errPath != "" && er.Path != tc.errPath {
				t.Errorf("path %q, want %q (%s)", er.Path, tc.errPath, body)
			}
		})
	}
	// nothing above changed the case
	resp, body := e.do("GET", "/api/cases/"+e.caseID+"/history", "bob", "", nil)
	var h []json.RawMessage
	json.Unmarshal(body, &h)
	if resp.StatusCode != 200 || len(h) != 1 {
		t.Errorf("history after rejected writes: %d changes (%s)", len(h), body)
	}
}

func TestAPIParts(t *testing.T) {
	e := newEnv(t, Options{})
	base := "/api/cases/" + e.caseID
	for _, p := range []string{"sources", "actors", "claims", "hypotheses", "evidence"} {
		resp, body := e.do("GET", base+"/"+p, "carol", "", nil)
		var l []map[string]any
		if resp.StatusCode != 200 || json.Unmarshal(body, &l) != nil || len(l) == 0 {
			t.Fatalf("GET %s: %d %s", p, resp.StatusCode, body)
		}
		id := l[0]["id"].(string)
		resp, body = e.do("GET", base+"/"+p+"/"+id, "carol", "", nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"id":"`+id+`"`) {
			t.Fatalf("GET %s/%s: %d %s", p, id, resp.StatusCode, body)
		}
		// PUT it back unchanged, then it must still read the same
		resp, body2 := e.do("PUT", base+"/"+p+"/"+id, "bob", e.etag("bob"), body)
		if resp.StatusCode != 200 {
			t.Fatalf("PUT %s/%s: %d %s", p, id, resp.StatusCode, body2)
		}
		_, again := e.do("GET", base+"/"+p+"/"+id, "carol", "", nil)
		if string(again) != string(body) {
			t.Errorf("%s/%s changed by a PUT of itself:\n%s\n%s", p, id, body, again)
		}
	}
	// add and remove an actor; a hypothesis's removal drops its ratings
	resp, body := e.do("POST", base+"/actors", "bob", e.etag("bob"), map[string]string{"name": "Harbor police", "kind": "organization"})
	if resp.StatusCode != 200 || resp.Header.Get("Location") == "" {
		t.Fatalf("POST actor: %d %s", resp.StatusCode, body)
	}
	resp, body = e.do("DELETE", base+"/hypotheses/H3", "bob", e.etag("bob"), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("DELETE H3: %d %s", resp.StatusCode, body)
	}
	_, body = e.do("GET", base+"/matrix", "bob", "", nil)
	if strings.Contains(string(body), `"H3"`) {
		t.Errorf("H3 still in the matrix: %s", body)
	}
	// reorder evidence
	resp, body = e.do("POST", base+"/order", "bob", e.etag("bob"), map[string][]string{"evidence": {"E4", "E3", "E2", "E1"}})
	if resp.StatusCode != 200 {
		t.Fatalf("order: %d %s", resp.StatusCode, body)
	}
	_, body = e.do("GET", base+"/matrix", "bob", "", nil)
	var m matrixView
	json.Unmarshal(body, &m)
	var got []string
	for _, r := range m.Evidence {
		got = append(got, r.ID)
	}
	if fmt.Sprint(got) != "[E4 E3 E2 E1]" {
		t.Errorf("order %v", got)
	}
}

func TestAPIRoles(t *testing.T) {
	e := newEnv(t, Options{})
	base := "/api/cases/" + e.caseID
	tests := []struct {
		user, method, path string
		body               any
		code               int
	}{
		{"carol", "GET", base + "/matrix", nil, 200},
		{"carol", "PUT", base + "/ratings/E1/H1", `{"value":"I"}`, 403},
		{"carol", "POST", base + "/hypotheses", `{"title":"x"}`, 403},
		{"dave", "GET", base + "/matrix", nil, 404},
		{"dave", "GET", base + "/scores", nil, 404},
		{"", "GET", base + "/matrix", nil, 401},
		{"", "GET", "/api/me", nil, 401},
		{"bob", "PUT", base + "/access/dave", `{"role":"viewer"}`, 403},
		{"bob", "DELETE", base, nil, 403},
		{"bob", "POST", "/api/users", `{"name":"eve","password":"long enough pw"}`, 403},
		{"admin", "POST", "/api/users", `{"name":"eve","password":"long enough pw"}`, 201},
		{"alice", "PUT", base + "/access/*", `{"role":"editor"}`, 422},
		{"alice", "PUT", base + "/access/nobody", `{"role":"viewer"}`, 404},
		{"alice", "PUT", base + "/access/dave", `{"role":"viewer"}`, 200},
		{"dave", "GET", base + "/matrix", nil, 200},
		{"alice", "PUT", base + "/access/alice", `{"role":"editor"}`, 409},
		{"alice", "PUT", base + "/access/*", `{"role":"viewer"}`, 200},
		{"", "GET", base + "/matrix", nil, 200},
		{"", "PUT", base + "/ratings/E1/H1", `{"value":"I"}`, 403}, // no cookie: CSRF
	}
	for i, tc := range tests {
		ifm := ""
		if tc.method != "GET" {
			ifm = e.etag("alice")
		}
		resp, body := e.do(tc.method, tc.path, tc.user, ifm, tc.body)
		if resp.StatusCode != tc.code {
			t.Errorf("%d: %s %s %s: %d %s, want %d", i, tc.user, tc.method, tc.path, resp.StatusCode, body, tc.code)
		}
	}
	resp, _ := e.doHeader("GET", "/api/cases", "", map[string]string{"Authorization": "Bearer nope"})
	if resp.StatusCode != 401 {
		t.Errorf("bad token: %d", resp.StatusCode)
	}
	// every change of access is logged with who made it; refusals are not
	resp, body := e.do("GET", base+"/access", "carol", "", nil)
	var acc struct {
		Changes []store.AccessChange `json:"changes"`
	}
	if err := json.Unmarshal(body, &acc); resp.StatusCode != 200 || err != nil {
		t.Fatalf("access: %d %s", resp.StatusCode, body)
	}
	var got []string
	for _, c := range acc.Changes {
		got = append(got, fmt.Sprintf("%s:%s:%s>%s", c.ByName, c.UserName, c.From, c.To))
	}
	// (newEnv grants bob's and carol's roles in any order)
	sort.Strings(got)
	want := "alice::>viewer alice:alice:>owner alice:bob:>editor alice:carol:>viewer alice:dave:>viewer"
	if strings.Join(got, " ") != want {
		t.Errorf("access log %q, want %q", strings.Join(got, " "), want)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, Options{})
	e.srv.login = newLimiter(0.001, 3)
	codes := []int{}
	for range 5 {
		resp, _ := e.do("POST", "/api/tokens", "", "", map[string]string{"user": "bob", "password": "wrong password"})
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if fmt.Sprint(codes) != "[401 401 401 429 429]" {
		t.Errorf("codes %v", codes)
	}
	// even the right password is refused while limited
	resp, _ := e.do("POST", "/api/tokens", "", "", map[string]string{"user": "bob", "password": testPassword})
	if resp.StatusCode != 429 {
		t.Errorf("right password while limited: %d", resp.StatusCode)
	}
}

func TestHistoryRestore(t *testing.T) {
	e := newEnv(t, Options{})
	base := "/api/cases/" + e.caseID
	v1 := e.etag("bob")
	resp, body := e.do("PUT", base+"/ratings/E2/H3", "bob", v1, map[string]string{"value": "CC"})
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	_, body = e.do("GET", base+"/history", "carol", "", nil)
	var h []struct {
		Version int
		Kind    string
	}
	json.Unmarshal(body, &h)
	if len(h) != 2 || h[0].Kind != "rating" || h[1].Kind != "create" {
		t.Fatalf("history %s", body)
	}
	resp, body = e.do("GET", base+"/history/1", "carol", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"H3":{"value":"II"`) {
		t.Fatalf("case at 1: %d %s", resp.StatusCode, body)
	}
	resp, body = e.do("POST", base+"/restore", "bob", v1, map[string]int{"version": 1})
	if resp.StatusCode != http.StatusPreconditionFailed {
		t.Fatalf("restore from a stale version: %d %s", resp.StatusCode, body)
	}
	resp, body = e.do("POST", base+"/restore", "bob", e.etag("bob"), map[string]int{"version": 1})
	if resp.StatusCode != 200 {
		t.Fatalf("restore: %d %s", resp.StatusCode, body)
	}
	_, body = e.do("GET", base+"/matrix", "carol", "", nil)
	var m matrixView
	json.Unmarshal(body, &m)
	if got := m.Evidence[1].Ratings["H3"].Value; got != crux.VeryInconsistent {
		t.Errorf("E2×H3 after restore = %q, want II", got)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, Options{})
	for _, p := range []string{"/", "/login", "/api/cases", "/static/app.js", "/no/such/page"} {
		resp, _ := e.do("GET", p, "", "", nil)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") && strings.Contains(csp, "script-src 'self' 'unsafe-inline'") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
	resp, body := e.do("GET", "/api/nothing", "", "", nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown API route: %d", resp.StatusCode)
	}
	decodeErr(t, body)
}

func TestDeleteCase(t *testing.T) {
	e := newEnv(t, Options{})
	base := "/api/cases/" + e.caseID
	stale := e.etag("alice")
	e.do("PUT", base+"/ratings/E1/H1", "bob", stale, map[string]string{"value": "I"})
	if resp, body := e.do("DELETE", base, "alice", stale, nil); resp.StatusCode != http.StatusPreconditionFailed {
		t.Fatalf("stale delete: %d %s", resp.StatusCode, body)
	}
	if resp, body := e.do("DELETE", base, "alice", e.etag("alice"), nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.do("GET", base+"/matrix", "alice", "", nil); resp.StatusCode != 404 {
		t.Errorf("deleted case still read: %d", resp.StatusCode)
	}
	// a new case by upload
	c := testCase(t)
	c.ID = "second"
	resp, body := e.do("POST", "/api/cases", "dave", "", c)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("ETag") == "" {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if resp, _ := e.do("GET", "/api/cases/second/scores", "dave", "", nil); resp.StatusCode != 200 {
		t.Errorf("creator cannot read the scores: %d", resp.StatusCode)
	}
	if resp, body := e.do("POST", "/api/cases", "dave", "", `{"format":"crux-case","version":1,"id":"x","evidence":[{"id":"E1","kind":"nonsense"}]}`); resp.StatusCode != 422 || !strings.Contains(string(body), `"path":"evidence[0].kind"`) {
		t.Errorf("invalid case: %d %s", resp.StatusCode, body)
	}
}

func TestFormBodyLimit(t *testing.T) {
	e := newEnv(t, Options{MaxBody: 1 << 10})
	req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader("user=a&password="+strings.Repeat("x", 4<<10)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: %d, want 413", resp.StatusCode)
	}
}

func TestWriteRateLimit(t *testing.T) {
	e := newEnv(t, Options{WriteRate: 0.001, WriteBurst: 3})
	rate := func(user string) *http.Response {
		resp, _ := e.do("PUT", "/api/cases/"+e.caseID+"/ratings/E1/H1", user, e.etag(user), map[string]string{"value": "I"})
		return resp
	}
	for i := range 3 {
		if resp := rate("bob"); resp.StatusCode != 200 {
			t.Fatalf("write %d: %d", i+1, resp.StatusCode)
		}
	}
	resp := rate("bob")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("fourth write in a burst of 3: %d (Retry-After %q)", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// reads go on, and another analyst is not held up by bob's script
	if resp, _ := e.do("GET", "/api/cases/"+e.caseID+"/matrix", "bob", "", nil); resp.StatusCode != 200 {
		t.Errorf("read after the limit: %d", resp.StatusCode)
	}
	if resp := rate("alice"); resp.StatusCode != 200 {
		t.Errorf("alice's write: %d", resp.StatusCode)
	}
	// a page form over the limit gets a page, not JSON
	jar := signIn(t, e, "carol")
	cl := &http.Client{Jar: jar}
	page := getPage(t, e, cl, "/account")
	for range 4 {
		resp, err := cl.PostForm(e.ts.URL+"/account/tokens", url.Values{"name": {"x"}, "csrf_token": {csrfFromPage(t, page)}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			if !strings.Contains(string(b), "<html") || !strings.Contains(string(b), "slow down") {
				t.Errorf("429 page: %.300s", b)
			}
			return
		}
	}
	t.Error("a form over the limit was not refused")
}
