package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Report is the outcome of one `crux bench` run. A section that could not
// run carries its reason in Skipped (not available, not asked for) or Error
// (it failed); the other sections are still reported.
type Report struct {
	Started time.Time `json:"started"`
	Machine Machine   `json:"machine"`
	Corpus  string    `json:"corpus"`
	Split   string    `json:"split"`
	Quick   bool      `json:"quick,omitempty"`

	Extraction *ToolRun `json:"extraction"`
	// SeedExtraction is crux's speed on the articles of Config.SeedDir
	// (no gold annotations there).
	SeedExtraction *ToolRun `json:"seed_extraction,omitempty"`
	Peer           *ToolRun `json:"peer,omitempty"`
	Scoring        *Scoring `json:"scoring"`
	API            *API     `json:"api"`
}

// PRF is precision, recall and F1 of one match criterion.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Hits      int     `json:"hits"`
}

// Scores are the PolNeAR measures of one tool's attributions against the
// gold ones: content strict, content soft, and whole attributions (soft
// content and an overlapping source).
type Scores struct {
	Articles      int `json:"articles"`
	Gold          int `json:"gold"`
	Predicted     int `json:"predicted"`
	ContentStrict PRF `json:"content_strict"`
	ContentSoft   PRF `json:"content_soft"`
	Attribution   PRF `json:"attribution"`
}

// ToolRun is one extractor's speed and accuracy on the corpus texts.
type ToolRun struct {
	Tool    string `json:"tool"`
	Version string `json:"version,omitempty"`
	// Articles and Bytes count one pass over the texts; Passes passes were
	// timed, taking Seconds of processing (no file I/O) in all.
	Articles int     `json:"articles"`
	Bytes    int64   `json:"bytes"`
	Passes   int     `json:"passes"`
	Seconds  float64 `json:"seconds"`
	MBPerS   float64 `json:"mb_per_s"` // 10^6 bytes of article text per second, one core
	// CPUSeconds is the process CPU time (user + system) the timed passes
	// took, and MBPerCPUS the speed by it: steadier than MBPerS on a busy
	// machine. 0 where it is not measured.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
	MBPerCPUS  float64 `json:"mb_per_cpu_s,omitempty"`
	// AllocsPerKB is heap allocations per 1 000 bytes of text, when known.
	AllocsPerKB float64 `json:"allocs_per_kb,omitempty"`
	Found       int     `json:"found"` // attributions found in one pass
	Scores      *Scores `json:"scores,omitempty"`
	Note        string  `json:"note,omitempty"`
	Skipped     string  `json:"skipped,omitempty"`
	Error       string  `json:"error,omitempty"`
}

// Scoring is the scoring engine's timing on the synthetic case.
type Scoring struct {
	Hypotheses int    `json:"hypotheses"`
	Evidence   int    `json:"evidence"`
	Seed       uint64 `json:"seed"`
	Samples    int    `json:"samples"`
	// Full times ach.Score with the Monte Carlo simulation; ScoreSensitivity
	// ach.Score without it (scores, leave-one-out and one-step rating
	// sensitivity); ScoreLOO ach.Score with leave-one-out only (issue 4's
	// "full scoring plus leave-one-out sensitivity"); NewMatrix, Sensitivity and MonteCarlo the engine's parts
	// alone (ach.NewMatrix, Matrix.Sensitivity(true), Matrix.Robustness).
	Full             *Timing `json:"full,omitempty"`
	ScoreSensitivity *Timing `json:"score_sensitivity,omitempty"`
	ScoreLOO         *Timing `json:"score_loo,omitempty"`
	NewMatrix        *Timing `json:"new_matrix,omitempty"`
	Sensitivity      *Timing `json:"sensitivity,omitempty"`
	MonteCarlo       *Timing `json:"monte_carlo,omitempty"`
	Leader           string  `json:"leader,omitempty"`
	PLeader          float64 `json:"p_leader,omitempty"`
	Exact            bool    `json:"exact,omitempty"` // the simulation was exact (see package ach)
	Skipped          string  `json:"skipped,omitempty"`
	Error            string  `json:"error,omitempty"`
}

// API is the web API's load test on SQLite.
type API struct {
	Backend    string  `json:"backend,omitempty"`
	Clients    int     `json:"clients,omitempty"`
	Seconds    float64 `json:"seconds,omitempty"`
	Reads      int     `json:"reads,omitempty"`
	Writes     int     `json:"writes,omitempty"`
	ReadsPerS  float64 `json:"reads_per_s,omitempty"`
	WritesPerS float64 `json:"writes_per_s,omitempty"`
	ReadP99MS  float64 `json:"read_p99_ms,omitempty"`
	WriteP99MS float64 `json:"write_p99_ms,omitempty"`
	Errors     int     `json:"errors"`
	Lost       int     `json:"lost"` // lost or corrupted writes
	// Phases are the load test's phases: reads only, writes only, mixed.
	Phases  []APIPhase `json:"phases,omitempty"`
	Note    string     `json:"note,omitempty"`
	Skipped string     `json:"skipped,omitempty"`
	Error   string     `json:"error,omitempty"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report as tables for a person.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "crux bench  %s\n", r.Started.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "machine     %s %s/%s, %d CPUs, GOMAXPROCS %d", m.GoVersion, m.OS, m.Arch, m.NumCPU, m.GOMAXPROCS)
	if m.CPUModel != "" {
		fmt.Fprintf(&b, ", %s", m.CPUModel)
	}
	if m.LoadAvg != "" {
		fmt.Fprintf(&b, "; load average %s at the start", m.LoadAvg)
	}
	if m.MemLatencyNS > 0 {
		fmt.Fprintf(&b, "; memory latency %.0f ns (dependent loads over 4 MB)", m.MemLatencyNS)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "corpus      %s (split %s)", r.Corpus, r.Split)
	if r.Quick {
		b.WriteString(", --quick: a subset and short timings; do not publish")
	}
	b.WriteString("\n\n")

	// Extraction, with the peer beside it.
	t := Table{Title: "1. Extraction: speed over the corpus texts (one core) and PolNeAR F1",
		Header: []string{"tool", "version", "articles", "MB", "passes", "seconds", "MB/s", "MB/CPU-s", "found", "strict F1", "soft F1", "attrib F1"}}
	for _, run := range []*ToolRun{r.Extraction, r.Peer, r.SeedExtraction} {
		if run == nil {
			continue
		}
		if msg := run.problem(); msg != "" {
			t.Add(run.Tool, run.Version, "—")
			t.Note(run.Tool + ": " + msg)
			continue
		}
		row := []string{run.Tool, run.Version, fmt.Sprint(run.Articles), mb(run.Bytes), fmt.Sprint(run.Passes),
			fmt.Sprintf("%.2f", run.Seconds), speed(run.MBPerS), speedOrDash(run.MBPerCPUS), fmt.Sprint(run.Found)}
		if s := run.Scores; s != nil {
			row = append(row, f3(s.ContentStrict.F1), f3(s.ContentSoft.F1), f3(s.Attribution.F1))
		} else {
			row = append(row, "—", "—", "—")
		}
		t.Add(row...)
		if run.Note != "" {
			t.Note(run.Tool + ": " + run.Note)
		}
	}
	if r.Extraction != nil && r.Extraction.Scores != nil {
		s := r.Extraction.Scores
		t.Note(fmt.Sprintf("gold attributions: %d in %d articles; F1 by the extract package's scorer (the rules of brat_score.py)", s.Gold, s.Articles))
	}
	t.WriteTo(&b)
	b.WriteString("\n")

	if cmp := r.Comparison(); cmp != nil {
		cmp.WriteTo(&b)
		b.WriteString("\n")
	}

	r.scoringTable().WriteTo(&b)
	b.WriteString("\n")
	r.apiTable().WriteTo(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (run *ToolRun) problem() string {
	switch {
	case run.Error != "":
		return "failed: " + run.Error
	case run.Skipped != "":
		return run.Skipped
	}
	return ""
}

// Comparison returns the side-by-side table of crux and the peer, or nil
// when either did not run.
func (r *Report) Comparison() *Table {
	c, p := r.Extraction, r.Peer
	if c == nil || p == nil || c.problem() != "" || p.problem() != "" {
		return nil
	}
	t := &Table{Title: fmt.Sprintf("Side by side: crux vs %s on the same %d texts", p.Tool, p.Articles),
		Header: []string{"measure", "crux", p.Tool, "ratio crux/" + p.Tool}}
	t.Add("MB/s (one core)", speed(c.MBPerS), speed(p.MBPerS), ratio(c.MBPerS, p.MBPerS))
	if c.MBPerCPUS > 0 && p.MBPerCPUS > 0 {
		t.Add("MB per CPU-second", speed(c.MBPerCPUS), speed(p.MBPerCPUS), ratio(c.MBPerCPUS, p.MBPerCPUS))
	}
	if c.Scores != nil && p.Scores != nil {
		add := func(name string, a, b PRF) {
			t.Add(name+" F1", f3(a.F1), f3(b.F1), ratio(a.F1, b.F1))
		}
		add("content strict", c.Scores.ContentStrict, p.Scores.ContentStrict)
		add("content soft", c.Scores.ContentSoft, p.Scores.ContentSoft)
		add("attribution", c.Scores.Attribution, p.Scores.Attribution)
	}
	return t
}

func (r *Report) scoringTable() *Table {
	s := r.Scoring
	t := &Table{Title: "2. Scoring: ach.Score on a synthetic case"}
	if s == nil {
		t.Note("not run")
		return t
	}
	t.Title = fmt.Sprintf("2. Scoring: ach.Score on a synthetic case of %d hypotheses × %d evidence items (seed %d)", s.Hypotheses, s.Evidence, s.Seed)
	if s.Error != "" || s.Skipped != "" {
		t.Note(firstNonEmpty(s.Error, s.Skipped))
		return t
	}
	t.Header = []string{"operation", "runs", "median ms", "min ms", "max ms", "CPU ms/run", "allocs/run", "MB alloc/run"}
	add := func(name string, tm *Timing) {
		if tm == nil {
			return
		}
		cpu := "—"
		if tm.CPUPerRunMS > 0 {
			cpu = f1(tm.CPUPerRunMS)
		}
		t.Add(name, fmt.Sprint(tm.Runs), f1(tm.MedianMS), f1(tm.MinMS), f1(tm.MaxMS), cpu,
			fmt.Sprintf("%.0f", tm.AllocsPerRun), f1(tm.BytesPerRun/1e6))
	}
	add(fmt.Sprintf("ach.Score, all (with %d Monte Carlo samples)", s.Samples), s.Full)
	add("ach.Score, leave-one-out + rating steps", s.ScoreSensitivity)
	add("ach.Score, leave-one-out only", s.ScoreLOO)
	add("  ach.NewMatrix", s.NewMatrix)
	add("  Matrix.Sensitivity (leave-one-out + steps)", s.Sensitivity)
	add(fmt.Sprintf("  Matrix.Robustness (%d samples)", s.Samples), s.MonteCarlo)
	if s.Leader != "" {
		sim := "Gaussian sum of light groups"
		if s.Exact {
			sim = "exact"
		}
		t.Note(fmt.Sprintf("leader %s, P(stays first) %.3f (simulation: %s)", s.Leader, s.PLeader, sim))
	}
	t.Note("targets (issue 4): ach.Score with leave-one-out < 100 ms; 10 000 samples < 1 s on one core; all on one goroutine")
	return t
}

func (r *Report) apiTable() *Table {
	a := r.API
	t := &Table{Title: "3. API: reads and writes per second with p99 latency"}
	if a == nil {
		t.Note("not run")
		return t
	}
	if a.Backend != "" {
		t.Title += " (" + a.Backend + ")"
	}
	if a.Error != "" || a.Skipped != "" {
		t.Note(firstNonEmpty(a.Error, a.Skipped))
		return t
	}
	t.Header = []string{"phase", "seconds", "reads", "reads/s", "read p99 ms", "writes", "writes/s", "write p99 ms", "errors"}
	for _, p := range a.Phases {
		row := []string{p.Name, f1(p.Seconds), fmt.Sprint(p.Reads), f1(p.ReadsPerS), f2(p.ReadP99MS),
			fmt.Sprint(p.Writes), f1(p.WritesPerS), f2(p.WriteP99MS), fmt.Sprint(p.Errors)}
		if p.Reads == 0 {
			row[3], row[4] = "—", "—"
		}
		if p.Writes == 0 {
			row[6], row[7] = "—", "—"
		}
		t.Add(row...)
	}
	t.Note(fmt.Sprintf("%d clients (half readers, half writers) on loopback; %d errors, %d lost or corrupted writes", a.Clients, a.Errors, a.Lost))
	if a.Note != "" {
		t.Note(a.Note)
	}
	t.Note("targets (issue 6): ≥ 5 000 reads/s and ≥ 500 writes/s on SQLite")
	return t
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func f1(x float64) string { return fmt.Sprintf("%.1f", x) }
func f2(x float64) string { return fmt.Sprintf("%.2f", x) }
func f3(x float64) string { return fmt.Sprintf("%.3f", x) }
func mb(n int64) string   { return fmt.Sprintf("%.3f", float64(n)/1e6) }

// speed prints MB/s with three significant digits at least.
func speed(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 1:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.3f", x)
	}
}

func speedOrDash(x float64) string {
	if x <= 0 {
		return "—"
	}
	return speed(x)
}

// ratio prints a/b as "12.3×", or "—" when b is 0.
func ratio(a, b float64) string {
	if b == 0 || math.IsNaN(a/b) || math.IsInf(a/b, 0) {
		return "—"
	}
	x := a / b
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f×", x)
	case x >= 10:
		return fmt.Sprintf("%.1f×", x)
	default:
		return fmt.Sprintf("%.2f×", x)
	}
}
