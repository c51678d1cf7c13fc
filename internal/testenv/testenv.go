// Package testenv lets tests find what lives outside the module (the
// development corpus in ../shared, Chromium, PostgreSQL) with one rule: a
// test that needs a missing resource skips on a developer's machine and
// fails in CI (CI=true), where .ci/run installs everything.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
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
