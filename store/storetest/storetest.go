// Package storetest is the conformance suite of store.Store: every backend's
// tests call Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
)

// Run runs the whole suite. open must return a new empty store for each
// call (a fresh file or schema) and arrange its cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"Users", testUsers},
		{"SessionsAndTokens", testSessionsTokens},
		{"CaseCRUD", testCaseCRUD},
		{"ExampleRoundTrip", testExample},
		{"Conflicts", testConflicts},
		{"AnalystRatings", testAnalystRatings},
		{"Access", testAccess},
		{"HistoryRestore", testHistoryRestore},
		{"LargeCase", testLargeCase},
		{"HostileStrings", testHostile},
		{"ConcurrentWriters", testConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// NewCase returns a valid case with nEvid evidence items and nHyp
// hypotheses, every cell rated (a pattern seeded by seed).
func NewCase(id string, nEvid, nHyp int, seed uint64) *crux.Case {
	rng := rand.New(rand.NewPCG(seed, 1))
	c := crux.New(id, "Case "+id)
	c.Question = "Who did it?"
	text := "Officials said the event happened. Others denied it."
	c.Sources = []crux.Source{{ID: "s1", Title: "A report", Outlet: "Outlet", Text: text, Published: "2023-05-04"}}
	c.Actors = []crux.Actor{{ID: "a1", Name: "An Official", Kind: crux.Person}}
	c.Claims = []crux.Claim{{ID: "c1", SpeakerID: "a1", Cue: "said", CueClass: crux.Assert, Mode: crux.Reported,
		Text: "the event happened", Citations: []crux.Citation{{SourceID: "s1", Content: crux.Span{Start: 15, End: 34}}}}}
	for h := range nHyp {
		c.Hypotheses = append(c.Hypotheses, crux.Hypothesis{ID: fmt.Sprintf("H%d", h+1), Title: fmt.Sprintf("Hypothesis %d", h+1), Status: crux.Accepted})
	}
	for e := range nEvid {
		ev := crux.Evidence{ID: fmt.Sprintf("E%d", e+1), Text: fmt.Sprintf("Evidence item %d", e+1), Kind: crux.Fact,
			Reliability: "B", Credibility: "2", Relevance: crux.Medium, Ratings: map[string]crux.Rating{}}
		if e == 0 {
			ev.Kind, ev.ClaimID = crux.FromClaim, "c1"
		}
		for _, h := range c.Hypotheses {
			ev.Ratings[h.ID] = crux.Rating{Value: crux.RatingValues[rng.IntN(len(crux.RatingValues))]}
		}
		c.Evidence = append(c.Evidence, ev)
	}
	return c
}

// Canon returns a comparable JSON form of a case: times, rating labels and
// the difference between nil and empty collections removed.
func Canon(t testing.TB, c *crux.Case) string {
	t.Helper()
	cc := *c
	cc.Created, cc.Updated = time.Time{}, time.Time{}
	cc.Evidence = make([]crux.Evidence, len(c.Evidence))
	for i, e := range c.Evidence {
		m := map[string]crux.Rating{}
		for k, r := range e.Ratings {
			r.Analyst = ""
			m[k] = r
		}
		e.Ratings = m
		cc.Evidence[i] = e
	}
	b, err := json.Marshal(&cc)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	_ = json.Unmarshal(b, &v)
	b, _ = json.Marshal(dropEmpty(v))
	return string(b)
}

func dropEmpty(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = dropEmpty(e)
			switch y := x[k].(type) {
			case nil:
				delete(x, k)
			case []any:
				if len(y) == 0 {
					delete(x, k)
				}
			}
		}
	case []any:
		for i := range x {
			x[i] = dropEmpty(x[i])
		}
	}
	return v
}

type result[T any] struct {
	v   T
	err error
}

func get[T any](v T, err error) result[T] { return result[T]{v, err} }

func (r result[T]) or(t testing.TB) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t testing.TB, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

func testUsers(t *testing.T, s store.Store) {
	ctx := context.Background()
	alice := get(s.CreateUser(ctx, "alice", "$2a$hash-a")).or(t)
	bob := get(s.CreateUser(ctx, "bob", "$2a$hash-b")).or(t)
	if alice.ID <= 0 || bob.ID <= 0 || alice.ID == bob.ID {
		t.Fatalf("user IDs %d, %d: want distinct positive", alice.ID, bob.ID)
	}
	_, err := s.CreateUser(ctx, "alice", "x")
	wantErr(t, err, store.ErrExists, "duplicate name")
	got := get(s.UserByName(ctx, "alice")).or(t)
	if got.ID != alice.ID || got.PasswordHash != "$2a$hash-a" {
		t.Fatalf("UserByName = %+v, want %+v", got, alice)
	}
	got = get(s.User(ctx, bob.ID)).or(t)
	if got.Name != "bob" {
		t.Fatalf("User(%d).Name = %q", bob.ID, got.Name)
	}
	_, err = s.UserByName(ctx, "nobody")
	wantErr(t, err, store.ErrNotFound, "unknown name")
	_, err = s.User(ctx, 999999)
	wantErr(t, err, store.ErrNotFound, "unknown id")
	if err := s.SetPasswordHash(ctx, alice.ID, "$2a$new"); err != nil {
		t.Fatal(err)
	}
	if got := get(s.User(ctx, alice.ID)).or(t); got.PasswordHash != "$2a$new" {
		t.Fatalf("hash after SetPasswordHash = %q", got.PasswordHash)
	}
	wantErr(t, s.SetPasswordHash(ctx, 999999, "x"), store.ErrNotFound, "SetPasswordHash of unknown user")
	users := get(s.Users(ctx)).or(t)
	if len(users) != 2 || users[0].Name != "alice" || users[1].Name != "bob" {
		t.Fatalf("Users = %+v", users)
	}
	for _, bad := range []string{"", "a\x00b", "bad\xff", strings.Repeat("x", 101)} {
		_, err := s.CreateUser(ctx, bad, "h")
		wantErr(t, err, store.ErrInvalid, fmt.Sprintf("CreateUser(%q)", bad))
	}
}

func testSessionsTokens(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := get(s.CreateUser(ctx, "ana", "h")).or(t)
	v := get(s.CreateUser(ctx, "ben", "h")).or(t)
	if err := s.CreateSession(ctx, u.ID, "live", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, u.ID, "old", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.CreateSession(ctx, 999999, "x", time.Now().Add(time.Hour)), store.ErrNotFound, "session of unknown user")
	wantErr(t, s.CreateSession(ctx, u.ID, "live", time.Now().Add(time.Hour)), store.ErrExists, "duplicate session")
	if got := get(s.SessionUser(ctx, "live")).or(t); got.ID != u.ID {
		t.Fatalf("SessionUser = %+v", got)
	}
	_, err := s.SessionUser(ctx, "old")
	wantErr(t, err, store.ErrNotFound, "expired session")
	if n := get(s.DeleteExpiredSessions(ctx, time.Now())).or(t); n != 1 {
		t.Fatalf("DeleteExpiredSessions removed %d, want 1", n)
	}
	if err := s.DeleteSession(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionUser(ctx, "live")
	wantErr(t, err, store.ErrNotFound, "deleted session")
	wantErr(t, s.CreateSession(ctx, u.ID, "", time.Now()), store.ErrInvalid, "empty hash")

	tok := get(s.CreateToken(ctx, u.ID, "laptop", "hash-1")).or(t)
	get(s.CreateToken(ctx, u.ID, "ci", "hash-2")).or(t)
	_, err = s.CreateToken(ctx, v.ID, "dup", "hash-1")
	wantErr(t, err, store.ErrExists, "duplicate token hash")
	if got := get(s.TokenUser(ctx, "hash-1")).or(t); got.ID != u.ID {
		t.Fatalf("TokenUser = %+v", got)
	}
	if toks := get(s.Tokens(ctx, u.ID)).or(t); len(toks) != 2 || toks[0].Name != "laptop" {
		t.Fatalf("Tokens = %+v", toks)
	}
	wantErr(t, s.DeleteToken(ctx, v.ID, tok.ID), store.ErrNotFound, "deleting another user's token")
	if err := s.DeleteToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.TokenUser(ctx, "hash-1")
	wantErr(t, err, store.ErrNotFound, "revoked token")
}

func testCaseCRUD(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := get(s.CreateUser(ctx, "owner", "h")).or(t)
	other := get(s.CreateUser(ctx, "other", "h")).or(t)
	c := NewCase("crud", 6, 3, 1)
	want := Canon(t, c)
	v := get(s.CreateCase(ctx, c, u.ID)).or(t)
	if v != 1 {
		t.Fatalf("CreateCase version %d, want 1", v)
	}
	got, gv, err := s.Case(ctx, "crud")
	if err != nil {
		t.Fatal(err)
	}
	if gv != 1 || Canon(t, got) != want {
		t.Fatalf("Case round trip (version %d):\n got %s\nwant %s", gv, Canon(t, got), want)
	}
	if got.Created.IsZero() || got.Updated.IsZero() {
		t.Fatalf("Created/Updated not set: %v %v", got.Created, got.Updated)
	}
	if r := got.Evidence[0].Ratings["H1"]; r.Analyst != "owner" {
		t.Fatalf("rating label %q, want the creator's name", r.Analyst)
	}
	_, err = s.CreateCase(ctx, NewCase("crud", 1, 1, 2), u.ID)
	wantErr(t, err, store.ErrExists, "duplicate case id")

	anon := NewCase("", 1, 1, 3)
	get(s.CreateCase(ctx, anon, store.System)).or(t)
	if !crux.ValidID(anon.ID) {
		t.Fatalf("generated id %q is not valid", anon.ID)
	}

	bad := NewCase("bad", 2, 2, 4)
	bad.Evidence[1].Ratings["H9"] = crux.Rating{Value: "X"}
	_, err = s.CreateCase(ctx, bad, u.ID)
	wantErr(t, err, store.ErrInvalid, "invalid case")
	var ve crux.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "evidence[1].ratings.H9") {
		t.Fatalf("invalid case error %v: want a crux.ValidationError naming evidence[1].ratings.H9", err)
	}
	_, _, err = s.Case(ctx, "bad")
	wantErr(t, err, store.ErrNotFound, "case refused on create")

	list := get(s.ListCases(ctx, u.ID)).or(t)
	if len(list) != 1 || list[0].ID != "crud" || list[0].Role != store.Owner || list[0].Evidence != 6 || list[0].Hypotheses != 3 {
		t.Fatalf("ListCases(owner) = %+v", list)
	}
	if l := get(s.ListCases(ctx, other.ID)).or(t); len(l) != 0 {
		t.Fatalf("ListCases(other) = %+v, want none", l)
	}
	if l := get(s.ListCases(ctx, store.System)).or(t); len(l) != 2 {
		t.Fatalf("ListCases(System) = %d cases, want 2", len(l))
	}

	// A structural edit: new hypothesis, one evidence item dropped, order changed.
	got.Hypotheses = append(got.Hypotheses, crux.Hypothesis{ID: "H4", Title: "Another", Status: crux.Suggested})
	got.Evidence = append(got.Evidence[:2], got.Evidence[3:]...)
	got.Evidence[0], got.Evidence[1] = got.Evidence[1], got.Evidence[0]
	got.Evidence[0].Ratings["H4"] = crux.Rating{Value: crux.Inconsistent, Reason: "new"}
	v2, err := s.PutCase(store.WithNote(ctx, "restructure"), got, 1, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v2 != 2 {
		t.Fatalf("PutCase version %d, want 2", v2)
	}
	again, _, _ := s.Case(ctx, "crud")
	if Canon(t, again) != Canon(t, got) {
		t.Fatalf("after PutCase:\n got %s\nwant %s", Canon(t, again), Canon(t, got))
	}
	h := get(s.History(ctx, "crud", 1)).or(t)
	var d store.ChangeDetail
	if err := json.Unmarshal(h[0].Detail, &d); err != nil {
		t.Fatal(err)
	}
	if h[0].Kind != store.KindUpdate || d.Note != "restructure" || d.Added["hypotheses"] != 1 || d.Removed["evidence"] != 1 || d.Changed["order.evidence"] != 1 {
		t.Fatalf("history detail %s (kind %s)", h[0].Detail, h[0].Kind)
	}
	if h[0].ByName != "owner" || h[0].By != u.ID {
		t.Fatalf("history by %d %q", h[0].By, h[0].ByName)
	}

	// UpdateCase: fn's error aborts; an id change is refused.
	_, err = s.UpdateCase(ctx, "crud", 2, u.ID, func(c *crux.Case) error { c.Title = "x"; return errors.New("stop") })
	if err == nil || err.Error() != "stop" {
		t.Fatalf("UpdateCase with failing fn: %v", err)
	}
	_, err = s.UpdateCase(ctx, "crud", 2, u.ID, func(c *crux.Case) error { c.ID = "other"; return nil })
	wantErr(t, err, store.ErrInvalid, "UpdateCase changing the id")
	v3, err := s.UpdateCase(ctx, "crud", 2, u.ID, func(c *crux.Case) error { c.Title = "Renamed"; return nil })
	if err != nil || v3 != 3 {
		t.Fatalf("UpdateCase = %d, %v", v3, err)
	}
	if c, _, _ := s.Case(ctx, "crud"); c.Title != "Renamed" {
		t.Fatalf("title %q after UpdateCase", c.Title)
	}
	_, err = s.UpdateCase(ctx, "crud", 2, u.ID, func(c *crux.Case) error { return nil })
	wantErr(t, err, store.ErrConflict, "UpdateCase on a stale version")

	wantErr(t, s.DeleteCase(ctx, "crud", 2), store.ErrConflict, "DeleteCase of a stale version")
	if c, _, err := s.Case(ctx, "crud"); err != nil || c.Title != "Renamed" {
		t.Fatalf("case after a refused delete: %v", err)
	}
	if err := s.DeleteCase(ctx, "crud", 3); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Case(ctx, "crud")
	wantErr(t, err, store.ErrNotFound, "deleted case")
	_, err = s.History(ctx, "crud", 0)
	wantErr(t, err, store.ErrNotFound, "history of a deleted case")
	wantErr(t, s.DeleteCase(ctx, "crud", store.AnyVersion), store.ErrNotFound, "deleting twice")
	_, err = s.PutCase(ctx, got, store.AnyVersion, u.ID)
	wantErr(t, err, store.ErrNotFound, "PutCase of a deleted case")
	// The ID may be used again, with nothing left over.
	get(s.CreateCase(ctx, NewCase("crud", 1, 1, 5), u.ID)).or(t)
	if h := get(s.History(ctx, "crud", 0)).or(t); len(h) != 1 {
		t.Fatalf("recreated case has %d changes", len(h))
	}
}

func testExample(t *testing.T, s store.Store) {
	ctx := context.Background()
	c, err := examples.Load(examples.Default)
	if err != nil {
		t.Fatal(err)
	}
	want := Canon(t, c)
	get(s.CreateCase(ctx, c, store.System)).or(t)
	got, _, err := s.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if Canon(t, got) != want {
		t.Fatalf("example case changed in the store:\n got %.400s\nwant %.400s", Canon(t, got), want)
	}
	if err := crux.Validate(got); err != nil {
		t.Fatal(err)
	}
}

func testConflicts(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := get(s.CreateUser(ctx, "u", "h")).or(t)
	get(s.CreateCase(ctx, NewCase("k", 4, 2, 1), u.ID)).or(t)
	// Two PutCase from the same version: exactly one wins.
	for round := range 5 {
		c, v, err := s.Case(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cc := *c
				cc.Title = fmt.Sprintf("round %d writer %d", round, i)
				_, errs[i] = s.PutCase(ctx, &cc, v, u.ID)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrConflict):
			default:
				t.Fatalf("PutCase race: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d PutCase writers won, want exactly 1 (%v)", round, won, errs)
		}
	}
	// Two raters of the same cell from the same version: exactly one wins.
	for round := range 5 {
		_, v, _ := s.Case(ctx, "k")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				val := []crux.RatingValue{crux.Consistent, crux.Inconsistent}[i]
				_, errs[i] = s.SetRating(ctx, "k", "E2", "H1", u.ID, crux.Rating{Value: val}, v)
			}()
		}
		wg.Wait()
		if n := countNil(errs); n != 1 || (!errors.Is(errs[0], store.ErrConflict) && !errors.Is(errs[1], store.ErrConflict)) {
			t.Fatalf("round %d: same-cell race: %v, want one success and one ErrConflict", round, errs)
		}
	}
	// Different cells from the same version both succeed.
	_, v, _ := s.Case(ctx, "k")
	get(s.SetRating(ctx, "k", "E1", "H1", u.ID, crux.Rating{Value: crux.VeryConsistent}, v)).or(t)
	get(s.SetRating(ctx, "k", "E1", "H2", u.ID, crux.Rating{Value: crux.VeryInconsistent}, v)).or(t)
	// The first cell again from the old version: conflict.
	_, err := s.SetRating(ctx, "k", "E1", "H1", u.ID, crux.Rating{Value: crux.Neutral}, v)
	wantErr(t, err, store.ErrConflict, "stale cell write")
	// A version from the future: conflict.
	_, err = s.SetRating(ctx, "k", "E3", "H1", u.ID, crux.Rating{Value: crux.Neutral}, v+100)
	wantErr(t, err, store.ErrConflict, "future version")
	// A structural write from before a rating: conflict, and the rating stays.
	c, _, _ := s.Case(ctx, "k")
	_, err = s.PutCase(ctx, c, v, u.ID)
	wantErr(t, err, store.ErrConflict, "PutCase after a rating")
	c, _, _ = s.Case(ctx, "k")
	if c.Evidence[0].Ratings["H1"].Value != crux.VeryConsistent || c.Evidence[0].Ratings["H2"].Value != crux.VeryInconsistent {
		t.Fatalf("ratings lost: %+v", c.Evidence[0].Ratings)
	}
}

// RatingsByVersion decodes the rating changes of a history, by version;
// a rating change whose detail does not decode fails the test.
func RatingsByVersion(t testing.TB, hist []store.Change) map[store.Version]store.RatingDetail {
	t.Helper()
	m := map[store.Version]store.RatingDetail{}
	for _, ch := range hist {
		if ch.Kind != store.KindRating {
			continue
		}
		var d store.RatingDetail
		if err := json.Unmarshal(ch.Detail, &d); err != nil {
			t.Fatalf("history version %d: rating detail %s: %v", ch.Version, ch.Detail, err)
		}
		m[ch.Version] = d
	}
	return m
}

func countNil(errs []error) int {
	n := 0
	for _, e := range errs {
		if e == nil {
			n++
		}
	}
	return n
}

func testAnalystRatings(t *testing.T, s store.Store) {
	ctx := context.Background()
	alice := get(s.CreateUser(ctx, "alice", "h")).or(t)
	bob := get(s.CreateUser(ctx, "bob", "h")).or(t)
	carol := get(s.CreateUser(ctx, "carol", "h")).or(t)
	dave := get(s.CreateUser(ctx, "dave", "h")).or(t)
	get(s.CreateCase(ctx, NewCase("r", 3, 2, 7), alice.ID)).or(t)
	if err := s.Grant(ctx, "r", bob.ID, store.Editor, alice.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Grant(ctx, "r", carol.ID, store.Viewer, alice.ID); err != nil {
		t.Fatal(err)
	}
	lik := 0.8
	v := get(s.SetRating(ctx, "r", "E1", "H1", alice.ID, crux.Rating{Value: crux.VeryConsistent, Likelihood: &lik, Reason: "seen"}, store.AnyVersion)).or(t)
	v = get(s.SetRating(ctx, "r", "E1", "H1", bob.ID, crux.Rating{Value: crux.Inconsistent}, v)).or(t)
	c, _, _ := s.Case(ctx, "r")
	if r := c.Evidence[0].Ratings["H1"]; r.Value != crux.Inconsistent || r.Analyst != "bob" {
		t.Fatalf("case rating %+v, want bob's I", r)
	}
	ars := get(s.AnalystRatings(ctx, "r")).or(t)
	if len(ars) != 2 {
		t.Fatalf("AnalystRatings = %+v, want 2", ars)
	}
	a, b := ars[0], ars[1]
	if a.Analyst != alice.ID || a.AnalystName != "alice" || a.Rating.Value != crux.VeryConsistent || a.Rating.Likelihood == nil || *a.Rating.Likelihood != 0.8 || a.Rating.Reason != "seen" {
		t.Fatalf("alice's rating %+v", a)
	}
	if b.Analyst != bob.ID || b.Rating.Value != crux.Inconsistent || b.Version != v {
		t.Fatalf("bob's rating %+v (version want %d)", b, v)
	}
	_, err := s.SetRating(ctx, "r", "E1", "H1", carol.ID, crux.Rating{Value: crux.Neutral}, store.AnyVersion)
	wantErr(t, err, store.ErrForbidden, "viewer rating")
	_, err = s.SetRating(ctx, "r", "E1", "H1", dave.ID, crux.Rating{Value: crux.Neutral}, store.AnyVersion)
	wantErr(t, err, store.ErrForbidden, "stranger rating")
	_, err = s.SetRating(ctx, "r", "E9", "H1", alice.ID, crux.Rating{Value: crux.Neutral}, store.AnyVersion)
	wantErr(t, err, store.ErrNotFound, "unknown evidence")
	_, err = s.SetRating(ctx, "r", "E1", "H9", alice.ID, crux.Rating{Value: crux.Neutral}, store.AnyVersion)
	wantErr(t, err, store.ErrNotFound, "unknown hypothesis")
	_, err = s.SetRating(ctx, "nope", "E1", "H1", alice.ID, crux.Rating{Value: crux.Neutral}, store.AnyVersion)
	wantErr(t, err, store.ErrNotFound, "unknown case")
	_, err = s.SetRating(ctx, "r", "E1", "H1", alice.ID, crux.Rating{Value: "Z"}, store.AnyVersion)
	wantErr(t, err, store.ErrInvalid, "bad value")
	bad := 1.5
	_, err = s.SetRating(ctx, "r", "E1", "H1", alice.ID, crux.Rating{Value: crux.Neutral, Likelihood: &bad}, store.AnyVersion)
	wantErr(t, err, store.ErrInvalid, "bad likelihood")
	// System sets the case rating only.
	get(s.SetRating(ctx, "r", "E2", "H2", store.System, crux.Rating{Value: crux.Neutral, Suggested: true, Reason: "rule"}, store.AnyVersion)).or(t)
	c, _, _ = s.Case(ctx, "r")
	if r := c.Evidence[1].Ratings["H2"]; r.Value != crux.Neutral || !r.Suggested || r.Reason != "rule" {
		t.Fatalf("system rating %+v", r)
	}
	if n := len(get(s.AnalystRatings(ctx, "r")).or(t)); n != 2 {
		t.Fatalf("system rating added an analyst rating (%d)", n)
	}
	// Clearing by bob clears the case cell and bob's own; alice's stays.
	get(s.SetRating(ctx, "r", "E1", "H1", bob.ID, crux.Rating{}, store.AnyVersion)).or(t)
	c, _, _ = s.Case(ctx, "r")
	if r, ok := c.Evidence[0].Ratings["H1"]; ok {
		t.Fatalf("cleared cell still rated %+v", r)
	}
	if ars := get(s.AnalystRatings(ctx, "r")).or(t); len(ars) != 1 || ars[0].Analyst != alice.ID {
		t.Fatalf("after clearing: %+v", ars)
	}
	// Dropping a hypothesis drops its analyst ratings too.
	get(s.UpdateCase(ctx, "r", store.AnyVersion, alice.ID, func(c *crux.Case) error {
		c.Hypotheses = c.Hypotheses[1:]
		for i := range c.Evidence {
			delete(c.Evidence[i].Ratings, "H1")
		}
		return nil
	})).or(t)
	if ars := get(s.AnalystRatings(ctx, "r")).or(t); len(ars) != 0 {
		t.Fatalf("ratings of a removed hypothesis remain: %+v", ars)
	}
	_, err = s.SetRating(ctx, "r", "E1", "H1", alice.ID, crux.Rating{Value: crux.Neutral}, store.AnyVersion)
	wantErr(t, err, store.ErrNotFound, "rating a removed hypothesis")
}

func testAccess(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := get(s.CreateUser(ctx, "o", "h")).or(t)
	e := get(s.CreateUser(ctx, "e", "h")).or(t)
	x := get(s.CreateUser(ctx, "x", "h")).or(t)
	get(s.CreateCase(ctx, NewCase("a", 1, 1, 1), o.ID)).or(t)
	get(s.CreateCase(ctx, NewCase("b", 1, 1, 1), o.ID)).or(t)
	role := func(u store.UserID) store.Role { return get(s.Role(ctx, "a", u)).or(t) }
	if role(o.ID) != store.Owner || role(e.ID) != store.RoleNone || role(store.System) != store.Owner {
		t.Fatalf("initial roles %q %q %q", role(o.ID), role(e.ID), role(store.System))
	}
	noErr(t, s.Grant(ctx, "a", e.ID, store.Editor, o.ID))
	if role(e.ID) != store.Editor || !role(e.ID).CanEdit() || role(e.ID).CanManage() {
		t.Fatalf("editor role %q", role(e.ID))
	}
	noErr(t, s.Grant(ctx, "a", e.ID, store.Viewer, o.ID))
	if role(e.ID) != store.Viewer || role(e.ID).CanEdit() || !role(e.ID).CanRead() {
		t.Fatalf("downgraded role %q", role(e.ID))
	}
	noErr(t, s.Grant(ctx, "a", store.Everyone, store.Viewer, o.ID))
	if role(x.ID) != store.Viewer {
		t.Fatalf("role via Everyone %q", role(x.ID))
	}
	noErr(t, s.Grant(ctx, "a", e.ID, store.Editor, o.ID))
	if role(e.ID) != store.Editor {
		t.Fatalf("own grant above Everyone's: %q", role(e.ID))
	}
	l := get(s.ListCases(ctx, e.ID)).or(t)
	if len(l) != 1 || l[0].ID != "a" || l[0].Role != store.Editor {
		t.Fatalf("ListCases(editor) = %+v", l)
	}
	if l := get(s.ListCases(ctx, x.ID)).or(t); len(l) != 1 || l[0].Role != store.Viewer {
		t.Fatalf("ListCases(everyone) = %+v", l)
	}
	g := get(s.Grants(ctx, "a")).or(t)
	if len(g) != 3 {
		t.Fatalf("Grants = %+v", g)
	}
	noErr(t, s.Grant(ctx, "a", store.Everyone, store.RoleNone, o.ID))
	if role(x.ID) != store.RoleNone {
		t.Fatalf("revoked Everyone still gives %q", role(x.ID))
	}
	wantErr(t, s.Grant(ctx, "a", 999999, store.Viewer, o.ID), store.ErrNotFound, "grant to unknown user")
	wantErr(t, s.Grant(ctx, "zz", e.ID, store.Viewer, o.ID), store.ErrNotFound, "grant on unknown case")
	wantErr(t, s.Grant(ctx, "a", e.ID, "admin", o.ID), store.ErrInvalid, "unknown role")
	wantErr(t, s.Grant(ctx, "a", store.System, store.Viewer, o.ID), store.ErrInvalid, "grant to System")
	wantErr(t, s.Grant(ctx, "a", e.ID, store.Viewer, 999999), store.ErrNotFound, "grant by an unknown user")
	// the case keeps an owner
	wantErr(t, s.Grant(ctx, "a", o.ID, store.Editor, o.ID), store.ErrLastOwner, "demoting the only owner")
	noErr(t, s.Grant(ctx, "a", e.ID, store.Owner, o.ID))
	noErr(t, s.Grant(ctx, "a", o.ID, store.Editor, e.ID))
	wantErr(t, s.Grant(ctx, "a", e.ID, store.RoleNone, e.ID), store.ErrLastOwner, "revoking the only owner")
	noErr(t, s.Grant(ctx, "a", o.ID, store.Owner, e.ID))
	noErr(t, s.Grant(ctx, "a", o.ID, store.Owner, e.ID)) // no change: not logged
	// the access log, oldest first, with who did it
	type ch struct {
		by, user string
		from, to store.Role
	}
	var got []ch
	for _, c := range get(s.AccessLog(ctx, "a")).or(t) {
		if c.At.IsZero() {
			t.Errorf("access change without a time: %+v", c)
		}
		got = append(got, ch{c.ByName, c.UserName, c.From, c.To})
	}
	want := []ch{{"o", "o", "", "owner"}, {"o", "e", "", "editor"}, {"o", "e", "editor", "viewer"}, {"o", "", "", "viewer"},
		{"o", "e", "viewer", "editor"}, {"o", "", "viewer", ""}, {"o", "e", "editor", "owner"}, {"e", "o", "owner", "editor"}, {"e", "o", "editor", "owner"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("AccessLog:\n got %v\nwant %v", got, want)
	}
	_, err := s.AccessLog(ctx, "zz")
	wantErr(t, err, store.ErrNotFound, "access log of an unknown case")
	_, err = s.Role(ctx, "zz", e.ID)
	wantErr(t, err, store.ErrNotFound, "role on unknown case")
}

func testHistoryRestore(t *testing.T, s store.Store) {
	ctx := context.Background()
	u := get(s.CreateUser(ctx, "h", "h")).or(t)
	states := map[store.Version]string{}
	snap := func(v store.Version) {
		c, cv, err := s.Case(ctx, "h")
		if err != nil {
			t.Fatal(err)
		}
		if cv != v {
			t.Fatalf("case at version %d, want %d", cv, v)
		}
		states[v] = Canon(t, c)
	}
	v := get(s.CreateCase(ctx, NewCase("h", 5, 3, 11), u.ID)).or(t)
	snap(v)
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range 30 {
		switch i % 6 {
		case 5: // structural: add an evidence item rated on H1
			v = get(s.UpdateCase(ctx, "h", v, u.ID, func(c *crux.Case) error {
				id := fmt.Sprintf("X%d", i)
				c.Evidence = append(c.Evidence, crux.Evidence{ID: id, Text: "later " + id, Kind: crux.Fact,
					Ratings: map[string]crux.Rating{"H1": {Value: crux.Consistent}}})
				return nil
			})).or(t)
		case 4: // structural: drop the first evidence item
			v = get(s.UpdateCase(ctx, "h", v, u.ID, func(c *crux.Case) error { c.Evidence = c.Evidence[1:]; return nil })).or(t)
		default:
			c, _, _ := s.Case(ctx, "h")
			e := c.Evidence[rng.IntN(len(c.Evidence))].ID
			h := fmt.Sprintf("H%d", 1+rng.IntN(3))
			r := crux.Rating{Value: crux.RatingValues[rng.IntN(len(crux.RatingValues))]}
			if i%7 == 3 {
				r = crux.Rating{} // clear
			}
			v = get(s.SetRating(ctx, "h", e, h, u.ID, r, v)).or(t)
		}
		snap(v)
	}
	hist := get(s.History(ctx, "h", 0)).or(t)
	if len(hist) != int(v) {
		t.Fatalf("history has %d changes, want %d", len(hist), v)
	}
	for i, ch := range hist {
		if ch.Version != v-store.Version(i) || ch.At.IsZero() || ch.By != u.ID || !json.Valid(ch.Detail) {
			t.Fatalf("history[%d] = %+v", i, ch)
		}
	}
	if hist[len(hist)-1].Kind != store.KindCreate {
		t.Fatalf("first change kind %q", hist[len(hist)-1].Kind)
	}
	if h3 := get(s.History(ctx, "h", 3)).or(t); len(h3) != 3 || h3[0].Version != v {
		t.Fatalf("History limit 3 = %d changes", len(h3))
	}
	for at := store.Version(1); at <= v; at++ {
		c, err := s.CaseAt(ctx, "h", at)
		if err != nil {
			t.Fatal(err)
		}
		if got := Canon(t, c); got != states[at] {
			t.Fatalf("CaseAt(%d):\n got %s\nwant %s", at, got, states[at])
		}
	}
	for _, bad := range []store.Version{0, v + 1, -5} {
		_, err := s.CaseAt(ctx, "h", bad)
		wantErr(t, err, store.ErrNotFound, fmt.Sprintf("CaseAt(%d)", bad))
	}
	// Restore to several points, each a new change; the current state is
	// then the restored one, and restoring back to the latest works too.
	latest := v
	for _, to := range []store.Version{1, 7, latest} {
		nv := get(s.Restore(ctx, "h", to, u.ID)).or(t)
		if nv != v+1 {
			t.Fatalf("Restore returned %d, want %d", nv, v+1)
		}
		v = nv
		c, _, _ := s.Case(ctx, "h")
		if Canon(t, c) != states[to] {
			t.Fatalf("after Restore(%d):\n got %s\nwant %s", to, Canon(t, c), states[to])
		}
		states[v] = states[to]
		h := get(s.History(ctx, "h", 1)).or(t)
		var d store.ChangeDetail
		_ = json.Unmarshal(h[0].Detail, &d)
		if h[0].Kind != store.KindRestore || d.Restored != to {
			t.Fatalf("restore change %+v %s", h[0], h[0].Detail)
		}
		// A rating after a restore still lands and can be rewound.
		if err := func() error {
			cc, _, _ := s.Case(ctx, "h")
			_, err := s.SetRating(ctx, "h", cc.Evidence[0].ID, "H2", u.ID, crux.Rating{Value: crux.NotApplicable}, v)
			return err
		}(); err != nil {
			t.Fatal(err)
		}
		v++
		snap(v)
	}
	for at := store.Version(1); at <= v; at++ {
		c, err := s.CaseAt(ctx, "h", at)
		if err != nil {
			t.Fatal(err)
		}
		if Canon(t, c) != states[at] {
			t.Fatalf("CaseAt(%d) after restores differs", at)
		}
	}
	_, err := s.Restore(ctx, "h", v+5, u.ID)
	wantErr(t, err, store.ErrNotFound, "restore to a version that does not exist")
	if cv := get(s.CaseVersion(ctx, "h")).or(t); cv != v {
		t.Fatalf("CaseVersion = %d, want %d", cv, v)
	}
	_, err = s.CaseVersion(ctx, "nope")
	wantErr(t, err, store.ErrNotFound, "CaseVersion of an unknown case")
	_, err = s.RestoreIf(ctx, "h", 1, v-1, u.ID)
	wantErr(t, err, store.ErrConflict, "RestoreIf on a stale version")
	if cv := get(s.CaseVersion(ctx, "h")).or(t); cv != v {
		t.Fatalf("a refused RestoreIf changed the case (version %d, want %d)", cv, v)
	}
	if nv := get(s.RestoreIf(ctx, "h", 1, v, u.ID)).or(t); nv != v+1 {
		t.Fatalf("RestoreIf = %d, want %d", nv, v+1)
	}
	if c, _, _ := s.Case(ctx, "h"); Canon(t, c) != states[1] {
		t.Fatal("RestoreIf(1) did not restore version 1")
	}
}

func testLargeCase(t *testing.T, s store.Store) {
	ctx := context.Background()
	n := 5000
	c := NewCase("big", n, 4, 99)
	want := Canon(t, c)
	t0 := time.Now()
	get(s.CreateCase(ctx, c, store.System)).or(t)
	t1 := time.Now()
	got, v, err := s.Case(ctx, "big")
	if err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	if Canon(t, got) != want {
		t.Fatal("large case changed in the store")
	}
	got.Evidence[n-1].Text = "edited"
	got.Evidence[n-1].Ratings["H1"] = crux.Rating{Value: crux.VeryInconsistent}
	v = get(s.PutCase(ctx, got, v, store.System)).or(t)
	t3 := time.Now()
	if nv := get(s.SetRating(ctx, "big", "E2500", "H3", store.System, crux.Rating{Value: crux.Neutral}, v)).or(t); nv != v+1 {
		t.Fatalf("SetRating version %d, want %d", nv, v+1)
	}
	t4 := time.Now()
	back, _, _ := s.Case(ctx, "big")
	if back.Evidence[n-1].Text != "edited" || back.Evidence[n-1].Ratings["H1"].Value != crux.VeryInconsistent || back.Evidence[2499].Ratings["H3"].Value != crux.Neutral {
		t.Fatal("edits of the large case lost")
	}
	h := get(s.History(ctx, "big", 2)).or(t)
	var d store.ChangeDetail
	_ = json.Unmarshal(h[1].Detail, &d)
	if d.Changed["evidence"] != 1 || d.Changed["ratings"] != 1 {
		t.Fatalf("PutCase detail %s: want one evidence item and one rating changed", h[1].Detail)
	}
	if old, err := s.CaseAt(ctx, "big", 1); err != nil || Canon(t, old) != want {
		t.Fatalf("CaseAt(1) of the large case: %v", err)
	}
	t.Logf("%d×4 case: create %v, read %v, put %v, rate %v", n, t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3))
}

func testHostile(t *testing.T, s store.Store) {
	ctx := context.Background()
	hostile := []string{
		`'); DROP TABLE cases; --`,
		`"; DELETE FROM users WHERE '1'='1`,
		`Robert'); DROP TABLE ratings;--`,
		`back\slash \' \" $1 ? %s %v {{.}} <script>alert(1)</script>`,
		"unicode: Пєсков 習近平 🚁 \u200b\u202e RTL",
		strings.Repeat("long ", 20000),
	}
	u := get(s.CreateUser(ctx, hostile[0], hostile[1])).or(t)
	if got := get(s.UserByName(ctx, hostile[0])).or(t); got.ID != u.ID || got.PasswordHash != hostile[1] {
		t.Fatalf("hostile user name round trip: %+v", got)
	}
	c := NewCase("hostile", len(hostile), 2, 3)
	c.Title, c.Question = hostile[0], hostile[3]
	for i, h := range hostile {
		c.Evidence[i].Text = h
		c.Evidence[i].Notes = h
		c.Evidence[i].Ratings["H1"] = crux.Rating{Value: crux.Consistent, Reason: h}
	}
	c.Sources[0].Text = hostile[4] + " " + c.Sources[0].Text
	c.Claims[0].Citations[0].Content = crux.Span{Start: 0, End: 9}
	want := Canon(t, c)
	v := get(s.CreateCase(ctx, c, u.ID)).or(t)
	got, _, err := s.Case(ctx, "hostile")
	if err != nil {
		t.Fatal(err)
	}
	if Canon(t, got) != want {
		t.Fatal("hostile strings changed in the store")
	}
	get(s.SetRating(ctx, "hostile", "E1", "H2", u.ID, crux.Rating{Value: crux.Inconsistent, Reason: hostile[2]}, v)).or(t)
	if l := get(s.ListCases(ctx, store.System)).or(t); len(l) != 1 || l[0].Title != hostile[0] {
		t.Fatalf("ListCases after hostile input = %+v", l)
	}

	// NUL bytes and invalid UTF-8 are refused with the field named.
	for _, tc := range []struct {
		name, wantIn string
		edit         func(*crux.Case)
	}{
		{"nul title", "title", func(c *crux.Case) { c.Title = "a\x00b" }},
		{"nul evidence", "evidence[2].text", func(c *crux.Case) { c.Evidence[2].Text = "x\x00" }},
		{"nul reason", "evidence[0].ratings.H1.reason", func(c *crux.Case) { c.Evidence[0].Ratings["H1"] = crux.Rating{Value: "C", Reason: "\x00"} }},
		{"bad utf8 actor", "actors[0].name", func(c *crux.Case) { c.Actors[0].Name = "Pes\xc3kov" }},
		{"bad utf8 alias", "actors[0].aliases[0]", func(c *crux.Case) { c.Actors[0].Aliases = []string{"\xff"} }},
	} {
		cc := NewCase("h2", 3, 2, 1)
		tc.edit(cc)
		_, err := s.CreateCase(ctx, cc, u.ID)
		wantErr(t, err, store.ErrInvalid, tc.name)
		if !strings.Contains(err.Error(), tc.wantIn) {
			t.Fatalf("%s: error %q does not name %s", tc.name, err, tc.wantIn)
		}
	}
	_, err = s.SetRating(ctx, "hostile", "E1", "H1", u.ID, crux.Rating{Value: crux.Neutral, Reason: "a\x00"}, store.AnyVersion)
	wantErr(t, err, store.ErrInvalid, "NUL in a rating reason")
	_, err = s.UserByName(ctx, "\xff\xfe")
	wantErr(t, err, store.ErrInvalid, "invalid UTF-8 name lookup")
	for _, id := range []string{hostile[0], "x\x00", "\xff", ""} {
		_, _, err := s.Case(ctx, id)
		if !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("Case(%q): %v", id, err)
		}
	}
	// Everything is still there.
	if got, _, err := s.Case(ctx, "hostile"); err != nil || got.Title != hostile[0] {
		t.Fatalf("after hostile input: %v", err)
	}
	if _, err := s.UserByName(ctx, hostile[0]); err != nil {
		t.Fatal(err)
	}
}

func testConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	const writers, writes = 20, 50
	var users []store.User
	for i := range writers {
		users = append(users, get(s.CreateUser(ctx, fmt.Sprintf("w%02d", i), "h")).or(t))
	}
	owner := users[0]
	get(s.CreateCase(ctx, NewCase("cc", 20, 5, 1), owner.ID)).or(t)
	for _, u := range users[1:] {
		noErr(t, s.Grant(ctx, "cc", u.ID, store.Editor, owner.ID))
	}
	type ack struct {
		e, h string
		val  crux.RatingValue
		v    store.Version
	}
	var mu sync.Mutex
	var acks []ack
	conflicts := 0
	var wg sync.WaitGroup
	errc := make(chan error, writers)
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 9))
			for i := range writes {
				// Half the writes go to the writer's own cells, half to
				// three hot cells everybody fights over.
				e, h := fmt.Sprintf("E%d", 1+g%20), fmt.Sprintf("H%d", 1+i%5)
				if i%2 == 1 {
					e, h = "E1", fmt.Sprintf("H%d", 1+rng.IntN(3))
				}
				val := crux.RatingValues[rng.IntN(5)]
				for try := 0; ; try++ {
					_, v, err := s.Case(ctx, "cc")
					if err != nil {
						errc <- err
						return
					}
					nv, err := s.SetRating(ctx, "cc", e, h, users[g].ID, crux.Rating{Value: val}, v)
					if errors.Is(err, store.ErrConflict) && try < 100 {
						mu.Lock()
						conflicts++
						mu.Unlock()
						continue
					}
					if err != nil {
						errc <- fmt.Errorf("writer %d write %d: %w", g, i, err)
						return
					}
					mu.Lock()
					acks = append(acks, ack{e, h, val, nv})
					mu.Unlock()
					break
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	if len(acks) != writers*writes {
		t.Fatalf("%d acknowledged writes, want %d", len(acks), writers*writes)
	}
	// Versions are unique; the final value of each cell is its last
	// acknowledged write; every write is in the history.
	last := map[[2]string]ack{}
	seen := map[store.Version]bool{}
	for _, a := range acks {
		if seen[a.v] {
			t.Fatalf("version %d acknowledged twice", a.v)
		}
		seen[a.v] = true
		k := [2]string{a.e, a.h}
		if a.v > last[k].v {
			last[k] = a
		}
	}
	c, v, _ := s.Case(ctx, "cc")
	if int(v) != 1+writers*writes {
		t.Fatalf("case version %d, want %d", v, 1+writers*writes)
	}
	for k, a := range last {
		var got crux.RatingValue
		for _, e := range c.Evidence {
			if e.ID == k[0] {
				got = e.Ratings[k[1]].Value
			}
		}
		if got != a.val {
			t.Fatalf("cell %v = %q, want the last acknowledged write %q (version %d)", k, got, a.val, a.v)
		}
	}
	// CaseAt the last version (replayed from the newest snapshot) is the case.
	if at := get(s.CaseAt(ctx, "cc", v)).or(t); Canon(t, at) != Canon(t, c) {
		t.Fatal("CaseAt(latest) differs from Case after many rating writes")
	}
	hist := get(s.History(ctx, "cc", 0)).or(t)
	byV := RatingsByVersion(t, hist)
	for _, a := range acks {
		d := byV[a.v]
		if d.Evidence != a.e || d.Hypothesis != a.h || d.To == nil || d.To.Value != a.val {
			t.Fatalf("history at %d = %+v, want %s×%s=%s", a.v, d, a.e, a.h, a.val)
		}
	}
	t.Logf("%d writes, %d conflicts retried", len(acks), conflicts)
}
