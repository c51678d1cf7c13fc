package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cruxlab/crux/internal/testenv/golden"
)

// sampleReport is a report with every section filled in by hand.
func sampleReport() *Report {
	return &Report{
		Started: time.Date(2026, 11, 25, 20, 45, 0, 0, time.UTC),
		Machine: Machine{GoVersion: "go1.26.8", OS: "linux", Arch: "amd64", NumCPU: 2, GOMAXPROCS: 2, CPUModel: "Test CPU", LoadAvg: "0.10 0.20 0.30", MemLatencyNS: 83.4},
		Corpus:  "corpus", Split: "dev",
		Extraction: &ToolRun{Tool: "crux", Articles: 84, Bytes: 414896, Passes: 40, Seconds: 1.02, MBPerS: 16.27, CPUSeconds: 1.1, MBPerCPUS: 15.09, Found: 1500,
			Scores: &Scores{Articles: 84, Gold: 2189, Predicted: 1500,
				ContentStrict: PRF{F1: 0.41}, ContentSoft: PRF{F1: 0.72}, Attribution: PRF{F1: 0.61}}},
		Peer: &ToolRun{Tool: "compromise", Version: "14.17.0", Articles: 84, Bytes: 414896, Passes: 1, Seconds: 6.9, MBPerS: 0.0601, CPUSeconds: 8.1, MBPerCPUS: 0.0512, Found: 894,
			Scores: &Scores{Articles: 84, Gold: 2189, Predicted: 894,
				ContentStrict: PRF{F1: 0.125}, ContentSoft: PRF{F1: 0.321}, Attribution: PRF{F1: 0.138}},
			Note: "quotations only"},
		Scoring: &Scoring{Hypotheses: 100, Evidence: 10000, Seed: 1, Samples: 10000,
			Full:             &Timing{Runs: 3, MedianMS: 530, MinMS: 520, MaxMS: 560, AllocsPerRun: 200, BytesPerRun: 2e6, CPUPerRunMS: 541},
			ScoreSensitivity: &Timing{Runs: 12, MedianMS: 85.5, MinMS: 80, MaxMS: 99, AllocsPerRun: 1234, BytesPerRun: 5e6},
			ScoreLOO:         &Timing{Runs: 40, MedianMS: 25, MinMS: 24, MaxMS: 30, AllocsPerRun: 1000, BytesPerRun: 4e6},
			NewMatrix:        &Timing{Runs: 30, MedianMS: 30, MinMS: 29, MaxMS: 35, AllocsPerRun: 100, BytesPerRun: 1e6},
			Sensitivity:      &Timing{Runs: 20, MedianMS: 50, MinMS: 45, MaxMS: 61, AllocsPerRun: 10, BytesPerRun: 3e6},
			MonteCarlo:       &Timing{Runs: 3, MedianMS: 440, MinMS: 430, MaxMS: 450, AllocsPerRun: 9, BytesPerRun: 1e5},
			Leader:           "H3", PLeader: 0.91},
		API: &API{Backend: "SQLite", Clients: 32, Seconds: 9, Reads: 30000, Writes: 6000, ReadsPerS: 10000, WritesPerS: 2000, ReadP99MS: 4.5, WriteP99MS: 20,
			Phases: []APIPhase{
				{Name: "reads", Seconds: 3, Reads: 30000, ReadsPerS: 10000, ReadP99MS: 4.5},
				{Name: "writes", Seconds: 3, Writes: 6000, WritesPerS: 2000, WriteP99MS: 20},
				{Name: "mixed", Seconds: 3, Reads: 9000, Writes: 3000, ReadsPerS: 3000, WritesPerS: 1000, ReadP99MS: 9, WriteP99MS: 30, Errors: 1},
			}, Errors: 1, Note: "web.LoadTest"},
	}
}

func TestReportWriteTextGolden(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "report.golden.txt"), b.Bytes())
}

func TestReportJSONRoundTrip(t *testing.T) {
	r := sampleReport()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	var b2 bytes.Buffer
	if err := back.WriteJSON(&b2); err != nil {
		t.Fatal(err)
	}
	if b.String() != b2.String() {
		t.Errorf("JSON does not round-trip:\n%s\n---\n%s", b.String(), b2.String())
	}
	if !strings.Contains(b.String(), `"mb_per_s": 16.27`) {
		t.Errorf("JSON lacks the crux speed:\n%s", b.String())
	}
}

func TestComparison(t *testing.T) {
	r := sampleReport()
	var b strings.Builder
	r.Comparison().WriteTo(&b)
	for _, want := range []string{"MB/s (one core)", "16.3", "0.060", "271×", "attribution F1", "0.610", "0.138", "4.42×"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("comparison lacks %q:\n%s", want, b.String())
		}
	}
	r.Peer.Error = "node crashed"
	if r.Comparison() != nil {
		t.Error("a comparison with a failed peer")
	}
	r.Peer = nil
	if r.Comparison() != nil {
		t.Error("a comparison without a peer")
	}
}

func TestRatio(t *testing.T) {
	for _, tt := range []struct {
		a, b float64
		want string
	}{{10, 0, "—"}, {0, 0, "—"}, {1, 3, "0.33×"}, {30, 2, "15.0×"}, {920, 1, "920×"}} {
		if got := ratio(tt.a, tt.b); got != tt.want {
			t.Errorf("ratio(%v, %v) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCPUModel(t *testing.T) {
	info := []byte("processor\t: 0\nvendor_id\t: X\nmodel name\t: Some CPU @ 2.0GHz\nprocessor\t: 1\nmodel name\t: Other\n")
	if got := cpuModel(info); got != "Some CPU @ 2.0GHz" {
		t.Errorf("cpuModel = %q", got)
	}
	if got := cpuModel([]byte("processor : 0\n")); got != "" {
		t.Errorf("cpuModel without a model = %q", got)
	}
}

func TestSummarise(t *testing.T) {
	ms := time.Millisecond
	tm := summarise([]time.Duration{4 * ms, 1 * ms, 3 * ms, 2 * ms}, 40, 4000)
	if tm.Runs != 4 || tm.MedianMS != 2.5 || tm.MinMS != 1 || tm.MaxMS != 4 || tm.MeanMS != 2.5 || tm.AllocsPerRun != 10 || tm.BytesPerRun != 1000 {
		t.Errorf("summarise = %+v", tm)
	}
	if tm := summarise([]time.Duration{3 * ms, 1 * ms, 2 * ms}, 0, 0); tm.MedianMS != 2 {
		t.Errorf("odd median = %v", tm.MedianMS)
	}
	if tm := summarise(nil, 0, 0); tm.Runs != 0 {
		t.Errorf("empty = %+v", tm)
	}
}

func TestRepeat(t *testing.T) {
	n := 0
	tm, err := repeat(context.Background(), 0, 5, 0, func() error { n++; return nil })
	if err != nil || n != 5 || tm.Runs != 5 {
		t.Fatalf("repeat: %v, %d calls, %d runs; want 5", err, n, tm.Runs)
	}
	n = 0
	tm, err = repeat(context.Background(), 20*time.Millisecond, 1, 0, func() error { n++; time.Sleep(time.Millisecond); return nil })
	if err != nil || tm.TotalS < 0.02 || n < 2 {
		t.Fatalf("repeat to 20 ms: %v, %d calls, %v s", err, n, tm.TotalS)
	}
	n = 0
	_, err = repeat(context.Background(), time.Hour, 1, 3, func() error { n++; return nil })
	if err != nil || n != 3 {
		t.Fatalf("maxRuns: %v, %d calls", err, n)
	}
	boom := errors.New("boom")
	if _, err := repeat(context.Background(), 0, 5, 0, func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("error not passed on: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := repeat(ctx, time.Hour, 1, 0, func() error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
}
