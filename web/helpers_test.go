package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/store"
	_ "github.com/cruxlab/crux/store/postgres"
	_ "github.com/cruxlab/crux/store/sqlite"
	"golang.org/x/crypto/bcrypt"
)

func init() { bcryptCost = bcrypt.MinCost }

// env is a workbench on a fresh SQLite file with the test case loaded:
// alice owns it, bob edits, carol views, dave has no role.
type env struct {
	t      testing.TB
	st     store.Store
	srv    *Server
	ts     *httptest.Server
	caseID string
	tokens map[string]string
}

const testPassword = "correct horse battery"

func testCase(t testing.TB) *crux.Case {
	t.Helper()
	b, err := os.ReadFile("testdata/case.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := crux.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newEnv(t testing.TB, opts Options) *env {
	t.Helper()
	return newEnvOn(t, "sqlite:"+filepath.Join(t.TempDir(), "crux.db"), opts)
}

// backends lists the stores a test runs on: SQLite always, PostgreSQL in
// a fresh schema when CRUX_TEST_POSTGRES names a server (required under
// CI=true).
func backends(t *testing.T) map[string]func(t *testing.T) string {
	m := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "crux.db") },
	}
	if dsn, ok := testenv.PostgresDSN(t); ok {
		m["postgres"] = func(t *testing.T) string { return testenv.PostgresSchema(t, dsn) }
	}
	return m
}

func newEnvOn(t testing.TB, dsn string, opts Options) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, st: st, tokens: map[string]string{}}
	ids := map[string]store.UserID{}
	for _, n := range []string{"admin", "alice", "bob", "carol", "dave"} {
		u, err := CreateUser(ctx, st, n, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = u.ID
	}
	c := testCase(t)
	if _, err := st.CreateCase(ctx, c, ids["alice"]); err != nil {
		t.Fatal(err)
	}
	e.caseID = c.ID
	for n, r := range map[string]store.Role{"bob": store.Editor, "carol": store.Viewer} {
		if err := st.Grant(ctx, c.ID, ids[n], r, ids["alice"]); err != nil {
			t.Fatal(err)
		}
	}
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	if opts.WriteRate == 0 {
		opts.WriteRate = -1 // (the tests that hammer the server are not about the limit)
	}
	e.srv = New(st, opts)
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	for n := range ids {
		e.tokens[n] = e.token(n)
	}
	return e
}

func (e *env) token(user string) string {
	e.t.Helper()
	resp, body := e.do("POST", "/api/tokens", "", "", map[string]string{"user": user, "password": testPassword, "name": "test"})
	if resp.StatusCode != http.StatusCreated {
		e.t.Fatalf("token for %s: %d %s", user, resp.StatusCode, body)
	}
	var out struct{ Token string }
	json.Unmarshal(body, &out)
	return out.Token
}

// do sends a request with an optional bearer token, If-Match and JSON body
// (a string or []byte is sent as is).
func (e *env) do(method, path, user, ifMatch string, body any) (*http.Response, []byte) {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

// etag reads the case's current ETag.
func (e *env) etag(user string) string {
	e.t.Helper()
	resp, body := e.do("GET", "/api/cases/"+e.caseID, user, "", nil)
	if resp.StatusCode != 200 {
		e.t.Fatalf("GET case: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get("ETag")
}

// getPage reads a page with a signed-in client; anything but 200 fails
// the test.
func getPage(t testing.TB, e *env, cl *http.Client, p string) string {
	t.Helper()
	resp, err := cl.Get(e.ts.URL + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", p, resp.StatusCode)
	}
	return string(b)
}

// exampleCase stores the embedded example case, owned by alice.
func exampleCase(t testing.TB, e *env) *crux.Case {
	t.Helper()
	c := examples.KremlinDrone()
	alice, err := e.st.UserByName(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateCase(context.Background(), c, alice.ID); err != nil {
		t.Fatal(err)
	}
	return c
}

// submit posts a page form as cl's user, the way the browser would: the
// CSRF token and, unless v has one, the case version come from the page
// at from; the answer must land on a page at path back. It returns that
// page and its flash message.
func submit(t testing.TB, e *env, cl *http.Client, from, action, back string, v url.Values) (page, flash string) {
	t.Helper()
	p := getPage(t, e, cl, from)
	form := url.Values{"csrf_token": {csrfFromPage(t, p)}}
	if m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(p); m != nil {
		form.Set("version", m[1])
	}
	for k, x := range v {
		form[k] = x
	}
	resp, err := cl.PostForm(e.ts.URL+action, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Request.URL.Path != back {
		t.Fatalf("POST %s: %d at %s", action, resp.StatusCode, resp.Request.URL)
	}
	if m := regexp.MustCompile(`class="flash" role="status">([^<]*)`).FindStringSubmatch(string(b)); m != nil {
		flash = html.UnescapeString(m[1])
	}
	return string(b), flash
}
