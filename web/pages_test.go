package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// hostile strings planted in every kind of text a page shows.
var hostile = []string{`<script>window.__xss=1</script>`, `"><img src=x onerror=window.__xss=2>`}

// plantHostile writes hostile text into a claim, the source text (inside
// the claim's span), an actor, a hypothesis and an evidence item.
func plantHostile(t testing.TB, e *env) {
	t.Helper()
	c := testCase(t)
	text := c.Sources[0].Text + "\nA witness wrote: " + hostile[0] + " and " + hostile[1] + "\n"
	start := strings.Index(text, hostile[0])
	c.Sources[0].Text = text
	c.Claims[1].Text = hostile[0] + hostile[1]
	c.Claims[1].Citations[0].Content = crux.Span{Start: start, End: len(text) - 1}
	c.Actors[1].Name = hostile[1]
	c.Hypotheses[0].Title = "Fault " + hostile[0]
	c.Evidence[0].Text = hostile[1] + " quote " + hostile[0]
	resp, body := e.do("PUT", "/api/cases/"+e.caseID, "alice", e.etag("alice"), c)
	if resp.StatusCode != 200 {
		t.Fatalf("plant: %d %s", resp.StatusCode, body)
	}
}

func TestPagesEscapeArticleText(t *testing.T) {
	e := newEnv(t, Options{})
	plantHostile(t, e)
	// bob rates differently from alice, so the disagreement page has rows
	e.do("PUT", "/api/cases/"+e.caseID+"/ratings/E1/H1", "bob", e.etag("bob"), map[string]string{"value": "II", "reason": hostile[0]})
	e.do("PUT", "/api/cases/"+e.caseID+"/ratings/E1/H1", "alice", e.etag("alice"), map[string]string{"value": "CC"})
	jar := signIn(t, e, "alice")
	cl := &http.Client{Jar: jar}
	base := "/cases/" + e.caseID
	for _, p := range []string{"/", base, base + "?sort=diagnosticity", base + "/sources", base + "/sources/S1", base + "/actors", base + "/timeline",
		base + "/report", base + "/report.html", base + "/disagreement", base + "/history", base + "/access", base + "/panel/scores", "/account"} {
		resp, err := cl.Get(e.ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %.300s", p, resp.StatusCode, b)
			continue
		}
		body := string(b)
		for _, h := range hostile {
			if strings.Contains(body, h) || strings.Contains(body, "<img src=x") || strings.Contains(body, "<script>window") {
				t.Errorf("%s: hostile text %q appears unescaped", p, h)
			}
		}
		if regexp.MustCompile(`<script[^>]*>[^<]`).MatchString(body) {
			t.Errorf("%s: an inline script", p)
		}
	}
	// the source page shows the hostile quote, escaped, inside a claim mark
	resp, _ := cl.Get(e.ts.URL + base + "/sources/S1")
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `<mark class="claim" data-claims="C2"><a href="#claim-C2">`) ||
		!strings.Contains(string(b), "&lt;script&gt;window.__xss=1&lt;/script&gt;") {
		t.Errorf("source page does not mark the claim or escape its text:\n%s", b)
	}
}

// signIn signs in through the form and returns the cookie jar.
func signIn(t testing.TB, e *env, user string) http.CookieJar {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar}
	resp, err := cl.Get(e.ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tok := csrfFromPage(t, string(b))
	resp, err = cl.PostForm(e.ts.URL+"/login", url.Values{"user": {user}, "password": {testPassword}, "csrf_token": {tok}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(e.ts.URL)
	for _, c := range jar.Cookies(u) {
		if c.Name == sessCookie {
			return jar
		}
	}
	t.Fatalf("login as %s: no session cookie (status %d)", user, resp.StatusCode)
	return nil
}

func csrfFromPage(t testing.TB, page string) string {
	m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in page")
	}
	return m[1]
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, Options{})
	jar := signIn(t, e, "bob")
	cl := &http.Client{Jar: jar}
	resp, _ := cl.Get(e.ts.URL + "/cases/" + e.caseID)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tok := csrfFromPage(t, string(b))
	tag := e.etag("bob")
	put := func(token, origin string) int {
		req, _ := http.NewRequest("PUT", e.ts.URL+"/api/cases/"+e.caseID+"/ratings/E3/H2", strings.NewReader(`{"value":"I"}`))
		req.Header.Set("If-Match", tag)
		if token != "" {
			req.Header.Set(csrfHeader, token)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		token, origin string
		want          int
	}{
		{"", "", 403},
		{"forged", "", 403},
		{tok, "https://evil.example", 403},
		{tok, e.ts.URL, 200},
	} {
		if got := put(tc.token, tc.origin); got != tc.want {
			t.Errorf("token %q origin %q: %d, want %d", tc.token, tc.origin, got, tc.want)
		}
	}
	// a form post without the token
	resp, _ = cl.PostForm(e.ts.URL+"/logout", url.Values{})
	if resp.StatusCode != 403 {
		t.Errorf("logout without token: %d", resp.StatusCode)
	}
	resp, _ = cl.PostForm(e.ts.URL+"/logout", url.Values{"csrf_token": {tok}})
	if resp.StatusCode != 200 { // redirected to the case list
		t.Errorf("logout: %d", resp.StatusCode)
	}
	if got := put(tok, ""); got != 401 && got != 403 {
		t.Errorf("write after logout: %d", got)
	}
}

func TestLoginRedirectsLocalOnly(t *testing.T) {
	for in, want := range map[string]string{"/cases/x": "/cases/x", "//evil.example": "/", "https://evil.example": "/", "/\\evil": "/", "": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSegments(t *testing.T) {
	text := "ab→cd efg"
	tests := []struct {
		spans map[string][]crux.Span
		want  string
	}{
		{nil, "[ab→cd efg]"},
		{map[string][]crux.Span{"c1": {{Start: 0, End: 2}}}, "[ab:c1][→cd efg]"},
		{map[string][]crux.Span{"c1": {{Start: 0, End: 7}}, "c2": {{Start: 2, End: 11}}}, "[ab:c1][→cd:c1 c2][ efg:c2]"},
		// an offset inside the arrow's bytes moves back to its start
		{map[string][]crux.Span{"c1": {{Start: 3, End: 6}}}, "[ab][→c:c1][d efg]"},
		{map[string][]crux.Span{"c1": {{Start: -4, End: 400}}}, "[ab→cd efg:c1]"},
		{map[string][]crux.Span{"c1": {{Start: 5, End: 5}}, "c2": {{Start: 7, End: 3}}}, "[ab→cd efg]"},
	}
	for _, tc := range tests {
		var b strings.Builder
		for _, s := range segments(text, tc.spans) {
			if len(s.Claims) > 0 {
				fmt.Fprintf(&b, "[%s:%s]", s.Text, s.ClaimList())
			} else {
				fmt.Fprintf(&b, "[%s]", s.Text)
			}
		}
		if b.String() != tc.want {
			t.Errorf("%v: %s, want %s", tc.spans, b.String(), tc.want)
		}
	}
}

func TestAccountPage(t *testing.T) {
	e := newEnv(t, Options{})
	jar := signIn(t, e, "admin")
	cl := &http.Client{Jar: jar}
	get := func(p string) string { return getPage(t, e, cl, p) }
	post := func(p string, v url.Values) (int, string) {
		v.Set("csrf_token", csrfFromPage(t, get("/account")))
		resp, err := cl.PostForm(e.ts.URL+p, v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// a user made by the administrator can sign in
	if code, body := post("/account/users", url.Values{"name": {"erin"}, "password": {"erin's password"}}); code != 200 || !strings.Contains(body, "Created user erin") {
		t.Fatalf("create user: %d", code)
	}
	if code, _ := post("/account/users", url.Values{"name": {"erin"}, "password": {"another password"}}); code != http.StatusConflict {
		t.Errorf("duplicate user: %d", code)
	}
	if code, _ := post("/account/users", url.Values{"name": {"frank"}, "password": {"short"}}); code != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d", code)
	}
	if _, err := e.st.UserByName(t.Context(), "erin"); err != nil {
		t.Fatal(err)
	}
	// a token made on the page works until revoked, then stops at once
	code, body := post("/account/tokens", url.Values{"name": {"script <x>"}})
	m := regexp.MustCompile(`<code>(crux_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(body)
	if code != 200 || m == nil || !strings.Contains(body, "script &lt;x&gt;") {
		t.Fatalf("create token: %d", code)
	}
	e.tokens["page"] = m[1]
	if resp, _ := e.do("GET", "/api/me", "page", "", nil); resp.StatusCode != 200 {
		t.Fatalf("new token: %d", resp.StatusCode)
	}
	ts, _ := e.st.Tokens(t.Context(), mustUser(t, e, "admin"))
	var id int64
	for _, tk := range ts {
		if tk.Name == "script <x>" {
			id = tk.ID
		}
	}
	if code, _ := post(fmt.Sprintf("/account/tokens/%d/revoke", id), url.Values{}); code != 200 {
		t.Fatalf("revoke: %d", code)
	}
	if resp, _ := e.do("GET", "/api/me", "page", "", nil); resp.StatusCode != 401 {
		t.Errorf("revoked token: %d", resp.StatusCode)
	}
	// not an administrator: no user creation
	jar2 := signIn(t, e, "bob")
	cl = &http.Client{Jar: jar2}
	if code, _ := post("/account/users", url.Values{"name": {"gina"}, "password": {"long enough pw"}}); code != 403 {
		t.Errorf("bob creates a user: %d", code)
	}
}

func mustUser(t *testing.T, e *env, name string) store.UserID {
	u, err := e.st.UserByName(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAccessPageShowsLog(t *testing.T) {
	e := newEnv(t, Options{})
	if resp, body := e.do("PUT", "/api/cases/"+e.caseID+"/access/dave", "alice", "", map[string]string{"role": "viewer"}); resp.StatusCode != 200 {
		t.Fatalf("grant: %d %s", resp.StatusCode, body)
	}
	page := getPage(t, e, &http.Client{Jar: signIn(t, e, "carol")}, "/cases/"+e.caseID+"/access")
	// latest first: alice gave dave viewer
	i, j := strings.Index(page, "Changes of access"), strings.Index(page, "<td>alice</td>\n      <td>dave</td>\n      <td>none → viewer</td>")
	if i < 0 || j < i || strings.Index(page, "none → owner") < j {
		t.Errorf("access page log:\n%s", page[max(i, 0):])
	}
}
