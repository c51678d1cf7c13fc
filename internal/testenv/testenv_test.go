package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRoot(t *testing.T) {
	if _, err := os.Stat(filepath.Join(Root(), "go.mod")); err != nil {
		t.Fatalf("Root() = %s has no go.mod: %v", Root(), err)
	}
}

func TestSharedMissingSkipsOutsideCI(t *testing.T) {
	if InCI() {
		t.Skip("in CI a missing resource fails the test, which is what this would check")
	}
	ran := false
	t.Run("missing", func(t *testing.T) {
		defer func() { ran = true }()
		Shared(t, "no-such-file-anywhere")
		t.Error("Shared returned for a missing file")
	})
	if !ran {
		t.Fatal("subtest did not run")
	}
}
