package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/store/storetest"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "crux.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}
