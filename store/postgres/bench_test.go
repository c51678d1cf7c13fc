package postgres_test

import (
	"testing"

	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store/storetest"
)

// BenchmarkSetRating measures rating writes from 4 goroutines per core.
func BenchmarkSetRating(b *testing.B) {
	storetest.BenchSetRating(b, openFresh(b), storetest.BenchOptions{Parallel: true})
}

// BenchmarkCaseRead reads the example case from GOMAXPROCS goroutines.
func BenchmarkCaseRead(b *testing.B) {
	storetest.BenchCaseRead(b, openFresh(b), examples.KremlinDrone(), storetest.BenchOptions{Parallel: true})
}
