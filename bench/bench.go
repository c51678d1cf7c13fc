package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Config says what Run measures.
type Config struct {
	Corpus string // a PolNeAR-style corpus: SPLIT/text/NAME.txt and SPLIT/attributions/NAME_XXXX.ann
	Split  string // "dev" by default

	// SeedDir is a folder of articles without gold annotations whose
	// extraction speed is measured too; default: the "seed" folder beside
	// Corpus, when there is one.
	SeedDir string

	Peer    bool   // also run the compromise harness
	PeerDir string // the harness folder; default tools/peer
	Node    string // the node executable; default node

	// Quick runs on a few articles with short timings, for tests and a
	// first look; its figures are not for publication.
	Quick bool
	// MinDuration is how long each timed measurement repeats at least;
	// default 1 s (200 ms with Quick).
	MinDuration time.Duration

	// The synthetic scoring case: defaults 100 hypotheses × 10 000 items,
	// 10 000 Monte Carlo samples, seed 1 (Quick: 20 × 1 000, 1 000).
	Hypotheses, Evidence, Samples int
	Seed                          uint64

	NoAPI bool // skip the API load test

	Progress io.Writer // progress lines; nil discards them
}

// quickArticles is how many articles a Quick run reads.
const quickArticles = 8

func (c *Config) defaults() {
	if c.Split == "" {
		c.Split = "dev"
	}
	if c.MinDuration <= 0 {
		c.MinDuration = time.Second
		if c.Quick {
			c.MinDuration = 200 * time.Millisecond
		}
	}
	if c.Hypotheses <= 0 {
		c.Hypotheses = 100
		if c.Quick {
			c.Hypotheses = 20
		}
	}
	if c.Evidence <= 0 {
		c.Evidence = 10000
		if c.Quick {
			c.Evidence = 1000
		}
	}
	if c.Samples <= 0 {
		c.Samples = 10000
		if c.Quick {
			c.Samples = 1000
		}
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
}

func (c *Config) progress(format string, args ...any) {
	fmt.Fprintf(c.Progress, "bench: "+format+"\n", args...)
}

// Article is one text of the corpus with its gold annotation file.
type Article struct {
	Name     string // NAME, without .txt
	Text     []byte
	GoldPath string // the first annotator's .ann; "" when there is none
}

// LoadSplit reads SPLIT/text/*.txt of a PolNeAR-style corpus, in name
// order, each with the first (by name) of its SPLIT/attributions/NAME_XXXX.ann
// files, as the reference scorer takes them. limit > 0 keeps the first limit
// articles.
func LoadSplit(corpus, split string, limit int) ([]Article, error) {
	textDir := filepath.Join(corpus, split, "text")
	ents, err := os.ReadDir(textDir)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	gold := map[string]string{}
	attrDir := filepath.Join(corpus, split, "attributions")
	if aents, err := os.ReadDir(attrDir); err == nil {
		for _, e := range aents { // ReadDir sorts by name: the first annotator wins
			name := e.Name()
			base, ok := strings.CutSuffix(name, ".ann")
			if !ok {
				continue
			}
			i := strings.LastIndexByte(base, '_')
			if i < 0 || !isHex4(base[i+1:]) {
				continue
			}
			if _, seen := gold[base[:i]]; !seen {
				gold[base[:i]] = filepath.Join(attrDir, name)
			}
		}
	}
	var arts []Article
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		if !ok || e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(textDir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		arts = append(arts, Article{Name: name, Text: b, GoldPath: gold[name]})
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].Name < arts[j].Name })
	if len(arts) == 0 {
		return nil, fmt.Errorf("corpus: no .txt files in %s", textDir)
	}
	if limit > 0 && len(arts) > limit {
		arts = arts[:limit]
	}
	return arts, nil
}

func isHex4(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// Run measures what cfg asks for, section by section. A section that cannot
// run is reported as skipped or failed in the Report; Run itself fails only
// when the context ends.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg.defaults()
	r := &Report{Started: time.Now().UTC(), Machine: ThisMachine(), Corpus: cfg.Corpus, Split: cfg.Split, Quick: cfg.Quick}

	limit := 0
	if cfg.Quick {
		limit = quickArticles
	}
	arts, err := LoadSplit(cfg.Corpus, cfg.Split, limit)
	if err != nil {
		r.Extraction = &ToolRun{Tool: "crux", Error: err.Error()}
		if cfg.Peer {
			r.Peer = &ToolRun{Tool: "compromise", Error: err.Error()}
		}
	} else {
		cfg.progress("corpus %s: %d articles of split %s", cfg.Corpus, len(arts), cfg.Split)
		r.Extraction = runExtraction(ctx, &cfg, arts)
		if cfg.Peer {
			r.Peer = runPeerSection(ctx, &cfg, arts)
		}
	}
	seed := cfg.SeedDir
	if seed == "" {
		seed = filepath.Join(filepath.Dir(filepath.Clean(cfg.Corpus)), "seed")
		if st, err := os.Stat(seed); err != nil || !st.IsDir() {
			seed = ""
		}
	}
	if seed != "" && ctx.Err() == nil {
		r.SeedExtraction = runSeedExtraction(ctx, &cfg, seed)
	}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	r.Scoring = runScoring(ctx, &cfg)
	if err := ctx.Err(); err != nil {
		return r, err
	}
	if cfg.NoAPI {
		r.API = &API{Skipped: "skipped (--no-api)"}
	} else {
		r.API = runAPI(ctx, &cfg)
	}
	return r, ctx.Err()
}

// runPeerSection runs the compromise harness on the articles' texts (a
// temporary folder of copies when only some of the split is read) and
// scores its output like crux's.
func runPeerSection(ctx context.Context, cfg *Config, arts []Article) *ToolRun {
	run := &ToolRun{Tool: "compromise"}
	opts := PeerOptions{Dir: cfg.PeerDir, Node: cfg.Node}
	if err := PeerAvailable(opts); err != nil {
		run.Skipped = err.Error()
		return run
	}
	tmp, err := os.MkdirTemp("", "crux-bench-peer-")
	if err != nil {
		run.Error = err.Error()
		return run
	}
	defer os.RemoveAll(tmp)
	textDir := filepath.Join(tmp, "text")
	if err := os.Mkdir(textDir, 0o755); err != nil {
		run.Error = err.Error()
		return run
	}
	for _, a := range arts {
		if err := os.WriteFile(filepath.Join(textDir, a.Name+".txt"), a.Text, 0o644); err != nil {
			run.Error = err.Error()
			return run
		}
	}
	opts.TextDir, opts.OutDir = textDir, filepath.Join(tmp, "ann")
	opts.MinDuration = cfg.MinDuration
	opts.Progress = cfg.Progress
	cfg.progress("peer: node %s over %d texts (repeating to ≥ %v)", filepath.Join(peerDir(cfg), "compromise.mjs"), len(arts), cfg.MinDuration)
	st, err := RunPeer(ctx, opts)
	if err != nil {
		if errors.Is(err, ErrPeerUnavailable) {
			run.Skipped = err.Error()
		} else {
			run.Error = err.Error()
		}
		return run
	}
	run.Version = st.Version
	run.Articles, run.Bytes, run.Passes = st.Articles, st.Bytes, st.Passes
	run.Seconds = st.ElapsedMS / 1000
	run.MBPerS = float64(st.BytesProcessed) / 1e6 / run.Seconds
	if st.CPUMS > 0 {
		run.CPUSeconds = st.CPUMS / 1000
		run.MBPerCPUS = float64(st.BytesProcessed) / 1e6 / run.CPUSeconds
	}
	run.Found = st.Quotations
	run.Note = fmt.Sprintf("nlp(text).quotations() on node %s; %d of %d quotations given a speaker (%s)", st.Node, st.Sources, st.Quotations, st.SourceRule)

	preds := map[string][]byte{}
	for _, a := range arts {
		b, err := os.ReadFile(filepath.Join(opts.OutDir, a.Name+".ann"))
		if err != nil {
			run.Error = fmt.Sprintf("reading the harness's output: %v", err)
			return run
		}
		if _, err := ReadBrat(b); err != nil {
			run.Error = fmt.Sprintf("the harness wrote a bad file for %s: %v", a.Name, err)
			return run
		}
		preds[a.Name] = b
	}
	s, err := scoreBrat(arts, preds)
	if err != nil {
		run.Error = err.Error()
		return run
	}
	run.Scores = s
	return run
}

func peerDir(cfg *Config) string {
	if cfg.PeerDir != "" {
		return cfg.PeerDir
	}
	return filepath.Join("tools", "peer")
}
