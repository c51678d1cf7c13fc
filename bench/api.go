package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
	_ "github.com/cruxlab/crux/store/sqlite" // the backend measured
	"github.com/cruxlab/crux/web"
)

// APIPhase is one phase of the web package's load test.
type APIPhase struct {
	Name       string  `json:"name"`
	Seconds    float64 `json:"seconds"`
	Reads      int     `json:"reads"`
	Writes     int     `json:"writes"`
	ReadsPerS  float64 `json:"reads_per_s"`
	WritesPerS float64 `json:"writes_per_s"`
	ReadP99MS  float64 `json:"read_p99_ms"`
	WriteP99MS float64 `json:"write_p99_ms"`
	Errors     int     `json:"errors"`
}

// Load-test clients, as crux loadtest uses by default.
const apiReaders, apiWriters = 16, 16

// runAPI measures the workbench's JSON API with web.LoadTest: the server
// runs in this process on a fresh SQLite file with the example case, on
// loopback; a read phase (GET the matrix), a write phase (PUT ratings with
// If-Match, each writer owning its cells) and a mixed phase, each of
// 3 × MinDuration; then every cell is read back to count lost or corrupted
// writes. The set-up is web.LoadTestLocal's, as `crux loadtest` uses it.
func runAPI(ctx context.Context, cfg *Config) *API {
	a := &API{Backend: "SQLite", Clients: apiReaders + apiWriters}
	d := 3 * cfg.MinDuration
	cfg.progress("api: web.LoadTest on loopback, SQLite, %d readers and %d writers, %v per phase", apiReaders, apiWriters, d)
	res, err := loadTest(ctx, cfg, d)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	for _, p := range res.Phases {
		ph := APIPhase{Name: p.Name, Seconds: p.Seconds, Reads: p.Reads, Writes: p.Writes,
			ReadsPerS: p.ReadsPerSec, WritesPerS: p.WritesPerSec,
			ReadP99MS: ms(p.ReadP99), WriteP99MS: ms(p.WriteP99), Errors: p.Errors}
		a.Phases = append(a.Phases, ph)
		a.Errors += p.Errors
		a.Seconds += p.Seconds
		switch p.Name {
		case "reads":
			a.Reads, a.ReadsPerS, a.ReadP99MS = p.Reads, p.ReadsPerSec, ms(p.ReadP99)
		case "writes":
			a.Writes, a.WritesPerS, a.WriteP99MS = p.Writes, p.WritesPerSec, ms(p.WriteP99)
		}
	}
	a.Lost = len(res.Lost) + len(res.Corrupt)
	a.Note = fmt.Sprintf("web.LoadTest: %d acknowledged writes read back: %d lost, %d corrupted", res.AckedCount, len(res.Lost), len(res.Corrupt))
	return a
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func loadTest(ctx context.Context, cfg *Config, d time.Duration) (*web.LoadResult, error) {
	dir, err := os.MkdirTemp("", "crux-bench-api-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "bench.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	c, err := examples.Load(examples.Default)
	if err != nil {
		return nil, err
	}
	return web.LoadTestLocal(ctx, st, c, web.Options{Logger: slog.New(slog.NewTextHandler(cfg.Progress, nil))},
		web.LoadOptions{Readers: apiReaders, Writers: apiWriters, ReadFor: d, WriteFor: d, MixedFor: d})
}
