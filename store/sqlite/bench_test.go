package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/store/storetest"
)

// benchStore opens a fresh database file, with DSN options opts (e.g.
// "sync=full").
func benchStore(b *testing.B, opts ...string) store.Store {
	b.Helper()
	dsn := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	if len(opts) > 0 {
		dsn += "?" + opts[0]
	}
	s, err := sqlite.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkSetRating measures rating writes, one writer at a time, each
// committed with synchronous=FULL or NORMAL (the default).
func BenchmarkSetRating(b *testing.B) {
	for _, mode := range []string{"full", "normal"} {
		b.Run("sync="+mode, func(b *testing.B) {
			storetest.BenchSetRating(b, benchStore(b, "sync="+mode), storetest.BenchOptions{CPU: true})
		})
	}
}

// BenchmarkSetRatingParallel measures rating writes from 4 goroutines per
// core (as from many HTTP handlers); writes arriving together share a
// commit.
func BenchmarkSetRatingParallel(b *testing.B) {
	for _, mode := range []string{"full", "normal"} {
		b.Run("sync="+mode, func(b *testing.B) {
			storetest.BenchSetRating(b, benchStore(b, "sync="+mode), storetest.BenchOptions{Parallel: true, CPU: true})
		})
	}
}

// BenchmarkCaseRead reads the example case (structure plus case ratings).
func BenchmarkCaseRead(b *testing.B) {
	storetest.BenchCaseRead(b, benchStore(b), examples.KremlinDrone(), storetest.BenchOptions{CPU: true})
}

// BenchmarkCaseReadParallel is BenchmarkCaseRead from GOMAXPROCS goroutines.
func BenchmarkCaseReadParallel(b *testing.B) {
	storetest.BenchCaseRead(b, benchStore(b), examples.KremlinDrone(), storetest.BenchOptions{Parallel: true, CPU: true})
}

// BenchmarkCaseReadLarge reads a 1 000 × 5 case.
func BenchmarkCaseReadLarge(b *testing.B) {
	storetest.BenchCaseRead(b, benchStore(b), storetest.NewCase("large", 1000, 5, 1), storetest.BenchOptions{CPU: true})
}
