package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/internal/cputime"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/store/storetest"
)

func benchStore(b *testing.B, c *crux.Case, opts ...string) *storeAndCase {
	b.Helper()
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	if len(opts) > 0 {
		dsn += "?" + opts[0]
	}
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	u, err := s.CreateUser(ctx, "bench", "h")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, c, u.ID); err != nil {
		b.Fatal(err)
	}
	return &storeAndCase{s: s, user: u.ID, c: c}
}

type storeAndCase struct {
	s    interface{ store.Store }
	user store.UserID
	c    *crux.Case
}

// BenchmarkSetRating measures rating writes, one writer at a time, each
// committed with synchronous=FULL or NORMAL (the default).
func BenchmarkSetRating(b *testing.B) {
	for _, mode := range []string{"full", "normal"} {
		b.Run("sync="+mode, func(b *testing.B) { benchSetRating(b, "sync="+mode) })
	}
}

func benchSetRating(b *testing.B, opts string) {
	sc := benchStore(b, storetest.NewCase("b", 100, 5, 1), opts)
	ctx := context.Background()
	cpu0 := cputime.Process()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e, h := fmt.Sprintf("E%d", 1+i%100), fmt.Sprintf("H%d", 1+i%5)
		if _, err := sc.s.SetRating(ctx, "b", e, h, sc.user, crux.Rating{Value: crux.RatingValues[i%5]}, store.AnyVersion); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
	reportCPU(b, cpu0, "writes")
}

// BenchmarkSetRatingParallel measures rating writes from 4 goroutines per
// core (as from many HTTP handlers); writes arriving together share a
// commit.
func BenchmarkSetRatingParallel(b *testing.B) {
	for _, mode := range []string{"full", "normal"} {
		b.Run("sync="+mode, func(b *testing.B) { benchSetRatingParallel(b, "sync="+mode) })
	}
}

func benchSetRatingParallel(b *testing.B, opts string) {
	sc := benchStore(b, storetest.NewCase("b", 100, 5, 1), opts)
	ctx := context.Background()
	var n atomic.Int64
	cpu0 := cputime.Process()
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(n.Add(1))
			e, h := fmt.Sprintf("E%d", 1+i%100), fmt.Sprintf("H%d", 1+(i/100)%5)
			if _, err := sc.s.SetRating(ctx, "b", e, h, sc.user, crux.Rating{Value: crux.RatingValues[i%5]}, store.AnyVersion); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
	reportCPU(b, cpu0, "writes")
}

func benchRead(b *testing.B, c *crux.Case, parallel bool) {
	sc := benchStore(b, c)
	ctx := context.Background()
	doc, _ := json.Marshal(c)
	b.SetBytes(int64(len(doc)))
	cpu0 := cputime.Process()
	b.ReportAllocs()
	read := func() {
		if _, _, err := sc.s.Case(ctx, c.ID); err != nil {
			b.Error(err)
		}
	}
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				read()
			}
		})
	} else {
		for b.Loop() {
			read()
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
	reportCPU(b, cpu0, "reads")
}

// BenchmarkCaseRead reads the example case (structure plus case ratings).
func BenchmarkCaseRead(b *testing.B) {
	c, err := examples.Load(examples.Default)
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, c, false)
}

// BenchmarkCaseReadParallel is BenchmarkCaseRead from GOMAXPROCS goroutines.
func BenchmarkCaseReadParallel(b *testing.B) {
	c, err := examples.Load(examples.Default)
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, c, true)
}

// BenchmarkCaseReadLarge reads a 1 000 × 5 case.
func BenchmarkCaseReadLarge(b *testing.B) {
	benchRead(b, storetest.NewCase("large", 1000, 5, 1), false)
}

// reportCPU reports operations per CPU-second since cpu0.
func reportCPU(b *testing.B, cpu0 time.Duration, what string) {
	if d := cputime.Process() - cpu0; d > 0 {
		b.ReportMetric(float64(b.N)/d.Seconds(), what+"/cpu-s")
	}
}
