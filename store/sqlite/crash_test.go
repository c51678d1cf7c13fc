package sqlite_test

// Crash tests (issue 8): a child process (this test binary, re-executed with
// CRUX_CRASH_CHILD set) writes to a SQLite store and reports each
// acknowledged write on stdout; the parent kills it with SIGKILL at random
// moments, reopens the store and checks that every acknowledged write is
// there and that the database is consistent.
//
//	CRUX_CRASH_ROUNDS=50 go test -run Crash ./store/sqlite   # more rounds
//	CRUX_CRASH_SEED=7 ...                                      # other kill times

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/store/storetest"
)

const (
	childEnv = "CRUX_CRASH_CHILD" // "ratings" or "import"
	pathEnv  = "CRUX_CRASH_DB"
	roundEnv = "CRUX_CRASH_ROUND"
)

func crashRounds(t *testing.T) int {
	if v := os.Getenv("CRUX_CRASH_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("CRUX_CRASH_ROUNDS=%q: want a positive number", v)
		}
		return n
	}
	if testing.Short() {
		return 5
	}
	return 8
}

func crashSeed(t *testing.T) uint64 {
	seed := uint64(1)
	if v := os.Getenv("CRUX_CRASH_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("CRUX_CRASH_SEED=%q: want a number", v)
		}
		seed = n
	}
	t.Logf("seed %d (set CRUX_CRASH_SEED to vary)", seed)
	return seed
}

// TestCrashChild is the child's body; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("only runs as the child of the crash tests")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, os.Getenv(pathEnv))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	go func() { // never outlive a parent that died
		time.Sleep(60 * time.Second)
		os.Exit(3)
	}()
	var out sync.Mutex
	say := func(format string, args ...any) {
		out.Lock()
		fmt.Printf(format+"\n", args...)
		out.Unlock()
	}
	switch mode {
	case "ratings":
		round, _ := strconv.Atoi(os.Getenv(roundEnv))
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(round), uint64(g)))
				for {
					e, h := fmt.Sprintf("E%d", 1+rng.IntN(20)), fmt.Sprintf("H%d", 1+rng.IntN(5))
					val := crux.RatingValues[rng.IntN(len(crux.RatingValues))]
					v, err := s.SetRating(ctx, "crash", e, h, store.System, crux.Rating{Value: val}, store.AnyVersion)
					if err != nil {
						say("error %v", err)
						os.Exit(1)
					}
					say("ack %d %s %s %s", v, e, h, val)
				}
			}()
		}
		wg.Wait()
	case "import":
		round, _ := strconv.Atoi(os.Getenv(roundEnv))
		c := importCase(round)
		say("start")
		if _, err := s.PutCase(ctx, c, store.AnyVersion, store.System); err != nil {
			say("error %v", err)
			os.Exit(1)
		}
		say("done")
		time.Sleep(time.Hour)
	}
}

func importCase(round int) *crux.Case {
	c := storetest.NewCase("big", 3000, 4, uint64(round)+100)
	c.Title = fmt.Sprintf("import %d", round)
	for i := range c.Evidence {
		c.Evidence[i].Text = fmt.Sprintf("round %d item %d", round, i)
	}
	return c
}

type child struct {
	cmd   *exec.Cmd
	lines chan string
}

func startChild(t *testing.T, mode, path string, round int) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, pathEnv+"="+path, roundEnv+"="+strconv.Itoa(round))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 1<<16)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	return c
}

// kill sends SIGKILL, waits, and returns every line the child printed.
func (c *child) kill(t *testing.T) []string {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	var lines []string
	for l := range c.lines {
		lines = append(lines, l)
	}
	_ = c.cmd.Wait()
	for _, l := range lines {
		if strings.HasPrefix(l, "error") {
			t.Fatalf("child: %s", l)
		}
	}
	return lines
}

func TestCrashRatings(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/crash.db"
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, storetest.NewCase("crash", 20, 5, 1), store.System); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rng := rand.New(rand.NewPCG(crashSeed(t), 2))
	total := 0
	for round := range crashRounds(t) {
		ch := startChild(t, "ratings", path, round)
		// Wait for the first acknowledgement, then kill at a random moment.
		first, ok := <-ch.lines
		if !ok {
			ch.kill(t)
			t.Fatalf("round %d: child exited before writing", round)
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		lines := append([]string{first}, ch.kill(t)...)

		type ack struct {
			e, h, val string
		}
		acks := map[store.Version]ack{}
		for _, l := range lines {
			var a ack
			var v store.Version
			if _, err := fmt.Sscanf(l, "ack %d %s %s %s", &v, &a.e, &a.h, &a.val); err != nil {
				t.Fatalf("round %d: bad child line %q", round, l)
			}
			acks[v] = a
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		hist, err := s.History(ctx, "crash", 0)
		if err != nil {
			t.Fatal(err)
		}
		got := storetest.RatingsByVersion(t, hist)
		for v, a := range acks {
			d, ok := got[v]
			if !ok || d.Evidence != a.e || d.Hypothesis != a.h || d.To == nil || string(d.To.Value) != a.val {
				t.Fatalf("round %d: acknowledged write %d (%s×%s=%s) lost: history has %+v", round, v, a.e, a.h, a.val, d)
			}
		}
		// The case's cells agree with the last write to each in the history.
		c, cv, err := s.Case(ctx, "crash")
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) == 0 || hist[0].Version != cv {
			t.Fatalf("round %d: case version %d, newest change %d", round, cv, hist[0].Version)
		}
		at, err := s.CaseAt(ctx, "crash", cv)
		if err != nil {
			t.Fatal(err)
		}
		if storetest.Canon(t, at) != storetest.Canon(t, c) {
			t.Fatalf("round %d: the ratings disagree with the history", round)
		}
		s.Close()
		total += len(acks)
		t.Logf("round %d: %d acknowledged writes, all present; case at version %d", round, len(acks), cv)
	}
	if total == 0 {
		t.Fatal("no write was acknowledged in any round")
	}
}

func TestCrashImport(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/import.db"
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	c0 := storetest.NewCase("big", 10, 2, 1)
	if _, err := s.CreateCase(ctx, c0, store.System); err != nil {
		t.Fatal(err)
	}
	s.Close()
	prev := storetest.Canon(t, c0)
	rng := rand.New(rand.NewPCG(crashSeed(t), 3))
	rounds := crashRounds(t)
	seenOld, seenNew := 0, 0
	for round := range rounds {
		next := storetest.Canon(t, importCase(round))
		ch := startChild(t, "import", path, round)
		if l, ok := <-ch.lines; !ok || l != "start" {
			ch.kill(t)
			t.Fatalf("round %d: child did not start (%q)", round, l)
		}
		// Kill somewhere in the import (it takes a few hundred ms) or
		// after it, alternating windows so that both outcomes occur.
		wait := time.Duration(rng.IntN(300)) * time.Millisecond
		if round%3 == 2 {
			wait += 2 * time.Second
		}
		time.Sleep(wait)
		lines := ch.kill(t)
		done := len(lines) > 0 && lines[len(lines)-1] == "done"

		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		c, v, err := s.Case(ctx, "big")
		if err != nil {
			t.Fatal(err)
		}
		got := storetest.Canon(t, c)
		switch {
		case got == next:
			seenNew++
			prev = next
		case got == prev && !done:
			seenOld++
		case got == prev:
			t.Fatalf("round %d: import acknowledged but the old case is there", round)
		default:
			t.Fatalf("round %d: case is neither the old nor the new one after a kill (version %d): half an import", round, v)
		}
		s.Close()
		t.Logf("round %d: killed after %v, acknowledged=%v, case is the %s one", round, wait, done, map[bool]string{true: "new", false: "old"}[got == next])
	}
	t.Logf("%d rounds: %d kept the old case, %d the new", rounds, seenOld, seenNew)
}
