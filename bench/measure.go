package bench

import (
	"bufio"
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/cruxlab/crux/internal/cputime"
)

// Machine describes where a report was measured.
type Machine struct {
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	NumCPU     int    `json:"num_cpu"` // what nproc counts: the CPUs this process may run on
	GOMAXPROCS int    `json:"gomaxprocs"`
	CPUModel   string `json:"cpu_model,omitempty"`
	// LoadAvg is /proc/loadavg's 1, 5 and 15 minute load averages when
	// the run started: other work on the machine shows here.
	LoadAvg string `json:"load_avg,omitempty"`
	// MemLatencyNS is the mean time of one load that depends on the one
	// before, over a 4 MB array, when the run started (see
	// MemoryLatency). On a machine shared with other tenants it is what
	// moves with them, more than the cores: timings of memory-bound work
	// (extraction, the scoring engine) are to be read against it.
	MemLatencyNS float64 `json:"mem_latency_ns,omitempty"`
	Hostname     string  `json:"-"` // not published
}

// ThisMachine describes the running machine. The CPU model comes from
// /proc/cpuinfo where there is one.
func ThisMachine() Machine {
	m := Machine{
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPUModel = cpuModel(b)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	m.MemLatencyNS = MemoryLatency(4<<20, 2_000_000)
	return m
}

// MemoryLatency is the mean time in nanoseconds of one of steps loads
// over an array of size bytes, each load's address the value the one
// before read (so that no two overlap and no prefetcher guesses the
// next): the latency of the memory level that holds size bytes, as this
// process gets it now. 4 MB is beyond a core's own caches and within a
// shared last-level cache: on a quiet machine it costs tens of
// nanoseconds, on one whose other tenants fill that cache it costs
// nearly what main memory does (on the 2-core VM crux was built on:
// 50 to 160 ns from one minute to the next).
func MemoryLatency(size, steps int) float64 {
	next := randomCycle(size/8, 1)
	j := 0
	start := time.Now()
	for range steps {
		j = next[j]
	}
	d := time.Since(start)
	if j < 0 { // (never: keeps the loop from being optimized away)
		return 0
	}
	return float64(d.Nanoseconds()) / float64(steps)
}

// randomCycle is a permutation of 0..n-1 that is one cycle (Sattolo's
// algorithm), from a fixed seed: following next from any element
// visits every element before it returns.
func randomCycle(n int, seed uint64) []int {
	next := make([]int, n)
	for k := range next {
		next[k] = k
	}
	r := rand.New(rand.NewPCG(seed, seed))
	for k := n - 1; k > 0; k-- {
		m := r.IntN(k) // (not k+1: no element stays in place, one cycle)
		next[k], next[m] = next[m], next[k]
	}
	return next
}

// cpuModel returns the first "model name" of a /proc/cpuinfo text.
func cpuModel(cpuinfo []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(cpuinfo))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Timing is a repeated measurement of one operation.
type Timing struct {
	Runs     int     `json:"runs"`
	TotalS   float64 `json:"total_s"`
	MeanMS   float64 `json:"mean_ms"`
	MedianMS float64 `json:"median_ms"`
	MinMS    float64 `json:"min_ms"`
	MaxMS    float64 `json:"max_ms"`
	// AllocsPerRun and BytesPerRun are heap allocations per run, as
	// testing's -benchmem reports them.
	AllocsPerRun float64 `json:"allocs_per_run"`
	BytesPerRun  float64 `json:"bytes_per_run"`
	// CPUPerRunMS is the process's CPU time (user + system, all threads,
	// the garbage collector's included) per run. Unlike the wall-clock
	// figures it hardly moves when other processes share the cores, so it
	// is the figure to compare between runs on a busy machine. 0 where it
	// is not measured.
	CPUPerRunMS float64 `json:"cpu_per_run_ms"`
}

// repeat runs fn until at least minTotal has elapsed and at least minRuns
// runs are done (and at most maxRuns, when maxRuns > 0), or until ctx ends
// or fn fails. It times each run.
func repeat(ctx context.Context, minTotal time.Duration, minRuns, maxRuns int, fn func() error) (Timing, error) {
	var durs []time.Duration
	var total time.Duration
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0 := cputime.Process()
	for len(durs) < minRuns || total < minTotal {
		if maxRuns > 0 && len(durs) >= maxRuns {
			break
		}
		if err := ctx.Err(); err != nil {
			return Timing{}, err
		}
		t0 := time.Now()
		if err := fn(); err != nil {
			return Timing{}, err
		}
		d := time.Since(t0)
		durs = append(durs, d)
		total += d
	}
	cpu := cputime.Process() - cpu0
	runtime.ReadMemStats(&after)
	t := summarise(durs, after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc)
	if len(durs) > 0 {
		t.CPUPerRunMS = float64(cpu) / float64(time.Millisecond) / float64(len(durs))
	}
	return t, nil
}

func summarise(durs []time.Duration, mallocs, bytes uint64) Timing {
	t := Timing{Runs: len(durs)}
	if len(durs) == 0 {
		return t
	}
	var total time.Duration
	for _, d := range durs {
		total += d
	}
	s := slices.Clone(durs)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	t.TotalS = total.Seconds()
	t.MeanMS = ms(total) / float64(len(durs))
	t.MinMS, t.MaxMS = ms(s[0]), ms(s[len(s)-1])
	if len(s)%2 == 1 {
		t.MedianMS = ms(s[len(s)/2])
	} else {
		t.MedianMS = (ms(s[len(s)/2-1]) + ms(s[len(s)/2])) / 2
	}
	t.AllocsPerRun = float64(mallocs) / float64(len(durs))
	t.BytesPerRun = float64(bytes) / float64(len(durs))
	return t
}

// buildVersion returns the VCS revision the binary was built from (12
// digits, "+dirty" when the tree had changes), or "dev" when the build
// carries none (go run, go test).
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}
