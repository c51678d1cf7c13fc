package postgres_test

import (
	"context"
	"io/fs"
	"net/url"
	"os"
	"testing"

	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/postgres"
	"github.com/cruxlab/crux/store/storetest"
)

// testDSN returns the server named by CRUX_TEST_POSTGRES; without it the
// tests skip, except under CI=true where they fail: CI must test both
// backends.
func testDSN(t testing.TB) string {
	t.Helper()
	dsn, ok := testenv.PostgresDSN(t)
	if !ok {
		t.Skip("CRUX_TEST_POSTGRES not set: skipping PostgreSQL tests")
	}
	return dsn
}

// openFresh opens a store in a new schema of its own, dropped at cleanup.
func openFresh(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), testenv.PostgresSchema(t, testDSN(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	testDSN(t) // skip or fail once, not per subtest
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

// TestMigrationsIdempotent opens the same schema twice: the second open
// applies nothing and finds the data.
func TestMigrationsIdempotent(t *testing.T) {
	s := openFresh(t)
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, "x", "h"); err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := s.Pool().QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(testDSN(t))
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s2, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.UserByName(ctx, "x"); err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(os.DirFS("migrations"), "*.sql")
	var n int
	if err := s.Pool().QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(files) || n == 0 {
		t.Fatalf("schema_migrations has %d rows (%v), want %d (one per file)", n, err, len(files))
	}
}
