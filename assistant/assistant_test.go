package assistant

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux"
)

// fakeServer answers as an OpenAI-compatible server does, with content
// (the model's text) chosen by the test; it records the last request.
type fakeServer struct {
	t       *testing.T
	status  int
	content string // the model's answer
	raw     string // if set, the whole HTTP body instead
	delay   time.Duration
	lastReq chatRequest
	lastHdr http.Header
	path    string
}

func (f *fakeServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.path = r.URL.Path
	f.lastHdr = r.Header.Clone()
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &f.lastReq); err != nil {
		f.t.Errorf("request is not JSON: %v", err)
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	if f.status != 0 && f.status != 200 {
		http.Error(w, `{"error":{"message":"model crashed"}}`, f.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if f.raw != "" {
		io.WriteString(w, f.raw)
		return
	}
	resp := map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": f.lastReq.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": f.content}}},
	}
	json.NewEncoder(w).Encode(resp)
}

func newTest(t *testing.T, f *fakeServer) *Client {
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, "test-model", "sekrit")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const article = `The port authority said the fire started in the fuel depot. "We have not ruled out sabotage," spokeswoman Anna Kowalczyk said. Some blamed foreign saboteurs.`

func testCase() *crux.Case {
	c := crux.New("t", "t")
	c.Sources = []crux.Source{{ID: "S1", Text: article, Published: "2024-06-02"}}
	c.Actors = []crux.Actor{{ID: "A1", Name: "Anna Kowalczyk", Kind: crux.Person}}
	c.Claims = []crux.Claim{{ID: "C1", SpeakerID: "A1", CueClass: crux.Assert, Mode: crux.Direct, Text: "We have not ruled out sabotage,",
		Citations: []crux.Citation{{SourceID: "S1", Content: crux.Span{Start: 61, End: 92}}}}}
	c.Hypotheses = []crux.Hypothesis{{ID: "H1", Title: "Accident", Status: crux.Accepted}, {ID: "H2", Title: "Sabotage", Status: crux.Accepted}}
	c.Evidence = []crux.Evidence{{ID: "E1", Kind: crux.FromClaim, ClaimID: "C1", Text: "We have not ruled out sabotage", Ratings: map[string]crux.Rating{"H1": {Value: crux.Inconsistent, Analyst: "ana"}}}}
	return c
}

func TestOffByDefault(t *testing.T) {
	t.Setenv("CRUX_ASSISTANT_URL", "")
	c, err := FromEnv("")
	if c != nil || err != nil {
		t.Fatalf("FromEnv with nothing set: %v %v", c, err)
	}
	t.Setenv("CRUX_ASSISTANT_URL", "http://localhost:11434")
	t.Setenv("CRUX_ASSISTANT_MODEL", "qwen")
	c, err = FromEnv("")
	if err != nil || c == nil || c.Model != "qwen" || c.endpoint() != "http://localhost:11434/v1/chat/completions" {
		t.Fatalf("from env: %+v %v", c, err)
	}
	c, _ = FromEnv("http://127.0.0.1:8080/v1/")
	if c.endpoint() != "http://127.0.0.1:8080/v1/chat/completions" {
		t.Errorf("endpoint %s", c.endpoint())
	}
	for _, bad := range []string{"ftp://x", "localhost:11434", "http://", "file:///etc/passwd"} {
		if _, err := FromEnv(bad); err == nil {
			t.Errorf("URL %q accepted", bad)
		}
	}
}

func TestProposeClaimsGood(t *testing.T) {
	f := &fakeServer{content: "```json\n" + `{"claims":[{"speaker":"Anna Kowalczyk","speaker_kind":"person","cue":"said","cue_class":"assert","mode":"direct","text":"We have not ruled out sabotage,"},
		{"speaker":"The port authority","speaker_kind":"organization","cue":"said","cue_class":"assert","mode":"reported","text":"the fire started in the fuel depot."}]}` + "\n```"}
	c := newTest(t, f)
	src := &crux.Source{ID: "x", Text: article}
	actors, claims, err := c.ProposeClaims(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(actors) != 2 || len(claims) != 2 {
		t.Fatalf("%d actors, %d claims", len(actors), len(claims))
	}
	sp := claims[0].Citations[0].Content
	if article[sp.Start:sp.End] != "We have not ruled out sabotage," || claims[0].Citations[0].Speaker == nil {
		t.Errorf("span %v does not hold the quote", sp)
	}
	if f.path != "/v1/chat/completions" || f.lastHdr.Get("Authorization") != "Bearer sekrit" || f.lastReq.Model != "test-model" {
		t.Errorf("request: path %s, auth %q, model %q", f.path, f.lastHdr.Get("Authorization"), f.lastReq.Model)
	}
	if len(f.lastReq.Messages) != 2 || !strings.Contains(f.lastReq.Messages[1].Content, "fuel depot") {
		t.Errorf("the article was not sent")
	}
}

func TestProposeHypothesesAndRatingsGood(t *testing.T) {
	cs := testCase()
	f := &fakeServer{content: `{"hypotheses":[{"title":"Foreign sabotage","description":"Saboteurs from abroad set the fire.","passages":[{"source":"S1","quote":"Some blamed foreign saboteurs."}]},{"title":"accident","description":"","passages":[]}]}`}
	c := newTest(t, f)
	hs, err := c.ProposeHypotheses(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	if n := MergeHypotheses(cs, hs); n != 1 || cs.Hypotheses[2].ID != "H3" || cs.Hypotheses[2].Status != crux.Suggested {
		t.Fatalf("merged %d: %+v (the second title repeats H1 and must be dropped)", n, cs.Hypotheses)
	}
	p := cs.Hypotheses[2].Passages[0]
	if article[p.Content.Start:p.Content.End] != "Some blamed foreign saboteurs." || p.Date != "2024-06-02" {
		t.Errorf("passage %+v", p)
	}
	f.content = `{"ratings":[{"evidence":"E1","hypothesis":"H1","value":"CC","reason":"r"},{"evidence":"E1","hypothesis":"H2","value":"C","reason":"the spokeswoman keeps sabotage open"}]}`
	rs, err := c.ProposeRatings(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	if n := MergeRatings(cs, rs); n != 1 {
		t.Errorf("merged %d ratings, want 1 (H1 is the analyst's)", n)
	}
	if r := cs.Evidence[0].Ratings["H1"]; r.Value != crux.Inconsistent || r.Suggested {
		t.Errorf("analyst's rating overwritten: %+v", r)
	}
	if r := cs.Evidence[0].Ratings["H2"]; r.Value != crux.Consistent || !r.Suggested || !strings.HasPrefix(r.Reason, "[assistant]") {
		t.Errorf("suggestion: %+v", r)
	}
	if err := crux.Validate(cs); err != nil {
		t.Error(err)
	}
}

func TestRefusals(t *testing.T) {
	long := strings.Repeat("x", MaxTextBytes+1)
	cases := []struct {
		name    string
		f       fakeServer
		call    string // claims, hypotheses, ratings
		errWant string
	}{
		{"HTTP 500", fakeServer{status: 500}, "ratings", "500"},
		{"not chat JSON", fakeServer{raw: "<html>oops</html>"}, "ratings", "not chat-completions JSON"},
		{"no choices", fakeServer{raw: `{"choices":[]}`}, "ratings", "no choices"},
		{"malformed content", fakeServer{content: `{"ratings": [`}, "ratings", "schema"},
		{"prose instead of JSON", fakeServer{content: `Sure! Here are the ratings you asked for.`}, "ratings", "schema"},
		{"unknown field", fakeServer{content: `{"ratings":[],"extra":1}`}, "ratings", "unknown field"},
		{"wrong type", fakeServer{content: `{"ratings":[{"evidence":1}]}`}, "ratings", "schema"},
		{"trailing data", fakeServer{content: `{"ratings":[]} {"ratings":[]}`}, "ratings", "after the JSON"},
		{"unknown evidence", fakeServer{content: `{"ratings":[{"evidence":"E9","hypothesis":"H1","value":"C","reason":""}]}`}, "ratings", "unknown evidence"},
		{"unknown hypothesis", fakeServer{content: `{"ratings":[{"evidence":"E1","hypothesis":"../../etc","value":"C","reason":""}]}`}, "ratings", "unknown hypothesis"},
		{"bad value", fakeServer{content: `{"ratings":[{"evidence":"E1","hypothesis":"H1","value":"MAYBE","reason":""}]}`}, "ratings", "unknown rating"},
		{"control character", fakeServer{content: `{"ratings":[{"evidence":"E1","hypothesis":"H2","value":"C","reason":"ok\u0000"}]}`}, "ratings", "control"},
		{"bidi override", fakeServer{content: `{"hypotheses":[{"title":"Acc\u202eident","description":"","passages":[]}]}`}, "hypotheses", "bidirectional"},
		{"markup in title", fakeServer{content: `{"hypotheses":[{"title":"<script>alert(1)</script>","description":"","passages":[]}]}`}, "hypotheses", "markup"},
		{"invented quote", fakeServer{content: `{"hypotheses":[{"title":"Arson","description":"","passages":[{"source":"S1","quote":"The arsonist confessed on Monday."}]}]}`}, "hypotheses", "not found verbatim"},
		{"unknown source", fakeServer{content: `{"hypotheses":[{"title":"Arson","description":"","passages":[{"source":"S7","quote":"Some blamed foreign saboteurs."}]}]}`}, "hypotheses", "unknown source"},
		{"oversized text", fakeServer{content: `{"claims":[{"speaker":"Anna Kowalczyk","speaker_kind":"person","cue":"said","cue_class":"assert","mode":"direct","text":"` + long + `"}]}`}, "claims", "more than"},
		{"invented speaker", fakeServer{content: `{"claims":[{"speaker":"John Smith","speaker_kind":"person","cue":"said","cue_class":"assert","mode":"direct","text":"We have not ruled out sabotage,"}]}`}, "claims", "does not occur"},
		{"invented statement", fakeServer{content: `{"claims":[{"speaker":"Anna Kowalczyk","speaker_kind":"person","cue":"said","cue_class":"assert","mode":"direct","text":"It was an accident."}]}`}, "claims", "not found verbatim"},
		{"bad cue class", fakeServer{content: `{"claims":[{"speaker":"Anna Kowalczyk","speaker_kind":"person","cue":"said","cue_class":"shout","mode":"direct","text":"We have not ruled out sabotage,"}]}`}, "claims", "unknown class"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			c := newTest(t, &f)
			cs := testCase()
			before, _ := crux.Encode(cs)
			var err error
			switch tc.call {
			case "claims":
				_, _, err = c.ProposeClaims(context.Background(), &cs.Sources[0])
			case "hypotheses":
				_, err = c.ProposeHypotheses(context.Background(), cs)
			default:
				_, err = c.ProposeRatings(context.Background(), cs)
			}
			if err == nil || !strings.Contains(err.Error(), tc.errWant) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.errWant)
			}
			if strings.ContainsAny(err.Error(), "\x00\u202e") {
				t.Errorf("the error repeats a hostile character: %q", err)
			}
			if after, _ := crux.Encode(cs); string(after) != string(before) {
				t.Error("a refused answer changed the case")
			}
		})
	}
}

func TestTimeoutAndHugeAnswer(t *testing.T) {
	f := &fakeServer{delay: 2 * time.Second, content: `{"ratings":[]}`}
	c := newTest(t, f)
	c.HTTP.Timeout = 100 * time.Millisecond
	start := time.Now()
	if _, err := c.ProposeRatings(context.Background(), testCase()); err == nil {
		t.Fatal("a slow server did not time out")
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("timeout took %v", el)
	}
	// a context deadline works too
	c.HTTP.Timeout = 0
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.ProposeRatings(ctx, testCase()); err == nil {
		t.Fatal("context deadline ignored")
	}
	g := &fakeServer{raw: `{"choices":[{"message":{"content":"` + strings.Repeat("a", MaxResponseBytes) + `"}}]}`}
	c2 := newTest(t, g)
	if _, err := c2.ProposeRatings(context.Background(), testCase()); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge answer: %v", err)
	}
}

func FuzzDecodeAnswer(f *testing.F) {
	f.Add(`{"ratings":[{"evidence":"E1","hypothesis":"H1","value":"C","reason":"x"}]}`)
	f.Add("```json\n{\"hypotheses\":[]}\n```")
	f.Add(`{"claims":[{"speaker":"Anna Kowalczyk","speaker_kind":"person","cue":"said","cue_class":"assert","mode":"direct","text":"We have not ruled out sabotage,"}]}`)
	f.Add(article)
	if seed, err := os.ReadFile("../../shared/corpus/seed/kremlin-drone-2023-05-04.txt"); err == nil {
		f.Add(string(seed))
	}
	f.Fuzz(func(t *testing.T, s string) {
		var r ratingsAnswer
		_ = decodeStrict(s, &r)
		var h hypothesesAnswer
		_ = decodeStrict(s, &h)
		var c claimsAnswer
		_ = decodeStrict(s, &c)
		_ = snippet([]byte(s))
		_ = checkString("x", s, 100, true)
	})
}
