package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/web"
)

const loadtestUsage = `Usage: crux loadtest [--seconds N] [--readers N] [--writers N] [--db DSN] [--json]

Measures the workbench under load on loopback: it starts the server in this
process on a fresh database (a temporary SQLite file unless --db is given),
loads the example case, then runs three phases of N seconds: matrix reads
only (GET /api/cases/{case}/matrix), rating writes only (PUT .../ratings/E/H
with If-Match, each writer owning its own cells), and both together. It
prints reads/s and writes/s with p50 and p99 latency, then reads every cell
back and checks that it holds the last acknowledged write (no lost or
corrupted write). Exit status 1 if any request failed or any write was lost.

Examples:
  crux loadtest
  crux loadtest --seconds 10 --readers 32 --writers 16
  crux loadtest --db postgres://crux@localhost/crux_load --json
`

func init() {
	register(&command{name: "loadtest", summary: "measure API reads/s and writes/s on loopback", run: runLoadtest})
}

func runLoadtest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "loadtest", loadtestUsage)
	secs := fs.Float64("seconds", 5, "length of each phase")
	readers := fs.Int("readers", 16, "concurrent readers")
	writers := fs.Int("writers", 16, "concurrent writers")
	dsn := fs.String("db", "", "database (default: a temporary SQLite file)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *secs <= 0 || *readers < 0 || *writers < 1 {
		return usagef("loadtest takes no arguments; --seconds > 0, --writers ≥ 1")
	}
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "crux-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dsn = "sqlite:" + filepath.Join(dir, "load.db")
	}
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := examples.Load(examples.Default)
	if err != nil {
		return err
	}
	d := time.Duration(*secs * float64(time.Second))
	res, err := web.LoadTestLocal(ctx, st, c, web.Options{},
		web.LoadOptions{Readers: *readers, Writers: *writers, ReadFor: d, WriteFor: d, MixedFor: d})
	if err != nil {
		return err
	}
	if *asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		fmt.Fprintf(e.stdout, "crux loadtest: loopback, %s, %d readers, %d writers, %.0fs per phase\n%s",
			redact(*dsn), *readers, *writers, *secs, res)
	}
	failed := len(res.Lost) + len(res.Corrupt)
	for _, p := range res.Phases {
		failed += p.Errors
	}
	if failed > 0 {
		return fmt.Errorf("loadtest: %d failed requests or lost writes", failed)
	}
	return nil
}
