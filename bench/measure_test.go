package bench

import "testing"

// TestRandomCycle checks that randomCycle is one cycle: from 0, next
// visits every element once before it comes back.
func TestRandomCycle(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10, 4096} {
		next := randomCycle(n, 1)
		seen := make([]bool, n)
		j := 0
		for k := 0; k < n; k++ {
			if seen[j] {
				t.Fatalf("n=%d: element %d visited twice after %d steps", n, j, k)
			}
			seen[j] = true
			j = next[j]
		}
		if j != 0 {
			t.Errorf("n=%d: after %d steps at %d, not back at 0", n, n, j)
		}
	}
}

// TestMemoryLatency checks that the probe gives a time, and a longer one
// for an array beyond a core's caches than for one within the first.
func TestMemoryLatency(t *testing.T) {
	small, large := MemoryLatency(16<<10, 200_000), MemoryLatency(16<<20, 200_000)
	if !(small > 0) || !(large > 0) {
		t.Fatalf("latency %v ns (16 KB), %v ns (16 MB)", small, large)
	}
	if large < small {
		t.Errorf("a 16 MB array (%.1f ns) was faster than a 16 KB one (%.1f ns)", large, small)
	}
}
