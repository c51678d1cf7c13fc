package bench

import (
	"strings"
	"testing"
)

func TestTableWriteTo(t *testing.T) {
	tests := []struct {
		name  string
		table Table
		want  string
	}{
		{
			name: "numbers right, words left, first column left",
			table: Table{Title: "Speeds", Header: []string{"tool", "version", "MB/s", "ratio"},
				Rows:  [][]string{{"crux", "dev", "55.2", "921×"}, {"compromise", "14.17.0", "0.060", "—"}},
				Notes: []string{"one core"}},
			want: "Speeds\n" +
				"tool        version   MB/s  ratio\n" +
				"----------  -------  -----  -----\n" +
				"crux        dev       55.2   921×\n" +
				"compromise  14.17.0  0.060      —\n" +
				"  one core\n",
		},
		{
			name:  "short rows padded, no header, wide runes counted once",
			table: Table{Rows: [][]string{{"é", "1"}, {"abc"}}},
			want:  "é    1\nabc\n",
		},
		{
			name:  "numbers with units and separators",
			table: Table{Header: []string{"x", "t"}, Rows: [][]string{{"a", "81 ms"}, {"b", "1,204.5 ms"}}},
			want:  "x           t\n-  ----------\na       81 ms\nb  1,204.5 ms\n",
		},
		{
			name:  "empty",
			table: Table{},
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			n, err := tt.table.WriteTo(&b)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%q\nwant\n%q", b.String(), tt.want)
			}
			if int(n) != b.Len() {
				t.Errorf("WriteTo returned %d, wrote %d", n, b.Len())
			}
		})
	}
}

func TestLooksNumeric(t *testing.T) {
	for s, want := range map[string]bool{
		"12": true, "0.061": true, "-3": true, "1,204": true, "921×": true, "×3": true,
		"81 ms": true, "99%": true, "12 MB/s": true, "~4": true,
		"": false, "—": false, "crux": false, "v1.2": false, "14.17.0x!": false, "1 2": false, "ms": false,
	} {
		if got := looksNumeric(s); got != want {
			t.Errorf("looksNumeric(%q) = %v, want %v", s, got, want)
		}
	}
}
