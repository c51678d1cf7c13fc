package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/store/storetest"
)

// TestTwoStoresOneFile: two stores on one file (as two processes) see each
// other's writes at once; no cached read goes stale, not even when the
// case is deleted and created again under the same ID.
func TestTwoStoresOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.CreateCase(ctx, storetest.NewCase("k", 3, 2, 1), store.System); err != nil {
		t.Fatal(err)
	}
	check := func(s store.Store, want string, wantV store.Version) {
		t.Helper()
		c, v, err := s.Case(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		if v != wantV || c.Title != want {
			t.Fatalf("read %q at version %d, want %q at %d", c.Title, v, want, wantV)
		}
	}
	check(a, "Case k", 1)
	check(b, "Case k", 1)
	if _, err := b.UpdateCase(ctx, "k", 1, store.System, func(c *crux.Case) error { c.Title = "by b"; return nil }); err != nil {
		t.Fatal(err)
	}
	check(a, "by b", 2)
	if _, err := a.SetRating(ctx, "k", "E1", "H1", store.System, crux.Rating{Value: crux.NotApplicable}, 2); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := b.Case(ctx, "k"); c.Evidence[0].Ratings["H1"].Value != crux.NotApplicable {
		t.Fatal("b does not see a's rating")
	}
	if err := b.DeleteCase(ctx, "k", store.AnyVersion); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Case(ctx, "k"); err == nil {
		t.Fatal("a still reads a case b deleted")
	}
	again := storetest.NewCase("k", 3, 2, 2)
	again.Title = "recreated"
	if _, err := b.CreateCase(ctx, again, store.System); err != nil {
		t.Fatal(err)
	}
	check(a, "recreated", 1)
	// a's write queue and b's serialise on the file's lock.
	done := make(chan error, 2)
	for _, s := range []store.Store{a, b} {
		go func() {
			var err error
			for i := 0; i < 50 && err == nil; i++ {
				_, err = s.SetRating(ctx, "k", "E2", "H2", store.System, crux.Rating{Value: crux.Consistent}, store.AnyVersion)
			}
			done <- err
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if v, _ := a.CaseVersion(ctx, "k"); v != 101 {
		t.Fatalf("version %d after 100 writes from two stores, want 101", v)
	}
}
