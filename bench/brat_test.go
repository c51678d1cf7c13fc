package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/internal/testenv/golden"
)

func TestReadBratGolden(t *testing.T) {
	for _, name := range []string{"good.ann", "peer.ann"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			f, err := ReadBrat(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(f, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", strings.TrimSuffix(name, ".ann")+".golden.json"), append(got, '\n'))
		})
	}
}

func TestReadBrat(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		attrs int     // attributions read
		src   []Range // first attribution's Source
		err   string  // substring of the error; "" for none
	}{
		{name: "empty", in: ""},
		{name: "blank lines and CRLF", in: "T1\tContent 0 4\tsome\r\n\r\nE1\tAttribution:T1 Content:T1\r\n", attrs: 1},
		{name: "source by numbered role", in: "T1\tContent 0 4\tx\nT2\tSource 5 7\tx\nE1\tAttribution:T1 Content:T1 Source1:T2\n", attrs: 1, src: []Range{{5, 7}}},
		{name: "forward reference", in: "E1\tAttribution:T1 Content:T2\nT1\tAttribution 0 1\tx\nT2\tContent 2 3\ty\n", attrs: 1},
		{name: "no content: dropped", in: "T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1\n", attrs: 0},
		{name: "empty span kept", in: "T1\tContent 3 3\t\nE1\tAttribution:T1 Content:T1\n", attrs: 1},
		{name: "unknown span", in: "T1\tContent 0 4\tx\nE1\tAttribution:T1 Content:T9\n", err: "line 2: E1 refers to unknown span \"T9\""},
		{name: "duplicate id", in: "T1\tContent 0 4\tx\nT1\tSource 0 4\tx\n", err: "line 2: duplicate id"},
		{name: "no tab", in: "T1 Content 0 4\n", err: "line 1: text-bound line without a tab"},
		{name: "no offsets", in: "T1\tContent\tx\n", err: "line 1: T1: want TYPE START END"},
		{name: "odd offsets", in: "T1\tContent 0 4 5\tx\n", err: "line 1: T1: range \"0 4 5\": offsets must be integers"},
		{name: "negative", in: "T1\tContent -1 4\tx\n", err: "want 0 ≤ start ≤ end"},
		{name: "reversed", in: "T1\tContent 9 4\tx\n", err: "want 0 ≤ start ≤ end"},
		{name: "huge", in: "T1\tContent 0 99999999999\tx\n", err: "want 0 ≤ start ≤ end"},
		{name: "not a number", in: "T1\tContent a b\tx\n", err: "offsets must be integers"},
		{name: "bad argument", in: "T1\tContent 0 1\tx\nE1\tAttribution:T1 Content\n", err: "line 2: event argument \"Content\" is not ROLE:ID"},
		{name: "event without tab", in: "E1 Attribution:T1\n", err: "line 1: event line without a tab"},
		{name: "unknown kind", in: "X1\tfoo\n", err: "line 1: unknown annotation kind"},
		{name: "invalid UTF-8", in: "T1\tContent 0 1\t\xff\n", err: "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadBrat([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Attributions) != tt.attrs {
				t.Fatalf("%d attributions, want %d", len(f.Attributions), tt.attrs)
			}
			if tt.src != nil {
				got, _ := json.Marshal(f.Attributions[0].Source)
				want, _ := json.Marshal(tt.src)
				if string(got) != string(want) {
					t.Errorf("source %s, want %s", got, want)
				}
			}
		})
	}
}

// TestReadBratPolNeAR reads every gold file of PolNeAR's dev split: the
// reader must accept the corpus it is meant for, and find as many
// attributions as E lines with a Content part.
func TestReadBratPolNeAR(t *testing.T) {
	dir := testenv.Shared(t, "corpus", "polnear", "dev", "attributions")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files, total := 0, 0
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		f, err := ReadBrat(data)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		want := 0
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "E") && strings.Contains(line, "Content") {
				want++
			}
		}
		if len(f.Attributions) != want {
			t.Errorf("%s: %d attributions, want %d", e.Name(), len(f.Attributions), want)
		}
		files++
		total += len(f.Attributions)
	}
	if files == 0 || total == 0 {
		t.Fatalf("read %d files with %d attributions: the corpus looks empty", files, total)
	}
}

// FuzzReadBrat: whatever the bytes, ReadBrat returns a result or an error,
// never panics, and every range it returns is well formed.
func FuzzReadBrat(f *testing.F) {
	for _, name := range []string{"good.ann", "peer.ann"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	// The seed article (plain prose, not brat) and a real gold file, when
	// ../shared is here.
	if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "seed", "kremlin-drone-2023-05-04.txt")); err == nil {
		f.Add(b)
	}
	if ents, err := os.ReadDir(filepath.Join("..", "..", "shared", "corpus", "polnear", "dev", "attributions")); err == nil && len(ents) > 0 {
		if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "polnear", "dev", "attributions", ents[0].Name())); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("T1\tContent 0 4;6 9\tx\nE1\tAttribution:T1 Content:T1 Source:T1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		bf, err := ReadBrat(data)
		if err != nil {
			return
		}
		for _, s := range bf.Spans {
			for _, r := range s.Ranges {
				if r.Start < 0 || r.End < r.Start || r.End > maxBratOffset {
					t.Fatalf("bad range %+v", r)
				}
			}
		}
		for _, a := range bf.Attributions {
			if a.Content == nil {
				t.Fatalf("attribution %s without content", a.ID)
			}
		}
	})
}
