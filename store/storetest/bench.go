package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/cputime"
	"github.com/cruxlab/crux/store"
)

// BenchOptions shape the backends' shared benchmarks.
type BenchOptions struct {
	// Parallel runs the operation from several goroutines per core (as
	// from many HTTP handlers); otherwise one at a time.
	Parallel bool
	// CPU also reports operations per CPU-second of this process: a
	// measure for an embedded database (SQLite), whose work is all in the
	// process, not for a server's.
	CPU bool
}

// benchUser creates the benchmarks' user and stores c in s.
func benchUser(b *testing.B, s store.Store, c *crux.Case) store.UserID {
	b.Helper()
	ctx := context.Background()
	u, err := s.CreateUser(ctx, "bench", "h")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, c, u.ID); err != nil {
		b.Fatal(err)
	}
	return u.ID
}

// BenchSetRating measures rating writes into a 100 × 5 case in s, every
// cell in turn, reporting writes/s. In parallel, 4 goroutines per core
// write (writes arriving together may share a commit).
func BenchSetRating(b *testing.B, s store.Store, o BenchOptions) {
	ctx := context.Background()
	user := benchUser(b, s, NewCase("b", 100, 5, 1))
	set := func(i int, hyp int) error {
		e, h := fmt.Sprintf("E%d", 1+i%100), fmt.Sprintf("H%d", 1+hyp%5)
		_, err := s.SetRating(ctx, "b", e, h, user, crux.Rating{Value: crux.RatingValues[i%5]}, store.AnyVersion)
		return err
	}
	cpu0 := cputime.Process()
	b.ReportAllocs()
	if o.Parallel {
		var n atomic.Int64
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := int(n.Add(1))
				if err := set(i, i/100); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		i := 0
		for b.Loop() {
			if err := set(i, i); err != nil {
				b.Fatal(err)
			}
			i++
		}
	}
	report(b, o, cpu0, "writes")
}

// BenchCaseRead stores c in s and measures reading it back (structure and
// case ratings), reporting reads/s and the case's JSON size as bytes.
func BenchCaseRead(b *testing.B, s store.Store, c *crux.Case, o BenchOptions) {
	ctx := context.Background()
	benchUser(b, s, c)
	doc, _ := json.Marshal(c)
	b.SetBytes(int64(len(doc)))
	read := func() error {
		_, _, err := s.Case(ctx, c.ID)
		return err
	}
	cpu0 := cputime.Process()
	b.ReportAllocs()
	if o.Parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := read(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		for b.Loop() {
			if err := read(); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, o, cpu0, "reads")
}

func report(b *testing.B, o BenchOptions, cpu0 time.Duration, what string) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), what+"/s")
	if d := cputime.Process() - cpu0; o.CPU && d > 0 {
		b.ReportMetric(float64(b.N)/d.Seconds(), what+"/cpu-s")
	}
}
