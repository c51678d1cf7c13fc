package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/postgres"
	"github.com/cruxlab/crux/store/storetest"
)

// testDSN returns the server named by CRUX_TEST_POSTGRES, e.g.
// postgres://postgres@localhost:5432/crux_test?sslmode=disable. Without it
// the tests skip, except under CI=true where they fail: CI must test both
// backends.
func testDSN(t testing.TB) string {
	dsn := os.Getenv("CRUX_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CRUX_TEST_POSTGRES is not set: CI must run the PostgreSQL store tests (start a server and set it, e.g. postgres://postgres@localhost:5432/crux_test?sslmode=disable)")
		}
		t.Skip("CRUX_TEST_POSTGRES not set: skipping PostgreSQL tests")
	}
	return dsn
}

// openFresh opens a store in a new schema of its own, dropped at cleanup.
func openFresh(t testing.TB) *postgres.Store {
	t.Helper()
	dsn := testDSN(t)
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "crux_test_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("CRUX_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(ctx, u.String())
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
	var n int
	if err := s.Pool().QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != 1 {
		t.Fatalf("schema_migrations has %d rows (%v), want 1", n, err)
	}
}
