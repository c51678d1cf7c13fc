package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux/internal/testenv"
)

func TestLoadSplit(t *testing.T) {
	corpus := filepath.Join("testdata", "corpus")
	arts, err := LoadSplit(corpus, "dev", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || arts[0].Name != "ferry" || arts[1].Name != "storm" {
		t.Fatalf("articles %v", names(arts))
	}
	// The first annotator by name is taken, as brat_score.py does.
	if filepath.Base(arts[0].GoldPath) != "ferry_1a2b.ann" || filepath.Base(arts[1].GoldPath) != "storm_0c0d.ann" {
		t.Errorf("gold files %q, %q", arts[0].GoldPath, arts[1].GoldPath)
	}
	if len(arts[0].Text) == 0 {
		t.Error("empty text")
	}
	if arts, err := LoadSplit(corpus, "dev", 1); err != nil || len(arts) != 1 {
		t.Errorf("limit 1: %v, %v", names(arts), err)
	}
	if _, err := LoadSplit(corpus, "test", 0); err == nil || !strings.Contains(err.Error(), "corpus:") {
		t.Errorf("missing split: %v", err)
	}
	empty := t.TempDir()
	os.MkdirAll(filepath.Join(empty, "dev", "text"), 0o755)
	if _, err := LoadSplit(empty, "dev", 0); err == nil || !strings.Contains(err.Error(), "no .txt files") {
		t.Errorf("empty split: %v", err)
	}
}

func names(arts []Article) []string {
	var s []string
	for _, a := range arts {
		s = append(s, a.Name)
	}
	return s
}

// TestRun runs the whole suite on the two-article test corpus with a small
// synthetic case and short timings, with the peer when it can run.
func TestRun(t *testing.T) {
	_, peerErr := os.Stat(filepath.Join("..", "tools", "peer", "node_modules", "compromise"))
	withPeer := peerErr == nil && PeerAvailable(PeerOptions{Dir: filepath.Join("..", "tools", "peer")}) == nil
	if !withPeer && testenv.InCI() {
		t.Fatal("CI=true but the peer cannot run: .ci/run must run npm ci --prefix tools/peer")
	}
	var progress bytes.Buffer
	cfg := Config{
		Corpus: filepath.Join("testdata", "corpus"), Split: "dev",
		SeedDir: filepath.Join("testdata", "peertexts"),
		Peer:    withPeer, PeerDir: filepath.Join("..", "tools", "peer"),
		MinDuration: 20 * time.Millisecond, Hypotheses: 5, Evidence: 50, Samples: 200, Seed: 3,
		Progress: &progress,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	x := r.Extraction
	if x == nil || x.Error != "" || x.Skipped != "" {
		t.Fatalf("extraction: %+v", x)
	}
	if x.Articles != 2 || x.Passes < 1 || x.MBPerS <= 0 || x.Scores == nil {
		t.Fatalf("extraction: %+v", x)
	}
	if runtime.GOOS == "linux" && (x.CPUSeconds <= 0 || x.MBPerCPUS <= 0) {
		t.Errorf("no CPU time measured: %+v", x)
	}
	if x.Scores.Gold != 4 || x.Scores.Predicted != x.Found {
		t.Errorf("extraction scores: gold %d (want the 4 of the test corpus), predicted %d, found %d", x.Scores.Gold, x.Scores.Predicted, x.Found)
	}
	for _, p := range []PRF{x.Scores.ContentStrict, x.Scores.ContentSoft, x.Scores.Attribution} {
		if p.F1 < 0 || p.F1 > 1 || p.Hits > x.Scores.Gold {
			t.Errorf("bad score %+v", p)
		}
	}
	if sx := r.SeedExtraction; sx == nil || sx.Error != "" || sx.Articles != 2 || sx.MBPerS <= 0 || sx.Scores != nil {
		t.Errorf("seed extraction: %+v", sx)
	}
	s := r.Scoring
	if s == nil || s.Error != "" || s.Full == nil || s.ScoreSensitivity == nil || s.ScoreLOO == nil || s.NewMatrix == nil || s.Sensitivity == nil || s.MonteCarlo == nil {
		t.Fatalf("scoring: %+v", s)
	}
	if s.Full.Runs < 3 || s.Leader == "" {
		t.Errorf("scoring: %+v", s)
	}
	if a := r.API; a == nil || a.Error != "" || a.ReadsPerS <= 0 || a.WritesPerS <= 0 || a.ReadP99MS <= 0 || len(a.Phases) != 3 || a.Errors != 0 || a.Lost != 0 {
		t.Errorf("api: %+v", r.API)
	}
	if withPeer {
		p := r.Peer
		if p == nil || p.Error != "" || p.Skipped != "" || p.Scores == nil {
			t.Fatalf("peer: %+v", p)
		}
		// compromise finds the three quotations of the test corpus; all
		// three overlap a gold content by more than half, and the two
		// with "said" next to them get the gold speaker ("Critics called"
		// is outside its speech-verb list, so that one has no source).
		if p.Found != 3 || p.Scores.ContentSoft.Hits != 3 || p.Scores.Attribution.Hits != 2 {
			t.Errorf("peer: found %d, soft hits %d, attribution hits %d; want 3, 3, 2", p.Found, p.Scores.ContentSoft.Hits, p.Scores.Attribution.Hits)
		}
		if p.CPUSeconds <= 0 {
			t.Errorf("peer: no CPU time: %+v", p)
		}
		if r.Comparison() == nil {
			t.Error("no comparison table")
		}
	}
	var out bytes.Buffer
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. Extraction", "2. Scoring", "3. API"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(progress.String(), "bench: extraction") {
		t.Errorf("no progress lines: %q", progress.String())
	}
}

func TestRunBadCorpus(t *testing.T) {
	r, err := Run(context.Background(), Config{Corpus: t.TempDir(), Peer: true, Hypotheses: 3, Evidence: 5, Samples: 10, MinDuration: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.Extraction.Error == "" || r.Peer.Error == "" {
		t.Errorf("a missing corpus is not reported: %+v %+v", r.Extraction, r.Peer)
	}
	if r.Scoring == nil || r.Scoring.Error != "" {
		t.Errorf("scoring should still run: %+v", r.Scoring)
	}
}
