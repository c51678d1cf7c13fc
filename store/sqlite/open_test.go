package sqlite_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/store/storetest"
)

func TestOpenDSN(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tests := []struct {
		dsn     string
		file    string // expected database file, "" when Open must fail
		wantErr string
	}{
		{dsn: "sqlite:" + filepath.Join(dir, "a.db"), file: "a.db"},
		{dsn: filepath.Join(dir, "b.db"), file: "b.db"},
		{dsn: "sqlite:" + filepath.Join(dir, "c.db") + "?sync=full", file: "c.db"},
		{dsn: "sqlite:" + filepath.Join(dir, "d.db") + "?sync=sometimes", wantErr: "unknown option"},
		{dsn: "sqlite:" + filepath.Join(dir, "e.db") + "?cache=shared", wantErr: "unknown option"},
		{dsn: "sqlite:" + filepath.Join(dir, "no-such-dir", "f.db"), wantErr: "sqlite"},
	}
	for _, tc := range tests {
		s, err := store.Open(ctx, tc.dsn)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Open(%q) = %v, want an error containing %q", tc.dsn, err, tc.wantErr)
			}
			if err == nil {
				s.Close()
			}
			continue
		}
		if err != nil {
			t.Errorf("Open(%q): %v", tc.dsn, err)
			continue
		}
		s.Close()
		if _, err := os.Stat(filepath.Join(dir, tc.file)); err != nil {
			t.Errorf("Open(%q) made no %s: %v", tc.dsn, tc.file, err)
		}
	}
	// A file that is not a database is refused, not overwritten.
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(ctx, junk); err == nil {
		s.Close()
		t.Fatal("opened a file that is not a database")
	}
}

// TestMigrations: every embedded migration is recorded once; reopening
// applies nothing and keeps the data.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCase(ctx, storetest.NewCase("m", 2, 2, 1), store.System); err != nil {
		t.Fatal(err)
	}
	s.Close()
	files, _ := fs.Glob(os.DirFS("migrations"), "*.sql")
	for range 2 {
		s, err = sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != len(files) || n == 0 {
			t.Fatalf("schema_migrations has %d rows, want %d (one per file)", n, len(files))
		}
		if _, _, err := s.Case(ctx, "m"); err != nil {
			t.Fatal(err)
		}
		var mode string
		if err := s.DB().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode %q (%v), want wal", mode, err)
		}
		var fk int
		if err := s.DB().QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
			t.Fatalf("foreign_keys %d (%v), want 1", fk, err)
		}
		s.Close()
	}
}

// FuzzStrings stores arbitrary text in a case and a rating reason: either
// the store refuses it with ErrInvalid, or it reads back byte for byte.
func FuzzStrings(f *testing.F) {
	f.Add("'); DROP TABLE cases; --")
	f.Add("a\x00b")
	f.Add("\xff\xfe")
	f.Add("Пєсков 🚁 \u202e")
	if b, err := os.ReadFile("../../../shared/corpus/seed/kremlin-drone-2023-05-04.txt"); err == nil {
		f.Add(string(b[:min(len(b), 2000)]))
		f.Add(string(b))
	} else if os.Getenv("CI") == "true" {
		f.Fatalf("seed article missing under CI: %v", err)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	n := 0
	f.Fuzz(func(t *testing.T, text string) {
		n++
		c := storetest.NewCase("fz-"+strconv.Itoa(n), 2, 2, 1)
		c.Title = text
		c.Evidence[1].Text = text
		_, err := s.CreateCase(ctx, c, store.System)
		if err != nil {
			if !errorsIsInvalid(err) {
				t.Fatalf("CreateCase: %v", err)
			}
			return
		}
		got, v, err := s.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != text || got.Evidence[1].Text != text {
			t.Fatalf("text changed in the store: %q -> %q", text, got.Title)
		}
		_, err = s.SetRating(ctx, c.ID, "E1", "H1", store.System, crux.Rating{Value: crux.Neutral, Reason: text}, v)
		if err != nil && !errorsIsInvalid(err) {
			t.Fatal(err)
		}
		if err == nil {
			got, _, _ := s.Case(ctx, c.ID)
			if got.Evidence[0].Ratings["H1"].Reason != text {
				t.Fatal("rating reason changed in the store")
			}
		}
	})
}

func errorsIsInvalid(err error) bool { return errors.Is(err, store.ErrInvalid) }
