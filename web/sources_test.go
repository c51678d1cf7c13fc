package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSourceEditForm(t *testing.T) {
	e := newEnv(t, Options{})
	cl := &http.Client{Jar: signIn(t, e, "bob")}
	page := "/cases/" + e.caseID + "/sources/S1"
	post := func(v url.Values) string {
		t.Helper()
		_, flash := submit(t, e, cl, page, page, page, v)
		return flash
	}
	form := url.Values{"title": {"Harbor fire, day one (updated)"}, "outlet": {"Test Gazette"}, "authors": {"R. Diaz, M. Chen"},
		"published": {"2024-03-02"}, "url": {"https://example.org/fire"}, "reliability": {"D"}}
	// grade only the source
	if got := post(form); got != "Saved S1." {
		t.Fatalf("save: %q", got)
	}
	c := e.caseNow(t)
	if s := c.Sources[0]; s.Reliability != "D" || s.Title != "Harbor fire, day one (updated)" || len(s.Authors) != 2 || s.Authors[1] != "M. Chen" || s.URL != "https://example.org/fire" {
		t.Fatalf("source after edit: %+v", s)
	}
	if c.Evidence[0].Reliability != "B" {
		t.Fatalf("evidence graded without apply: %s", c.Evidence[0].Reliability)
	}
	// and its evidence: E1-E3 change, E4 was D already
	form.Set("apply", "1")
	if got := post(form); got != "Saved S1; 3 evidence items now have its reliability." {
		t.Fatalf("apply: %q", got)
	}
	for _, ev := range e.caseNow(t).Evidence {
		if ev.Reliability != "D" {
			t.Errorf("%s reliability %s after apply", ev.ID, ev.Reliability)
		}
	}
	// refusals name the problem and change nothing
	bad := url.Values{"title": {"x"}, "published": {"yesterday"}, "reliability": {"D"}}
	if got := post(bad); !strings.HasPrefix(got, "Nothing was changed: sources[0].published") {
		t.Errorf("bad date: %q", got)
	}
	bad = url.Values{"title": {"x"}, "reliability": {"Z"}}
	if got := post(bad); !strings.HasPrefix(got, "Nothing was changed: sources[0].reliability") {
		t.Errorf("bad grade: %q", got)
	}
	if got := post(url.Values{"title": {"x"}, "version": {"1"}}); !strings.Contains(got, "changed while you were looking") {
		t.Errorf("stale form: %q", got)
	}
	if s := e.caseNow(t).Sources[0]; s.Title != "Harbor fire, day one (updated)" {
		t.Errorf("a refused edit changed the source: %+v", s)
	}
}

func TestClaimEditForm(t *testing.T) {
	e := newEnv(t, Options{})
	cl := &http.Client{Jar: signIn(t, e, "bob")}
	page := "/cases/" + e.caseID + "/sources"
	post := func(claim string, v url.Values) string {
		t.Helper()
		if p := getPage(t, e, cl, page); !strings.Contains(p, `action="/cases/`+e.caseID+`/claims/`+claim+`"`) {
			t.Fatalf("no correction form for %s", claim)
		}
		_, flash := submit(t, e, cl, page, "/cases/"+e.caseID+"/claims/"+claim, page, v)
		return flash
	}
	if got := post("C4", url.Values{"speaker": {"A1"}, "cue_class": {"assert"}}); got != "Saved C4." {
		t.Fatalf("save: %q", got)
	}
	if c := e.caseNow(t); speakerOf(c, "C4") != "A1" || c.Claims[3].CueClass != "assert" || c.Claims[3].Text != "any negligence and blamed an electrical fault" {
		t.Fatalf("claim after edit: %+v", c.Claims[3])
	}
	for _, tc := range []struct{ speaker, class, want string }{
		{"A9", "deny", "Nothing was changed: claims[3].speaker"},
		{"A1", "shouted", "Nothing was changed: claims[3].cue_class"},
	} {
		if got := post("C4", url.Values{"speaker": {tc.speaker}, "cue_class": {tc.class}}); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s/%s: %q, want %q...", tc.speaker, tc.class, got, tc.want)
		}
	}
	if c := e.caseNow(t); speakerOf(c, "C4") != "A1" || c.Claims[3].CueClass != "assert" {
		t.Errorf("a refused edit changed the claim: %+v", c.Claims[3])
	}
}
