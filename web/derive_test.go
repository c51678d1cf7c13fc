package web

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cruxlab/crux"
)

// TestDeriveOnce: requests asking for the same derived value at once share
// one computation; a failure is not kept, nor is a panic, whose waiters get
// an error.
func TestDeriveOnce(t *testing.T) {
	s := &Server{}
	e := &cacheEntry{c: crux.New("k", "k")}
	var calls atomic.Int32
	release := make(chan struct{})
	slow := func(*crux.Case) (any, error) {
		calls.Add(1)
		<-release
		return "value", nil
	}
	const n = 8
	got := make([]any, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.derive(e, "k", slow)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	time.Sleep(50 * time.Millisecond) // all n are asking
	close(release)
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Errorf("%d computations for %d concurrent requests, want 1", c, n)
	}
	for i, v := range got {
		if v != "value" {
			t.Errorf("request %d got %v", i, v)
		}
	}
	if v, _ := s.derive(e, "k", func(*crux.Case) (any, error) { return "other", nil }); v != "value" {
		t.Errorf("second derive recomputed: %v", v)
	}

	boom := errors.New("boom")
	if v, err := s.derive(e, "fails", func(*crux.Case) (any, error) { return "partial", boom }); v != nil || err != boom {
		t.Errorf("failing derive = %v, %v; want nil, boom", v, err)
	}
	if v, err := s.derive(e, "fails", func(*crux.Case) (any, error) { return "ok", nil }); v != "ok" || err != nil {
		t.Errorf("after a failure derive = %v, %v; want a new computation", v, err)
	}

	func() {
		defer func() { _ = recover() }()
		s.derive(e, "panics", func(*crux.Case) (any, error) { panic("derivation panicked") })
	}()
	if v, err := s.derive(e, "panics", func(*crux.Case) (any, error) { return "ok", nil }); v != "ok" || err != nil {
		t.Errorf("after a panic derive = %v, %v; want a new computation", v, err)
	}
}
