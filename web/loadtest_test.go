package web

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
)

// TestLoad runs the load harness on loopback against SQLite (and
// PostgreSQL when CRUX_TEST_POSTGRES is set): briefly by
// default (a correctness check: no error, no lost or corrupted write), and
// for real with CRUX_LOAD=1 (CRUX_LOAD_SECONDS per phase, default 5),
// printing reads/s and writes/s with p50/p99 latency.
func TestLoad(t *testing.T) {
	full := os.Getenv("CRUX_LOAD") != ""
	if testing.Short() && !full {
		t.Skip("-short")
	}
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) { load(t, newEnvOn(t, dsn(t), Options{}), full) })
	}
}

func load(t *testing.T, e *env, full bool) {
	bg := context.Background()
	c := examples.KremlinDrone()
	bob, _ := e.st.UserByName(bg, "bob")
	if _, err := e.st.CreateCase(bg, c, bob.ID); err != nil {
		t.Fatal(err)
	}
	o := LoadOptions{BaseURL: e.ts.URL, Token: e.tokens["bob"], CaseID: c.ID, Readers: 4, Writers: 4,
		ReadFor: 500 * time.Millisecond, WriteFor: 500 * time.Millisecond, MixedFor: 500 * time.Millisecond}
	if full {
		secs := 5
		if n, err := strconv.Atoi(os.Getenv("CRUX_LOAD_SECONDS")); err == nil && n > 0 {
			secs = n
		}
		d := time.Duration(secs) * time.Second
		o.Readers, o.Writers, o.ReadFor, o.WriteFor, o.MixedFor = 16, 16, d, d, d
	}
	res, err := LoadTest(bg, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loopback, %s, %d readers / %d writers:\n%s", strings.SplitN(t.Name(), "/", 2)[1], o.Readers, o.Writers, res)
	for _, p := range res.Phases {
		if p.Errors > 0 {
			t.Errorf("%s: %d errors (%d 5xx, %d conflicts): %q", p.Name, p.Errors, p.ServerErrors, p.Conflicts, p.FirstProblems)
		}
	}
	if len(res.Lost) > 0 || len(res.Corrupt) > 0 {
		t.Errorf("lost %q; corrupted %q", res.Lost, res.Corrupt)
	}
	if res.AckedCount == 0 {
		t.Fatal("no write acknowledged")
	}
	// check the database itself, not only the API: every acknowledged
	// value is the stored case rating and the history counts every write
	stored, _, err := e.st.Case(bg, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range stored.Evidence {
		for h, r := range ev.Ratings {
			if v, ok := res.Acked[ev.ID+"/"+h]; ok && r.Value != v {
				t.Errorf("store: %s/%s = %q, last acknowledged %q", ev.ID, h, r.Value, v)
			}
		}
	}
	hist, err := e.st.History(bg, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ch := range hist {
		if ch.Kind == store.KindRating {
			n++
		}
	}
	if n != res.AckedCount {
		t.Errorf("history holds %d rating changes, %d were acknowledged", n, res.AckedCount)
	}
}
