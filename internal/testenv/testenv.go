// Package testenv lets tests find what lives outside the module (the
// development corpus in ../shared, Chromium, PostgreSQL) with one rule: a
// test that needs a missing resource skips on a developer's machine and
// fails in CI (CI=true), where .ci/run installs everything.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/cruxlab/crux"
	"github.com/jackc/pgx/v5"
)

// InCI reports whether the tests run in CI, where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" }

// Require skips the test (or fails it in CI) when err says that what is
// missing.
func Require(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if InCI() {
		t.Fatalf("%s is required in CI: %v", what, err)
	}
	t.Skipf("%s not available: %v", what, err)
}

// Root returns the module's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Shared returns the path of elem under ../shared beside the module,
// skipping the test (or failing it in CI) when it does not exist.
func Shared(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Root(), "..", "shared"}, elem...)...)
	_, err := os.Stat(p)
	Require(t, "../shared/"+filepath.ToSlash(filepath.Join(elem...)), err)
	return p
}

// SeedArticle returns the path of the reference article.
func SeedArticle(t testing.TB) string {
	t.Helper()
	return Shared(t, "corpus", "seed", "kremlin-drone-2023-05-04.txt")
}

// ReadShared reads a file under ../shared, skipping the test (or failing it
// in CI) when it does not exist.
func ReadShared(t testing.TB, elem ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(Shared(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// LoadCase reads and decodes the case file at path (a test's testdata),
// failing the test with the file's name when it cannot.
func LoadCase(t testing.TB, path string) *crux.Case {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := crux.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// PostgresDSN returns the PostgreSQL server the tests may use, named by
// CRUX_TEST_POSTGRES (for example
// postgres://postgres:postgres@127.0.0.1:5432/crux_test?sslmode=disable).
// When it is unset, ok is false, and in CI the test fails: CI must test
// both store backends.
func PostgresDSN(t testing.TB) (dsn string, ok bool) {
	t.Helper()
	dsn = os.Getenv("CRUX_TEST_POSTGRES")
	if dsn == "" && InCI() {
		t.Fatal("CRUX_TEST_POSTGRES is not set: CI must run the PostgreSQL tests (.ci/run starts a server and sets it)")
	}
	return dsn, dsn != ""
}

// Chromium returns the path of a Chromium to test with: $CRUX_CHROMIUM, or
// Debian's chromium on the PATH. Without one the test skips, or fails in CI.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CRUX_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	Require(t, "Chromium (apt-get install chromium)", errors.New("no chromium on the PATH and CRUX_CHROMIUM unset"))
	return ""
}

// ChromiumOptions are the allocator options every browser test uses:
// headless, no sandbox (CI runs as root), a fresh profile in profileDir and
// none of the background traffic that a closed network refuses.
func ChromiumOptions(t testing.TB, profileDir string, width, height int) []chromedp.ExecAllocatorOption {
	t.Helper()
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profileDir),
		chromedp.WindowSize(width, height),
	}
}

// PostgresSchema creates a schema of its own for one test on the server
// dsn names (dropped at cleanup) and returns a DSN whose search_path is
// that schema, so that tests never see each other's tables.
func PostgresSchema(t testing.TB, dsn string) string {
	t.Helper()
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
		if c, err := pgx.Connect(context.Background(), dsn); err == nil {
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
	return u.String()
}
