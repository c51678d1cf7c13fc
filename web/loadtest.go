package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/cputime"
	"github.com/cruxlab/crux/store"
)

// LoadOptions configures LoadTest.
type LoadOptions struct {
	BaseURL string // the server, e.g. http://127.0.0.1:8080
	Token   string // an API token of an editor of the case
	CaseID  string
	// Readers and Writers are the concurrent clients of each phase.
	Readers, Writers int
	// ReadFor and WriteFor are the lengths of the read phase and the write
	// phase; MixedFor runs readers and writers together afterwards.
	ReadFor, WriteFor, MixedFor time.Duration
}

// LoadPhase is what one phase measured.
type LoadPhase struct {
	Name         string        `json:"name"`
	Reads        int           `json:"reads"`
	Writes       int           `json:"writes"`
	Seconds      float64       `json:"seconds"`
	ReadsPerSec  float64       `json:"reads_per_sec"`
	WritesPerSec float64       `json:"writes_per_sec"`
	ReadP50      time.Duration `json:"read_p50"`
	ReadP99      time.Duration `json:"read_p99"`
	WriteP50     time.Duration `json:"write_p50"`
	WriteP99     time.Duration `json:"write_p99"`
	Errors       int           `json:"errors"`        // unexpected statuses or transport errors
	ServerErrors int           `json:"server_errors"` // 5xx among them
	Conflicts    int           `json:"conflicts"`     // 412s (none expected: writers own their cells)
	// CPUSeconds is the CPU time the whole process (server and clients,
	// when LoadTest runs in the server's process) used in the phase; on a
	// shared machine, requests per CPU-second show the capacity that the
	// wall-clock rates hide: n cores idle would serve about n × that.
	CPUSeconds      float64  `json:"cpu_seconds"`
	ReadsPerCPUSec  float64  `json:"reads_per_cpu_sec"`
	WritesPerCPUSec float64  `json:"writes_per_cpu_sec"`
	FirstProblems   []string `json:"first_problems"` // a few of the errors, for the report
}

// LoadResult is the outcome of LoadTest.
type LoadResult struct {
	Phases []LoadPhase `json:"phases"`
	// Acked is every acknowledged rating write's final value per cell
	// ("E1/H2" → "CC"); Verify compares it with the server's matrix.
	Acked      map[string]crux.RatingValue `json:"-"`
	AckedCount int                         `json:"acked_writes"`
	// Lost lists cells whose stored value is not the last acknowledged
	// write; Corrupt lists cells holding a value never written to them.
	Lost    []string `json:"lost"`
	Corrupt []string `json:"corrupt"`
}

// LoadTestLocal runs LoadTest against a workbench it starts in this
// process on loopback over st: it creates an editor with a random name and
// password, stores c under that name (a fresh case even in a shared
// database), asks the API for a token, runs the phases of o (BaseURL, Token
// and CaseID are filled in) and shuts the server down. srv configures the
// server; its login limits are raised and its write limit is off unless
// set. crux loadtest and the benchmark suite share this set-up.
func LoadTestLocal(ctx context.Context, st store.Store, c *crux.Case, srv Options, o LoadOptions) (*LoadResult, error) {
	pw := GeneratePassword()
	name := "loadtest-" + GeneratePassword()[:8]
	u, err := CreateUser(ctx, st, name, pw)
	if err != nil {
		return nil, err
	}
	c.ID = name
	if _, err := st.CreateCase(ctx, c, u.ID); err != nil {
		return nil, err
	}
	if srv.LoginRate == 0 && srv.LoginBurst == 0 {
		srv.LoginRate, srv.LoginBurst = 1000, 1000
	}
	if srv.WriteRate == 0 {
		srv.WriteRate = -1 // the load test measures the server, not the limit
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: New(st, srv).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	o.BaseURL = "http://" + ln.Addr().String()
	o.CaseID = c.ID
	if o.Token, err = apiToken(ctx, o.BaseURL, name, pw); err != nil {
		return nil, err
	}
	return LoadTest(ctx, o)
}

// apiToken signs in through the API and returns a bearer token.
func apiToken(ctx context.Context, base, user, pw string) (string, error) {
	b, _ := json.Marshal(map[string]string{"user": user, "password": pw, "name": "loadtest"})
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/tokens", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("loadtest: POST /api/tokens: %d %s", resp.StatusCode, truncate(string(body), 200))
	}
	var out struct{ Token string }
	if err := json.Unmarshal(body, &out); err != nil {
		return "", fmt.Errorf("loadtest: POST /api/tokens: %v", err)
	}
	return out.Token, nil
}

// LoadTest measures matrix reads per second and rating writes per second,
// with their latency percentiles, against a running workbench; then it
// reads the matrix back and checks that every cell holds the last value
// acknowledged for it (no lost or corrupted write). Each writer owns its
// own cells, so rating writes never conflict: a 412 is counted as an error.
func LoadTest(ctx context.Context, o LoadOptions) (*LoadResult, error) {
	tr := &http.Transport{MaxIdleConns: 0, MaxIdleConnsPerHost: o.Readers + o.Writers + 4, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	matrixURL := o.BaseURL + "/api/cases/" + o.CaseID + "/matrix"

	m, tag, err := loadMatrix(ctx, cl, matrixURL, o.Token)
	if err != nil {
		return nil, err
	}
	var cells []string
	for _, e := range m.Evidence {
		for _, h := range m.Hypotheses {
			cells = append(cells, e.ID+"/"+h.ID)
		}
	}
	if o.Writers > len(cells) {
		return nil, fmt.Errorf("loadtest: %d writers but only %d cells", o.Writers, len(cells))
	}
	res := &LoadResult{Acked: map[string]crux.RatingValue{}}
	written := map[string]map[crux.RatingValue]bool{}
	var mu sync.Mutex

	// requests run to completion even when their phase ends, so that
	// every write that reached the server has its answer
	reqCtx := context.WithoutCancel(ctx)
	type sample struct {
		reads, writes       []time.Duration
		errs, s5xx, conflct int
		problems            []string
	}
	reader := func(ctx context.Context, s *sample) {
		for ctx.Err() == nil {
			req, _ := http.NewRequestWithContext(reqCtx, "GET", matrixURL, nil)
			req.Header.Set("Authorization", "Bearer "+o.Token)
			t0 := time.Now()
			resp, err := cl.Do(req)
			if err != nil {
				s.errs++
				s.problems = append(s.problems, err.Error())
				return
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d := time.Since(t0)
			if resp.StatusCode != 200 || n == 0 {
				s.errs++
				if resp.StatusCode >= 500 {
					s.s5xx++
				}
				s.problems = append(s.problems, fmt.Sprintf("read: %d", resp.StatusCode))
				continue
			}
			s.reads = append(s.reads, d)
		}
	}
	// each writer's last ETag and count, kept across phases
	etags := make([]string, o.Writers)
	counts := make([]int, o.Writers)
	for i := range etags {
		etags[i] = tag
	}
	writer := func(ctx context.Context, k int, s *sample) {
		var mine []string
		for i := k; i < len(cells); i += o.Writers {
			mine = append(mine, cells[i])
		}
		for ; ctx.Err() == nil; counts[k]++ {
			n := counts[k]
			cell := mine[n%len(mine)]
			v := crux.RatingValues[(n/len(mine)+k)%len(crux.RatingValues)]
			mu.Lock()
			if written[cell] == nil {
				written[cell] = map[crux.RatingValue]bool{}
			}
			written[cell][v] = true // attempted: may be stored even if the answer is lost
			mu.Unlock()
			req, _ := http.NewRequestWithContext(reqCtx, "PUT", o.BaseURL+"/api/cases/"+o.CaseID+"/ratings/"+cell, strings.NewReader(`{"value":"`+string(v)+`"}`))
			req.Header.Set("Authorization", "Bearer "+o.Token)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("If-Match", etags[k])
			t0 := time.Now()
			resp, err := cl.Do(req)
			if err != nil {
				s.errs++
				s.problems = append(s.problems, err.Error())
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d := time.Since(t0)
			switch {
			case resp.StatusCode == 200:
				s.writes = append(s.writes, d)
				etags[k] = resp.Header.Get("ETag")
				mu.Lock()
				res.Acked[cell] = v
				res.AckedCount++
				mu.Unlock()
			case resp.StatusCode == http.StatusPreconditionFailed:
				s.conflct++
				s.errs++
				s.problems = append(s.problems, "write: 412 on an owned cell")
			default:
				s.errs++
				if resp.StatusCode >= 500 {
					s.s5xx++
				}
				s.problems = append(s.problems, fmt.Sprintf("write: %d", resp.StatusCode))
			}
		}
	}
	phase := func(name string, readers, writers int, dur time.Duration) LoadPhase {
		pctx, cancel := context.WithTimeout(ctx, dur)
		defer cancel()
		samples := make([]*sample, readers+writers)
		var wg sync.WaitGroup
		t0, c0 := time.Now(), cputime.Process()
		for i := range samples {
			samples[i] = &sample{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i < readers {
					reader(pctx, samples[i])
				} else {
					writer(pctx, i-readers, samples[i])
				}
			}()
		}
		wg.Wait()
		secs := time.Since(t0).Seconds()
		p := LoadPhase{Name: name, Seconds: secs, CPUSeconds: (cputime.Process() - c0).Seconds()}
		var rs, ws []time.Duration
		for _, s := range samples {
			rs = append(rs, s.reads...)
			ws = append(ws, s.writes...)
			p.Errors += s.errs
			p.ServerErrors += s.s5xx
			p.Conflicts += s.conflct
			for _, pr := range s.problems {
				if len(p.FirstProblems) < 5 {
					p.FirstProblems = append(p.FirstProblems, pr)
				}
			}
		}
		p.Reads, p.Writes = len(rs), len(ws)
		p.ReadsPerSec, p.WritesPerSec = float64(len(rs))/secs, float64(len(ws))/secs
		if p.CPUSeconds > 0 {
			p.ReadsPerCPUSec, p.WritesPerCPUSec = float64(len(rs))/p.CPUSeconds, float64(len(ws))/p.CPUSeconds
		}
		p.ReadP50, p.ReadP99 = percentile(rs, 0.50), percentile(rs, 0.99)
		p.WriteP50, p.WriteP99 = percentile(ws, 0.50), percentile(ws, 0.99)
		return p
	}
	if o.ReadFor > 0 && o.Readers > 0 {
		res.Phases = append(res.Phases, phase("reads", o.Readers, 0, o.ReadFor))
	}
	if o.WriteFor > 0 && o.Writers > 0 {
		res.Phases = append(res.Phases, phase("writes", 0, o.Writers, o.WriteFor))
	}
	if o.MixedFor > 0 {
		res.Phases = append(res.Phases, phase("mixed", o.Readers, o.Writers, o.MixedFor))
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	// every acknowledged write is there; no cell holds a value never sent
	m, _, err = loadMatrix(ctx, cl, matrixURL, o.Token)
	if err != nil {
		return nil, err
	}
	stored := map[string]crux.RatingValue{}
	for _, e := range m.Evidence {
		for h, r := range e.Ratings {
			stored[e.ID+"/"+h] = r.Value
		}
	}
	for cell, v := range res.Acked {
		if stored[cell] != v && !written[cell][stored[cell]] {
			res.Corrupt = append(res.Corrupt, fmt.Sprintf("%s holds %q, never written", cell, stored[cell]))
		} else if stored[cell] != v {
			res.Lost = append(res.Lost, fmt.Sprintf("%s holds %q, last acknowledged %q", cell, stored[cell], v))
		}
	}
	sort.Strings(res.Lost)
	sort.Strings(res.Corrupt)
	return res, nil
}

func loadMatrix(ctx context.Context, cl *http.Client, url, token string) (*matrixView, string, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := cl.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return nil, "", fmt.Errorf("loadtest: GET matrix: %d %s", resp.StatusCode, b)
	}
	var m matrixView
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return nil, "", err
	}
	return &m, resp.Header.Get("ETag"), nil
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := int(q * float64(len(ds)-1))
	return ds[i]
}

// String formats the result as a small table.
func (r *LoadResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-7s %9s %9s %9s %9s %9s %9s %7s %6s %11s %11s\n", "phase", "reads/s", "p50", "p99", "writes/s", "p50", "p99", "errors",
		"cpu-s", "reads/cpu-s", "writes/cpu-s")
	for _, p := range r.Phases {
		fmt.Fprintf(&b, "%-7s %9.0f %9s %9s %9.0f %9s %9s %7d %6.2f %11.0f %11.0f\n", p.Name, p.ReadsPerSec, round(p.ReadP50), round(p.ReadP99),
			p.WritesPerSec, round(p.WriteP50), round(p.WriteP99), p.Errors, p.CPUSeconds, p.ReadsPerCPUSec, p.WritesPerCPUSec)
	}
	fmt.Fprintf(&b, "acknowledged writes: %d; lost: %d; corrupted: %d\n", r.AckedCount, len(r.Lost), len(r.Corrupt))
	return b.String()
}

func round(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return d.Round(10 * time.Microsecond).String()
}
