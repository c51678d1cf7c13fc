package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cruxlab/crux/bench"
)

const benchUsage = `crux bench [--corpus DIR] [--split dev] [--peer] [--json] [--quick]

Measures crux in one run on this machine and prints the figures:
  1. extraction speed (MB/s of article text, one core, repeated for at least
     a second) and accuracy on a PolNeAR-style corpus: content strict,
     content soft and attribution F1, by the extract package's scorer;
  2. scoring time of ach.Score on a synthetic case of 100 hypotheses ×
     10 000 evidence items, with sensitivity and with 10 000 Monte Carlo
     samples;
  3. API reads and writes per second with p99 latency: web.LoadTest (as
     crux loadtest runs it) on loopback against a fresh SQLite file holding
     the example case, 16 readers and 16 writers, 3 s per phase;
  4. with --peer: the npm package compromise (its quotation detection, run
     by node tools/peer/compromise.mjs) on the same texts, scored by the same
     scorer, side by side with crux, with ratios.
Progress goes to stderr; the figures to stdout. Run it on a quiet machine:
other work on the same cores lowers the speeds. The machine line gives the
load average and the memory latency at the start (dependent loads over 4 MB):
on a shared virtual machine other tenants raise the latency, and the
extraction and scoring speeds fall with it; compare runs only at a similar
latency, or two builds side by side (tools/abba.sh).

The peer needs Node.js and its packages: npm ci --prefix tools/peer

Examples:
  crux bench                         # everything but the peer, on ../shared/corpus/polnear dev
  crux bench --peer                  # with compromise side by side (run from the repository root)
  crux bench --quick                 # 8 articles, a small case, short timings: a smoke test
  crux bench --peer --json > b.json  # for scripts
  crux bench --corpus /data/polnear --split train`

func init() {
	register(&command{
		name:    "bench",
		summary: "measure extraction, scoring and the API, side by side with a peer",
		run: func(ctx context.Context, e *env, args []string) error {
			fs := newFlags(e, "bench", benchUsage)
			corpus := fs.String("corpus", filepath.Join("..", "shared", "corpus", "polnear"), "PolNeAR-style corpus `DIR` (SPLIT/text, SPLIT/attributions)")
			split := fs.String("split", "dev", "corpus `SPLIT` to read")
			peer := fs.Bool("peer", false, "also run the compromise peer (node tools/peer/compromise.mjs) and compare")
			peerDir := fs.String("peer-dir", filepath.Join("tools", "peer"), "the peer harness `DIR`")
			node := fs.String("node", "node", "the Node.js `EXECUTABLE` for the peer")
			asJSON := fs.Bool("json", false, "print the report as JSON")
			quick := fs.Bool("quick", false, "a few articles, a small case and short timings (a smoke test, not for publication)")
			minDur := fs.Duration("min-time", 0, "repeat each timed measurement for at least this `DURATION` (default 1s, 200ms with --quick)")
			seed := fs.Uint64("seed", 1, "`SEED` of the synthetic scoring case")
			noAPI := fs.Bool("no-api", false, "skip the API load test")
			if err := parse(fs, args); err != nil {
				return err
			}
			if fs.NArg() > 0 {
				return usagef("bench takes no arguments, got %q; see crux bench -h", fs.Arg(0))
			}
			if *minDur < 0 || *minDur > time.Hour {
				return usagef("--min-time %v: want a duration between 0 and 1h", *minDur)
			}
			textDir := filepath.Join(*corpus, *split, "text")
			if st, err := os.Stat(textDir); err != nil || !st.IsDir() {
				return invalid(fmt.Errorf("bench: %s not found; pass --corpus DIR and --split SPLIT (a PolNeAR-style folder with SPLIT/text and SPLIT/attributions)", textDir))
			}
			r, err := bench.Run(ctx, bench.Config{
				Corpus: *corpus, Split: *split,
				Peer: *peer, PeerDir: *peerDir, Node: *node,
				Quick: *quick, MinDuration: *minDur, Seed: *seed,
				NoAPI:    *noAPI,
				Progress: e.stderr,
			})
			if err != nil {
				return err
			}
			if *asJSON {
				return r.WriteJSON(e.stdout)
			}
			return r.WriteText(e.stdout)
		},
	})
}
