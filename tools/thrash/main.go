// Command thrash loads the memory system, to measure a benchmark as it
// runs when the neighbours of a shared machine are busy: it reads at
// random and writes in sequence over 512 MB (-mb) until it is killed.
// Pin it to one core and the benchmark to another:
//
//	taskset -c 0 go run ./tools/thrash & taskset -c 1 tools/abba.sh OLD NEW 10; kill %1
//
// On the 2-core VM of BENCHMARKS.md it raises the latency of a dependent
// load over 4 MB from about 20 ns to about 250 ns.
package main

import (
	"flag"
	"math/rand/v2"
)

func main() {
	mb := flag.Int("mb", 512, "megabytes to walk")
	flag.Parse()
	n := *mb << 17 // 8-byte words
	a := make([]uint64, n)
	r := rand.New(rand.NewPCG(1, 2))
	var s uint64
	for {
		for i := 0; i < n; i += 8 { // a cache line at a time
			a[i] = s
			s += a[r.IntN(n)]
		}
	}
}
