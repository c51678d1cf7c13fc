package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// TestConcurrentEditors runs many clients editing one case through the API
// at once, each retrying on 412 the way the workbench does (read, change,
// write with If-Match). Structural adds must all land (no lost update),
// same-cell rating writes must each win exactly once per version, and no
// request may fail with a 5xx.
func TestConcurrentEditors(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) { concurrentEditors(t, newEnvOn(t, dsn(t), Options{})) })
	}
}

func concurrentEditors(t *testing.T, e *env) {
	const clients, adds, rates = 8, 4, 6
	base := "/api/cases/" + e.caseID
	var fivexx, retries atomic.Int64
	var mu sync.Mutex
	won := map[string]string{} // version → what was written, for rating writes
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		user := []string{"alice", "bob"}[c%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := func(method, path string, body any) (int, string, error) {
				for attempt := 0; attempt < 200; attempt++ {
					resp, b := e.do("GET", base+"/matrix", user, "", nil)
					if resp.StatusCode != 200 {
						return 0, "", fmt.Errorf("read: %d %s", resp.StatusCode, b)
					}
					resp, b = e.do(method, path, user, resp.Header.Get("ETag"), body)
					switch {
					case resp.StatusCode >= 500:
						fivexx.Add(1)
						return 0, "", fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
					case resp.StatusCode == http.StatusPreconditionFailed:
						retries.Add(1)
						continue
					case resp.StatusCode != 200:
						return 0, "", fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
					}
					return resp.StatusCode, resp.Header.Get("ETag"), nil
				}
				return 0, "", fmt.Errorf("%s %s: gave up after 200 conflicts", method, path)
			}
			for i := range adds {
				text := fmt.Sprintf("client %d item %d", c, i)
				if _, _, err := do("POST", base+"/evidence", map[string]any{"text": text, "kind": "fact", "ratings": map[string]string{}}); err != nil {
					errs <- err
					return
				}
			}
			for i := range rates {
				v := crux.RatingValues[(c+i)%5]
				_, tag, err := do("PUT", base+"/ratings/E1/H1", map[string]string{"value": string(v)})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if prev, dup := won[tag]; dup {
					errs <- fmt.Errorf("two writes acknowledged with version %s (%s and %s)", tag, prev, v)
				}
				won[tag] = fmt.Sprintf("%s by %s", v, user)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if fivexx.Load() > 0 {
		t.Fatalf("%d responses were 5xx", fivexx.Load())
	}
	// every added item is there, once
	_, body := e.do("GET", base+"/evidence", "carol", "", nil)
	var ev []crux.Evidence
	json.Unmarshal(body, &ev)
	seen := map[string]int{}
	for _, x := range ev {
		seen[x.Text]++
	}
	for c := range clients {
		for i := range adds {
			if n := seen[fmt.Sprintf("client %d item %d", c, i)]; n != 1 {
				t.Errorf("client %d item %d present %d times", c, i, n)
			}
		}
	}
	if len(ev) != 4+clients*adds {
		t.Errorf("%d evidence items, want %d", len(ev), 4+clients*adds)
	}
	// history has exactly the acknowledged changes
	h, err := e.st.History(context.Background(), e.caseID, 0)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[store.ChangeKind]int{}
	for _, c := range h {
		kinds[c.Kind]++
	}
	if kinds[store.KindUpdate] != clients*adds || kinds[store.KindRating] != clients*rates {
		t.Errorf("history %v, want %d updates and %d ratings", kinds, clients*adds, clients*rates)
	}
	// the last acknowledged rating is the cell's value
	last := h[0]
	for _, c := range h {
		if c.Kind == store.KindRating {
			last = c
			break
		}
	}
	var d store.RatingDetail
	json.Unmarshal(last.Detail, &d)
	_, body = e.do("GET", base+"/matrix", "carol", "", nil)
	var m matrixView
	json.Unmarshal(body, &m)
	if d.To == nil || m.Evidence[0].Ratings["H1"].Value != d.To.Value {
		t.Errorf("cell E1×H1 = %q, last acknowledged write %+v", m.Evidence[0].Ratings["H1"].Value, d.To)
	}
	t.Logf("%d clients, %d conflicts retried", clients, retries.Load())
}

// TestGracefulShutdown writes ratings while the server shuts down: every
// write that was answered 200 is in the store afterwards.
func TestGracefulShutdown(t *testing.T) {
	e := newEnv(t, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: e.srv.Handler()}
	go hs.Serve(ln)
	url := "http://" + ln.Addr().String()
	type ack struct{ e, h, v string }
	var mu sync.Mutex
	var acked []ack
	var wg sync.WaitGroup
	stop := make(chan struct{})
	cells := []string{"E1", "E2", "E3", "E4"}
	for i, ev := range cells {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := &http.Client{Timeout: 5 * time.Second}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				v := string(crux.RatingValues[(i+n)%5])
				req, _ := http.NewRequest("GET", url+"/api/cases/"+e.caseID+"/matrix", nil)
				req.Header.Set("Authorization", "Bearer "+e.tokens["bob"])
				resp, err := cl.Do(req)
				if err != nil {
					return // the server has stopped accepting
				}
				resp.Body.Close()
				req, _ = http.NewRequest("PUT", url+"/api/cases/"+e.caseID+"/ratings/"+ev+"/H2", strings.NewReader(`{"value":"`+v+`"}`))
				req.Header.Set("Authorization", "Bearer "+e.tokens["bob"])
				req.Header.Set("If-Match", resp.Header.Get("ETag"))
				resp, err = cl.Do(req)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == 200 {
					mu.Lock()
					acked = append(acked, ack{ev, "H2", v})
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged before shutdown")
	}
	// the last acknowledged value of each cell is what the store holds
	last := map[string]string{}
	for _, a := range acked {
		last[a.e] = a.v
	}
	c, _, err := e.st.Case(context.Background(), e.caseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range c.Evidence {
		if want, ok := last[ev.ID]; ok && string(ev.Ratings["H2"].Value) != want {
			t.Errorf("%s×H2 = %q, last acknowledged %q", ev.ID, ev.Ratings["H2"].Value, want)
		}
	}
	h, _ := e.st.History(context.Background(), e.caseID, 0)
	if len(h)-1 != len(acked) {
		t.Errorf("%d rating changes stored, %d acknowledged", len(h)-1, len(acked))
	}
	t.Logf("%d writes acknowledged before shutdown", len(acked))
}

func TestDisagreement(t *testing.T) {
	e := newEnv(t, Options{})
	base := "/api/cases/" + e.caseID
	rate := func(user, cell, v string) {
		resp, body := e.do("PUT", base+"/ratings/"+cell, user, e.etag(user), map[string]string{"value": v})
		if resp.StatusCode != 200 {
			t.Fatalf("%s rates %s: %d %s", user, cell, resp.StatusCode, body)
		}
	}
	rate("alice", "E1/H1", "CC")
	rate("bob", "E1/H1", "II") // spread 4
	rate("alice", "E2/H2", "C")
	rate("bob", "E2/H2", "N") // spread 1
	rate("alice", "E3/H3", "I")
	rate("bob", "E3/H3", "I") // agreement
	resp, body := e.do("GET", base+"/disagreement", "carol", "", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var d DisagreementView
	json.Unmarshal(body, &d)
	var got []string
	for _, x := range d.Disagreements {
		got = append(got, fmt.Sprintf("%s×%s:%g", x.Evidence, x.Hypothesis, x.Spread))
	}
	if fmt.Sprint(got) != "[E1×H1:4 E2×H2:1]" {
		t.Errorf("disagreements %v", got)
	}
	if c := d.Consensus["E3"]["H3"]; c.Value != "I" || c.Agree != 2 || c.Analysts != 2 {
		t.Errorf("consensus E3×H3 %+v", c)
	}
	// CC against II: the consensus of an even count lies between, at N
	if c := d.Consensus["E1"]["H1"]; c.Value != "N" || c.Agree != 0 {
		t.Errorf("consensus E1×H1 %+v", c)
	}
	if fmt.Sprint(d.Analysts) != "[alice bob]" {
		t.Errorf("analysts %v", d.Analysts)
	}
}

func TestConsensusMedian(t *testing.T) {
	tests := []struct {
		in   []crux.RatingValue
		want crux.RatingValue
	}{
		{[]crux.RatingValue{"CC", "C", "C"}, "C"},
		{[]crux.RatingValue{"CC", "II"}, "N"}, // even count: mean of the middle two, towards N
		{[]crux.RatingValue{"C", "I"}, "N"},
		{[]crux.RatingValue{"CC", "N"}, "C"},
		{[]crux.RatingValue{"CC", "C", "I", "II"}, "N"},
		{[]crux.RatingValue{"CC", "CC", "C", "II"}, "C"},
		{[]crux.RatingValue{"I", "II", "II"}, "II"},
		{[]crux.RatingValue{"NA", "NA", "C"}, "NA"},
		{[]crux.RatingValue{"NA", "C"}, "C"},
	}
	c := testCase(t)
	for _, tc := range tests {
		var rs []store.AnalystRating
		for i, v := range tc.in {
			rs = append(rs, store.AnalystRating{EvidenceID: "E1", HypothesisID: "H1", AnalystName: fmt.Sprint("a", i), Rating: crux.Rating{Value: v}})
		}
		if got := buildDisagreement(c, rs).Consensus["E1"]["H1"].Value; got != tc.want {
			t.Errorf("%v: consensus %q, want %q", tc.in, got, tc.want)
		}
	}
}
