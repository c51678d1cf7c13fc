package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux/internal/testenv"
)

func TestParsePeerStats(t *testing.T) {
	tests := []struct {
		name, out, err string
	}{
		{name: "ok", out: "noise\n{\"tool\":\"compromise\",\"version\":\"14.17.0\",\"articles\":2,\"bytes\":100,\"passes\":3,\"bytes_processed\":300,\"elapsed_ms\":12.5,\"quotations\":4}\n"},
		{name: "empty", out: "", err: "printed nothing"},
		{name: "not JSON", out: "Error: boom\n", err: "reading the harness's summary"},
		{name: "no articles", out: `{"articles":0,"bytes":1,"passes":1,"bytes_processed":1,"elapsed_ms":1}`, err: "read no article"},
		{name: "no time", out: `{"articles":1,"bytes":1,"passes":1,"bytes_processed":1,"elapsed_ms":0}`, err: "reported no work"},
		{name: "inconsistent", out: `{"articles":1,"bytes":10,"passes":2,"bytes_processed":10,"elapsed_ms":1}`, err: "inconsistent summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParsePeerStats([]byte(tt.out))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Articles != 2 || s.Passes != 3 || s.Quotations != 4 || s.Version != "14.17.0" {
				t.Errorf("parsed %+v", s)
			}
		})
	}
}

func TestPeerAvailableMissing(t *testing.T) {
	err := PeerAvailable(PeerOptions{Dir: t.TempDir(), Node: "no-such-node-binary-here"})
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("missing node: %v", err)
	}
	if _, err := RunPeer(context.Background(), PeerOptions{Dir: t.TempDir(), Node: "no-such-node-binary-here"}); err == nil {
		t.Fatal("RunPeer without node succeeded")
	}
}

// peerOrSkip returns the harness folder when node and the harness's
// packages are installed. Without them the test is skipped, except in CI
// (CI=true), where .ci/run installs them (npm ci --prefix tools/peer) and
// their absence is a failure.
func peerOrSkip(t *testing.T) PeerOptions {
	t.Helper()
	o := PeerOptions{Dir: filepath.Join("..", "tools", "peer")}
	testenv.Require(t, "the peer harness (npm ci --prefix tools/peer)", PeerAvailable(o))
	return o
}

// TestPeerHarness runs tools/peer/compromise.mjs on two small texts of our
// own and checks what it writes: one brat file per text that ReadBrat
// accepts, with each quotation's Content at the right code-point offsets
// (the first text has an emoji, outside the BMP, before its quotation, so a
// UTF-16 offset would be one too far), and a speaker where a speech verb
// sits next to the quotation.
func TestPeerHarness(t *testing.T) {
	o := peerOrSkip(t)
	if testing.Short() {
		t.Skip("starts node")
	}
	o.TextDir = filepath.Join("testdata", "peertexts")
	o.OutDir = t.TempDir()
	o.MinDuration = 0
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, err := RunPeer(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.Passes < 1 || st.Version == "" {
		t.Errorf("stats %+v", st)
	}
	wantQuotes := map[string][]string{
		"ferry": {"We will keep the night ferry running until spring", "a waste of money"},
		"storm": {"The pass is shut until the snow stops"},
	}
	wantSpeaker := map[string]string{"ferry": "Mayor Ana Ruiz", "storm": "Tom Berg"}
	total, sources := 0, 0
	for name, quotes := range wantQuotes {
		text, err := os.ReadFile(filepath.Join(o.TextDir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune(string(text))
		data, err := os.ReadFile(filepath.Join(o.OutDir, name+".ann"))
		if err != nil {
			t.Fatal(err)
		}
		f, err := ReadBrat(data)
		if err != nil {
			t.Fatalf("%s.ann: %v\n%s", name, err, data)
		}
		at := func(rs []Range) string {
			var b strings.Builder
			for _, r := range rs {
				if r.End > len(runes) {
					t.Fatalf("%s: range %+v beyond the text's %d code points", name, r, len(runes))
				}
				b.WriteString(string(runes[r.Start:r.End]))
			}
			return b.String()
		}
		var got []string
		for _, a := range f.Attributions {
			got = append(got, at(a.Content))
			total++
			if a.Source != nil {
				sources++
				if !strings.Contains(wantSpeaker[name], at(a.Source)) && !strings.Contains(at(a.Source), wantSpeaker[name]) {
					t.Errorf("%s: source %q for %q, want %q", name, at(a.Source), at(a.Content), wantSpeaker[name])
				}
			}
		}
		if strings.Join(got, "|") != strings.Join(quotes, "|") {
			t.Errorf("%s: quotations %q, want %q\n%s", name, got, quotes, data)
		}
	}
	if st.Quotations != total || st.Sources != sources {
		t.Errorf("summary says %d quotations, %d sources; files hold %d, %d", st.Quotations, st.Sources, total, sources)
	}
	if sources < 2 {
		t.Errorf("%d quotations with a speaker, want the two attributed ones", sources)
	}
}

// FuzzParsePeerStats: whatever the harness prints, ParsePeerStats returns
// stats that make sense or an error, and never panics.
func FuzzParsePeerStats(f *testing.F) {
	f.Add([]byte(`{"tool":"compromise","articles":2,"bytes":100,"passes":3,"bytes_processed":300,"elapsed_ms":12.5}`))
	f.Add([]byte("\n\n"))
	f.Add([]byte("{\"articles\":1e400}"))
	if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "seed", "kremlin-drone-2023-05-04.txt")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, out []byte) {
		s, err := ParsePeerStats(out)
		if err != nil {
			return
		}
		if s.Articles <= 0 || s.Passes <= 0 || s.ElapsedMS <= 0 || s.BytesProcessed != s.Bytes*int64(s.Passes) {
			t.Fatalf("accepted nonsense: %+v", s)
		}
	})
}
