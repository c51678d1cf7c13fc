// Package sqlstore implements store.Store once, over a small SQL interface
// that store/sqlite and store/postgres provide with their own drivers,
// transactions and migrations. Queries use '?' placeholders; a backend that
// needs $n rewrites them (Rebind).
package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNoRows is what Row.Scan returns when the query found nothing.
var ErrNoRows = errors.New("sqlstore: no rows")

// Tx is a transaction.
type Tx interface {
	Exec(ctx context.Context, q string, args ...any) (int64, error)
	Query(ctx context.Context, q string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) Row
}

// Rows is a result set.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a single-row result; Scan returns ErrNoRows when there is none.
type Row interface {
	Scan(dest ...any) error
}

// Backend is what a database provides.
type Backend interface {
	// Write runs fn in a read-write transaction and commits when fn
	// returns nil. Writers are serialised enough that ForUpdate locks hold.
	Write(ctx context.Context, fn func(Tx) error) error
	// Read runs fn in a read-only transaction that sees one snapshot.
	Read(ctx context.Context, fn func(Tx) error) error
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique(err error) bool
	Close() error
}

// Dialect holds the SQL that differs between databases.
type Dialect struct {
	ForUpdate     string // appended to a SELECT that locks the case row ("FOR UPDATE" or "")
	MigrationLock string // run first in the migration transaction ("" for none)
}

// Migrate applies the numbered migrations NNNN_name.sql found in dir of
// fsys, in order, each in its own transaction with its row in
// schema_migrations; already applied ones are skipped.
func Migrate(ctx context.Context, b Backend, d Dialect, fsys fs.FS, dir string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return err
	}
	type mig struct {
		n    int
		name string
	}
	var migs []mig
	seen := map[int]string{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || n <= 0 {
			return fmt.Errorf("migration %s: name must be NNNN_description.sql", name)
		}
		if prev, dup := seen[n]; dup {
			return fmt.Errorf("migrations %s and %s share number %d", prev, name, n)
		}
		seen[n] = name
		migs = append(migs, mig{n, name})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].n < migs[j].n })
	for _, m := range migs {
		body, err := fs.ReadFile(fsys, path.Join(dir, m.name))
		if err != nil {
			return err
		}
		err = b.Write(ctx, func(tx Tx) error {
			if d.MigrationLock != "" {
				if _, err := tx.Exec(ctx, d.MigrationLock); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)`); err != nil {
				return err
			}
			var have int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.n).Scan(&have); err != nil {
				return err
			}
			if have > 0 {
				return nil
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`, m.n, m.name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

var rebindCache sync.Map

// Rebind rewrites '?' placeholders as $1, $2, ... (queries here never hold
// a '?' inside a string literal).
func Rebind(q string) string {
	if v, ok := rebindCache.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	s := b.String()
	rebindCache.Store(q, s)
	return s
}
