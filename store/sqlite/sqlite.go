// Package sqlite is the SQLite backend of store.Store, through the cgo-free
// driver modernc.org/sqlite. It registers itself with store.Open for DSNs
// "sqlite:PATH", plain paths and "" (crux.db).
//
// The database runs in WAL mode with foreign keys on and a busy timeout of
// 10 s. Durability: by default synchronous=NORMAL, with which a committed
// write survives the process being killed (the crash tests SIGKILL a writer
// and find every acknowledged write) and the database is never corrupted,
// but a power cut or OS crash may roll back the last transactions; the DSN
// option "?sync=full" (e.g. "sqlite:crux.db?sync=full") makes every commit
// wait for fsync, at about half the write rate. Writes go through one
// connection, so writers queue in Go instead of failing with SQLITE_BUSY;
// reads use a pool and each sees one consistent snapshot. Several processes
// may share a file: the busy timeout and BEGIN IMMEDIATE serialise them.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DefaultPath is the database file used for an empty DSN.
const DefaultPath = "crux.db"

func init() {
	store.Register("sqlite", func(ctx context.Context, dsn string) (store.Store, error) { return Open(ctx, dsn) })
}

// Open opens (creating if needed) the SQLite database named by dsn
// ("sqlite:PATH", "PATH" or "" for DefaultPath, optionally followed by
// "?sync=full" or "?sync=normal") and applies the migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	path := strings.TrimPrefix(dsn, "sqlite:")
	path = strings.TrimPrefix(path, "//")
	if path == "" {
		path = DefaultPath
	}
	syncMode := "NORMAL"
	if p, opts, ok := strings.Cut(path, "?"); ok {
		path = p
		q, err := url.ParseQuery(opts)
		if err != nil {
			return nil, fmt.Errorf("sqlite: options %q: %v", opts, err)
		}
		for k, v := range q {
			switch {
			case k == "sync" && len(v) == 1 && (strings.EqualFold(v[0], "full") || strings.EqualFold(v[0], "normal")):
				syncMode = strings.ToUpper(v[0])
			default:
				return nil, fmt.Errorf("sqlite: unknown option %s=%v (known: sync=full or sync=normal)", k, v)
			}
		}
	}
	if path == "" {
		path = DefaultPath
	}
	if strings.ContainsAny(path, "#\x00") {
		return nil, fmt.Errorf("sqlite: path %q: '#' and NUL are not allowed in a database path", path)
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(" + syncMode + ")"
	w, err := sql.Open("sqlite", path+"?"+pragmas+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || !strings.EqualFold(mode, "wal") {
		w.Close()
		return nil, fmt.Errorf("sqlite: %s: cannot switch to WAL mode (journal_mode=%q, %v)", path, mode, err)
	}
	r, err := sql.Open("sqlite", path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	b := newBackend(w, r)
	d := sqlstore.Dialect{}
	if err := sqlstore.Migrate(ctx, b, d, migrations, "migrations"); err != nil {
		b.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return &Store{Store: sqlstore.New(b, d), b: b, path: path}, nil
}

// Store is a SQLite store.
type Store struct {
	*sqlstore.Store
	b    *backend
	path string
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// IntegrityCheck runs PRAGMA integrity_check and returns nil when it
// reports "ok", else an error holding its findings.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.b.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(out) == 1 && out[0] == "ok" {
		return nil
	}
	return fmt.Errorf("sqlite: integrity_check: %s", strings.Join(out, "; "))
}

// DB returns the read-only connection pool, for tests and tools.
func (s *Store) DB() *sql.DB { return s.b.r }

type backend struct {
	w, r   *sql.DB
	wStmts stmtCache
	rStmts stmtCache

	reqs     chan *writeReq
	shared   atomic.Int64 // writes that shared a transaction with another (for tests)
	closeMu  sync.RWMutex
	closed   bool
	loopDone sync.WaitGroup
}

// A writeReq is one Write waiting for the writer goroutine.
type writeReq struct {
	ctx  context.Context
	fn   func(sqlstore.Tx) error
	done chan error
}

// maxBatch bounds how many writes share one transaction.
const maxBatch = 64

func newBackend(w, r *sql.DB) *backend {
	b := &backend{w: w, r: r, reqs: make(chan *writeReq, maxBatch)}
	b.loopDone.Add(1)
	go b.writer()
	return b
}

// writer runs the writes. Writes that arrive together share one
// transaction (group commit), each inside its own savepoint: a write that
// fails is rolled back to its savepoint and reports its error, the others
// commit together. Every write returns only after its transaction
// committed, so an acknowledged write is a committed write; if the commit
// fails, every write of the batch gets the error.
func (b *backend) writer() {
	defer b.loopDone.Done()
	for req := range b.reqs {
		batch := []*writeReq{req}
	collect:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-b.reqs:
				if !ok {
					break collect
				}
				batch = append(batch, r)
			default:
				break collect
			}
		}
		b.runBatch(batch)
	}
}

func (b *backend) runBatch(batch []*writeReq) {
	// Writes run to the end once started: a cancelled query could make
	// SQLite roll back the whole shared transaction.
	ctx := context.Background()
	errs := make([]error, len(batch))
	live := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // never started: nothing written
			continue
		}
		live++
	}
	deliver := func(common error) {
		for i, r := range batch {
			if errs[i] == nil {
				errs[i] = common
			}
			r.done <- errs[i]
		}
		b.wStmts.prepare(ctx, b.w)
	}
	if live == 0 {
		deliver(nil)
		return
	}
	tx, err := b.w.BeginTx(ctx, nil)
	if err != nil {
		deliver(err)
		return
	}
	t := sqlTx{tx: tx, stmts: &b.wStmts, ctx: ctx}
	if live == 1 { // no savepoint needed
		for i, r := range batch {
			if errs[i] != nil {
				continue
			}
			if errs[i] = r.fn(t); errs[i] != nil {
				_ = tx.Rollback()
				deliver(nil)
				return
			}
			break
		}
		deliver(tx.Commit())
		return
	}
	b.shared.Add(int64(live))
	for i, r := range batch {
		if errs[i] != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
			_ = tx.Rollback()
			deliver(err)
			return
		}
		errs[i] = r.fn(t)
		if errs[i] != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO w"); err != nil {
				_ = tx.Rollback()
				deliver(fmt.Errorf("sqlite: rolling back a failed write: %w", err))
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE w"); err != nil {
			_ = tx.Rollback()
			deliver(err)
			return
		}
	}
	deliver(tx.Commit())
}

// stmtCache keeps one prepared statement per query text: parsing SQL is a
// large part of a small query's cost in SQLite. A statement is prepared
// after the transaction that first used it has ended, since preparing on
// the pool inside a transaction could wait for the very connection the
// transaction holds.
type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool
}

func (c *stmtCache) lookup(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st
	}
	if c.wanted == nil {
		c.wanted = map[string]bool{}
	}
	if len(c.m)+len(c.wanted) < 256 { // queries are fixed texts; this only guards against misuse
		c.wanted[q] = true
	}
	return nil
}

// prepare prepares the statements wanted since the last call. It holds no
// lock while preparing: that may wait for a connection that a transaction
// holds, and the transaction may be looking up statements.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB) {
	c.mu.Lock()
	var qs []string
	for q := range c.wanted {
		qs = append(qs, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range qs {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if _, dup := c.m[q]; dup {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

func (b *backend) Close() error {
	b.closeMu.Lock()
	if !b.closed {
		b.closed = true
		close(b.reqs)
	}
	b.closeMu.Unlock()
	b.loopDone.Wait()
	b.wStmts.close()
	b.rStmts.close()
	return errors.Join(b.r.Close(), b.w.Close())
}

func (b *backend) IsUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

func (b *backend) Write(ctx context.Context, fn func(sqlstore.Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	b.closeMu.RLock()
	if b.closed {
		b.closeMu.RUnlock()
		return errors.New("sqlite: store is closed")
	}
	select {
	case b.reqs <- req:
	case <-ctx.Done():
		b.closeMu.RUnlock()
		return ctx.Err()
	}
	b.closeMu.RUnlock()
	// Once queued, wait for the outcome even if ctx ends: the write may
	// be committing, and the caller must learn whether it did.
	return <-req.done
}

func (b *backend) Read(ctx context.Context, fn func(sqlstore.Tx) error) error {
	return run(ctx, b.r, &b.rStmts, fn)
}

func run(ctx context.Context, db *sql.DB, stmts *stmtCache, fn func(sqlstore.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	err = fn(sqlTx{tx: tx, stmts: stmts})
	if err != nil {
		_ = tx.Rollback()
	} else {
		err = tx.Commit()
	}
	stmts.prepare(ctx, db)
	return err
}

type sqlTx struct {
	tx    *sql.Tx
	stmts *stmtCache
	ctx   context.Context // when set, used instead of the callers' contexts
}

// stmt returns the cached prepared statement for q bound to the
// transaction, or nil for texts not worth caching (several statements, as in
// migrations).
func (t sqlTx) stmt(ctx context.Context, q string) *sql.Stmt {
	if strings.Contains(q, ";") || len(q) > 4096 { // migrations, bulk inserts
		return nil
	}
	st := t.stmts.lookup(q)
	if st == nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

func (t sqlTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	if t.ctx != nil {
		ctx = t.ctx
	}
	var res sql.Result
	var err error
	if st := t.stmt(ctx, q); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = t.tx.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t sqlTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	if t.ctx != nil {
		ctx = t.ctx
	}
	var rows *sql.Rows
	var err error
	if st := t.stmt(ctx, q); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = t.tx.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (t sqlTx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	if t.ctx != nil {
		ctx = t.ctx
	}
	if st := t.stmt(ctx, q); st != nil {
		return sqlRow{st.QueryRowContext(ctx, args...)}
	}
	return sqlRow{t.tx.QueryRowContext(ctx, q, args...)}
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

type sqlRow struct{ r *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}
