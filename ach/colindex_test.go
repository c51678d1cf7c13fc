package ach

import (
	"fmt"
	"strings"
	"testing"
)

// TestColIndex checks the column index against a Go map, with IDs that
// share their last bytes (so that they collide) and look-ups of IDs that
// are not there, copies of present IDs in new memory included.
func TestColIndex(t *testing.T) {
	for _, ids := range [][]string{
		nil,
		{""},
		{"H1"},
		{"H1", "H2", "H10", "H100", "xH1", "a-H1", "b-H1", "hypothesis-0001", "hypothesis-1001"},
		func() []string {
			var out []string
			for k := 0; k < 300; k++ {
				out = append(out, fmt.Sprintf("%s%d", strings.Repeat("x", k%7), k%50))
			}
			return dedup(out)
		}(),
	} {
		want := map[string]int{}
		for k, id := range ids {
			want[id] = k
		}
		x := newColIndex(ids)
		probes := append([]string{"", "H", "H3", "H1000", "zz-H1", "1001"}, ids...)
		for _, id := range ids {
			probes = append(probes, strings.Clone(id), id+"x", "x"+id)
		}
		for _, id := range probes {
			k, ok := want[id]
			if !ok {
				k = -1
			}
			if got := x.lookup(id); got != k {
				t.Errorf("ids %q: lookup(%q) = %d, want %d", ids, id, got, k)
			}
		}
	}
}

func dedup(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// TestMultiGroups: the packed group vectors and the log posterior that
// Score uses equal, bit for bit, those of Contributions and LogPosterior.
func TestMultiGroups(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		m, err := NewMatrix(randomCase(7, 400, seed), Options{})
		if err != nil {
			t.Fatal(err)
		}
		rows, groups := m.Contributions()
		want := m.LogPosterior(groups)
		multi, at, lp := m.multiGroups(m.rowVectors())
		for k := range want {
			if lp[k] != want[k] {
				t.Errorf("seed %d: lp[%d] = %v, want %v", seed, k, lp[k], want[k])
			}
		}
		H, packed := m.H, 0
		for g, mem := range m.Members {
			if len(mem) == 1 {
				if at[g] != -1 {
					t.Errorf("seed %d: group %d of one item at %d", seed, g, at[g])
				}
				continue
			}
			packed++
			for k := 0; k < H; k++ {
				if got, w := multi[int(at[g])*H+k], groups[g*H+k]; got != w {
					t.Errorf("seed %d: group %d, hypothesis %d: %v, want %v", seed, g, k, got, w)
				}
			}
		}
		if packed == 0 || len(multi) != packed*H || len(rows) != m.E*H {
			t.Errorf("seed %d: %d packed groups, %d values", seed, packed, len(multi))
		}
	}
}
