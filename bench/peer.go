package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// PeerOptions say how to run the compromise harness of tools/peer.
type PeerOptions struct {
	Dir     string // the harness folder, holding compromise.mjs and node_modules; default "tools/peer"
	Node    string // the node executable; default "node" on PATH
	TextDir string // the articles, NAME.txt
	OutDir  string // where the harness writes NAME.ann
	// MinDuration makes the harness repeat its pass until this much
	// processing time has elapsed (its first pass's output is written).
	MinDuration time.Duration
	NoSource    bool      // Content spans only
	Progress    io.Writer // the harness's stderr; nil discards it
}

// PeerStats is what the harness prints on stdout when it is done.
type PeerStats struct {
	Tool           string  `json:"tool"`
	Version        string  `json:"version"`
	Node           string  `json:"node"`
	Articles       int     `json:"articles"`
	Bytes          int64   `json:"bytes"`
	Passes         int     `json:"passes"`
	BytesProcessed int64   `json:"bytes_processed"`
	ElapsedMS      float64 `json:"elapsed_ms"`
	CPUMS          float64 `json:"cpu_ms"` // node's process.cpuUsage() over the timed passes
	MBPerS         float64 `json:"mb_per_s"`
	Quotations     int     `json:"quotations"`
	Sources        int     `json:"sources"`
	SourceRule     string  `json:"source_rule"`
}

// ErrPeerUnavailable is returned (wrapped) by PeerAvailable and RunPeer when
// node or the harness's packages are missing.
var ErrPeerUnavailable = errors.New("peer unavailable")

func (o *PeerOptions) defaults() {
	if o.Dir == "" {
		o.Dir = filepath.Join("tools", "peer")
	}
	if o.Node == "" {
		o.Node = "node"
	}
}

// PeerAvailable reports, as an error wrapping ErrPeerUnavailable, what is
// missing to run the harness: node, the script, or its installed packages
// (`npm ci --prefix tools/peer`).
func PeerAvailable(o PeerOptions) error {
	o.defaults()
	if _, err := exec.LookPath(o.Node); err != nil {
		return fmt.Errorf("%w: %s not found: install Node.js 20 or later", ErrPeerUnavailable, o.Node)
	}
	if _, err := os.Stat(filepath.Join(o.Dir, "compromise.mjs")); err != nil {
		return fmt.Errorf("%w: %s has no compromise.mjs (run from the repository root, or pass the harness folder)", ErrPeerUnavailable, o.Dir)
	}
	if _, err := os.Stat(filepath.Join(o.Dir, "node_modules", "compromise", "package.json")); err != nil {
		return fmt.Errorf("%w: compromise is not installed: run `npm ci --prefix %s`", ErrPeerUnavailable, o.Dir)
	}
	return nil
}

// RunPeer runs the harness over o.TextDir and returns its statistics. The
// .ann files it wrote are in o.OutDir.
func RunPeer(ctx context.Context, o PeerOptions) (*PeerStats, error) {
	o.defaults()
	if err := PeerAvailable(o); err != nil {
		return nil, err
	}
	if o.TextDir == "" || o.OutDir == "" {
		return nil, errors.New("peer: a text folder and an output folder are needed")
	}
	args := []string{filepath.Join(o.Dir, "compromise.mjs"),
		"--text", o.TextDir, "--out", o.OutDir,
		"--min-ms", strconv.FormatInt(o.MinDuration.Milliseconds(), 10)}
	if o.NoSource {
		args = append(args, "--no-source")
	}
	cmd := exec.CommandContext(ctx, o.Node, args...)
	var out bytes.Buffer
	var errBuf bytes.Buffer
	cmd.Stdout = &out
	if o.Progress != nil {
		cmd.Stderr = io.MultiWriter(o.Progress, &errBuf)
	} else {
		cmd.Stderr = &errBuf
	}
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errBuf.String())
		if len(msg) > 2000 {
			msg = msg[len(msg)-2000:]
		}
		return nil, fmt.Errorf("peer: %s %s: %v\n%s", o.Node, args[0], err, msg)
	}
	return ParsePeerStats(out.Bytes())
}

// ParsePeerStats reads the JSON object the harness prints on its last
// non-empty stdout line and checks that it makes sense.
func ParsePeerStats(stdout []byte) (*PeerStats, error) {
	lines := bytes.Split(bytes.TrimSpace(stdout), []byte("\n"))
	last := lines[len(lines)-1]
	if len(bytes.TrimSpace(last)) == 0 {
		return nil, errors.New("peer: the harness printed nothing")
	}
	var s PeerStats
	dec := json.NewDecoder(bytes.NewReader(last))
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("peer: reading the harness's summary %q: %v", clip(string(last)), err)
	}
	switch {
	case s.Articles <= 0:
		return nil, fmt.Errorf("peer: the harness read no article")
	case s.Passes <= 0 || s.ElapsedMS <= 0 || s.BytesProcessed <= 0:
		return nil, fmt.Errorf("peer: the harness reported no work (passes %d, %.3f ms, %d bytes)", s.Passes, s.ElapsedMS, s.BytesProcessed)
	case s.BytesProcessed != s.Bytes*int64(s.Passes):
		return nil, fmt.Errorf("peer: inconsistent summary: %d bytes × %d passes ≠ %d", s.Bytes, s.Passes, s.BytesProcessed)
	}
	return &s, nil
}
