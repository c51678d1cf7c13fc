package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// withSpeakerSpans gives the test case's citations the spans of their
// speaker mentions ("The port authority", "The operator"), which a split
// goes by.
func withSpeakerSpans(t *testing.T, e *env) {
	t.Helper()
	c := testCase(t)
	text := c.Sources[0].Text
	for i, m := range []string{"The port authority", "Ana Ruiz", "A union spokesman", "The operator denied"} {
		k := strings.Index(text, m)
		if k < 0 {
			t.Fatalf("test source lacks %q", m)
		}
		m = strings.TrimSuffix(m, " denied")
		c.Claims[i].Citations[0].Speaker = &crux.Span{Start: k, End: k + len(m)}
	}
	if resp, body := e.do("PUT", "/api/cases/"+e.caseID, "alice", e.etag("alice"), c); resp.StatusCode != 200 {
		t.Fatalf("put: %d %s", resp.StatusCode, body)
	}
}

func (e *env) caseNow(t *testing.T) *crux.Case {
	t.Helper()
	resp, body := e.do("GET", "/api/cases/"+e.caseID, "alice", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("get case: %d %s", resp.StatusCode, body)
	}
	c, err := crux.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func speakerOf(c *crux.Case, claim string) string {
	for _, cl := range c.Claims {
		if cl.ID == claim {
			return cl.SpeakerID
		}
	}
	return ""
}

func TestAPIMergeAndSplitActors(t *testing.T) {
	e := newEnv(t, Options{})
	withSpeakerSpans(t, e)
	base := "/api/cases/" + e.caseID + "/actors"

	// refusals first: nothing may change
	for _, tc := range []struct {
		name, user, path string
		stale            bool
		body             any
		code             int
		msg              string
	}{
		{"viewer", "carol", "/merge", false, mergeBody{Keep: "A1", Drop: "A4"}, 403, ""},
		{"stale version", "bob", "/merge", true, mergeBody{Keep: "A1", Drop: "A4"}, 412, ""},
		{"unknown actor", "bob", "/merge", false, mergeBody{Keep: "A1", Drop: "A9"}, 422, `unknown actor \"A9\"`},
		{"same actor", "bob", "/merge", false, mergeBody{Keep: "A1", Drop: "A1"}, 422, "same actor"},
		{"missing field", "bob", "/merge", false, mergeBody{Keep: "A1"}, 422, "name the actor"},
		{"unknown field", "bob", "/merge", false, `{"keep":"A1","drop":"A4","into":"A2"}`, 400, ""},
		{"split unknown actor", "bob", "/A9/split", false, splitBody{Aliases: []string{"x"}}, 404, "no actor"},
		{"split nothing", "bob", "/A1/split", false, splitBody{}, 422, "no aliases"},
		{"split the only name", "bob", "/A2/split", false, splitBody{Aliases: []string{"Ana Ruiz"}}, 422, "only name"},
	} {
		tag := e.etag(tc.user)
		if tc.stale {
			tag = `"v1"`
		}
		resp, body := e.do("POST", base+tc.path, tc.user, tag, tc.body)
		if resp.StatusCode != tc.code || !strings.Contains(string(body), tc.msg) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, resp.StatusCode, body, tc.code, tc.msg)
		}
	}
	if c := e.caseNow(t); len(c.Actors) != 4 || speakerOf(c, "C4") != "A4" {
		t.Fatalf("a refused edit changed the case: %d actors, C4 by %s", len(c.Actors), speakerOf(c, "C4"))
	}

	// merge: the operator's claim moves to the port authority
	resp, body := e.do("POST", base+"/merge", "bob", e.etag("bob"), mergeBody{Keep: "A1", Drop: "A4"})
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" {
		t.Fatalf("merge: %d %s", resp.StatusCode, body)
	}
	var out struct {
		Version int64  `json:"version"`
		Actor   string `json:"actor"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Actor != "A1" || resp.Header.Get("ETag") != etag(storeVersion(out.Version)) {
		t.Fatalf("merge answer %s (ETag %s)", body, resp.Header.Get("ETag"))
	}
	c := e.caseNow(t)
	a1 := c.ActorsByID()["A1"]
	if len(c.Actors) != 3 || speakerOf(c, "C4") != "A1" || !strings.Contains(strings.Join(a1.Aliases, "|"), "The operator") {
		t.Fatalf("after merge: %d actors, C4 by %s, A1 aliases %q", len(c.Actors), speakerOf(c, "C4"), a1.Aliases)
	}
	resp, body = e.do("GET", "/api/cases/"+e.caseID+"/history", "bob", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "merged actor A4 into A1") {
		t.Errorf("history lacks the merge: %.400s", body)
	}

	// split it back by the name the operator was mentioned by
	resp, body = e.do("POST", base+"/A1/split", "bob", e.etag("bob"), splitBody{Aliases: []string{"The operator"}})
	if resp.StatusCode != 200 {
		t.Fatalf("split: %d %s", resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Actor == "" || out.Actor == "A1" {
		t.Fatalf("split answer %s", body)
	}
	c = e.caseNow(t)
	na := c.ActorsByID()[out.Actor]
	if len(c.Actors) != 4 || na.Name != "The operator" || speakerOf(c, "C4") != out.Actor || speakerOf(c, "C1") != "A1" {
		t.Fatalf("after split: %d actors, new %+v, C4 by %s, C1 by %s", len(c.Actors), na, speakerOf(c, "C4"), speakerOf(c, "C1"))
	}
}

func TestActorsPage(t *testing.T) {
	e := newEnv(t, Options{})
	withSpeakerSpans(t, e)
	jar := signIn(t, e, "bob")
	cl := &http.Client{Jar: jar}
	page := "/cases/" + e.caseID + "/actors"
	get := func() string { t.Helper(); return getPage(t, e, cl, page) }
	version := func(p string) string {
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(p)
		if m == nil {
			t.Fatalf("no version in the page's forms")
		}
		return m[1]
	}
	post := func(action string, v url.Values) string {
		t.Helper()
		_, flash := submit(t, e, cl, page, action, page, v)
		return flash
	}
	p := get()
	for _, want := range []string{"Ana Ruiz", "fire chief", `action="` + page + `/merge"`, "Port authority"} {
		if !strings.Contains(p, want) {
			t.Errorf("actors page lacks %q", want)
		}
	}
	// a form made before someone else's change changes nothing
	stale := version(p)
	e.do("PUT", "/api/cases/"+e.caseID+"/ratings/E1/H1", "alice", e.etag("alice"), map[string]string{"value": "I"})
	got := post(page+"/merge", url.Values{"keep": {"A1"}, "drop": {"A4"}, "version": {stale}})
	if !strings.Contains(got, "changed while you were looking") || len(e.caseNow(t).Actors) != 4 {
		t.Fatalf("stale merge form was not refused: %q", got)
	}
	if got = post(page+"/merge", url.Values{"keep": {"A1"}, "drop": {"A4"}}); got != "Merged A4 into A1." || len(e.caseNow(t).Actors) != 3 {
		t.Fatalf("merge form: %q", got)
	}
	// A1 now has two names, so it has a split form; a refusal is shown
	if !strings.Contains(get(), `action="`+page+`/A1/split"`) {
		t.Fatalf("no split form for A1")
	}
	if got = post(page+"/A1/split", url.Values{}); !strings.HasPrefix(got, "Nothing was changed: split actor") {
		t.Fatalf("empty split not refused: %q", got)
	}
	if got = post(page+"/A1/split", url.Values{"alias": {"The operator"}}); !strings.HasSuffix(got, " off A1.") || speakerOf(e.caseNow(t), "C4") == "A1" {
		t.Fatalf("split form: %q", got)
	}
	// edit an actor's role; a bad kind is refused with the field named
	got = post(page+"/A2", url.Values{"name": {"Ana Ruiz"}, "kind": {"person"}, "role": {"fire chief of the port"}, "affiliation": {"city fire department"}})
	if a := e.caseNow(t).ActorsByID()["A2"]; got != "Saved A2." || a.Role != "fire chief of the port" || a.Affiliation != "city fire department" || a.Name != "Ana Ruiz" {
		t.Fatalf("edit form: %q %+v", got, a)
	}
	// a new name keeps the old one as an alias (the sources wrote it)
	got = post(page+"/A2", url.Values{"name": {"Chief Ana Ruiz"}, "kind": {"person"}, "role": {"fire chief of the port"}})
	if a := e.caseNow(t).ActorsByID()["A2"]; got != "Saved A2." || a.Name != "Chief Ana Ruiz" || !slices.Contains(a.Aliases, "Ana Ruiz") {
		t.Fatalf("rename: %q %+v", got, a)
	}
	got = post(page+"/A2", url.Values{"name": {"Ana Ruiz"}, "kind": {"person"}, "role": {"fire chief of the port"}})
	if a := e.caseNow(t).ActorsByID()["A2"]; got != "Saved A2." || a.Name != "Ana Ruiz" || slices.Contains(a.Aliases, "Ana Ruiz") || !slices.Contains(a.Aliases, "Chief Ana Ruiz") {
		t.Fatalf("rename back: %q %+v", got, a)
	}
	if got = post(page+"/A2", url.Values{"name": {" "}, "kind": {"person"}}); got != "Nothing was changed: an actor needs a name" {
		t.Errorf("empty name: %q", got)
	}
	got = post(page+"/A2", url.Values{"name": {"Ana Ruiz"}, "kind": {"robot"}})
	if a := e.caseNow(t).ActorsByID()["A2"]; got != `Nothing was changed: actors[1].kind: unknown kind "robot": want person, organization, group or anonymous` || a.Kind != crux.Person || a.Role == "" {
		t.Fatalf("bad kind: %q %+v", got, a)
	}
	// a viewer sees the actors but no forms
	cl = &http.Client{Jar: signIn(t, e, "carol")}
	p = get()
	if strings.Contains(p, "<form method=\"post\" action=\""+page) {
		t.Errorf("a viewer is offered the edit forms")
	}
}

func storeVersion(v int64) store.Version { return store.Version(v) }
