package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/storetest"
)

// BenchmarkSetRating measures rating writes from 4 goroutines per core.
func BenchmarkSetRating(b *testing.B) {
	s := openFresh(b)
	ctx := context.Background()
	u, err := s.CreateUser(ctx, "bench", "h")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, storetest.NewCase("b", 100, 5, 1), u.ID); err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(n.Add(1))
			e, h := fmt.Sprintf("E%d", 1+i%100), fmt.Sprintf("H%d", 1+(i/100)%5)
			if _, err := s.SetRating(ctx, "b", e, h, u.ID, crux.Rating{Value: crux.RatingValues[i%5]}, store.AnyVersion); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
}

// BenchmarkCaseRead reads the example case from GOMAXPROCS goroutines.
func BenchmarkCaseRead(b *testing.B) {
	s := openFresh(b)
	ctx := context.Background()
	c, err := examples.Load(examples.Default)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, c, store.System); err != nil {
		b.Fatal(err)
	}
	doc, _ := json.Marshal(c)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := s.Case(ctx, c.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
}
