// Package postgres is the PostgreSQL backend of store.Store, through
// github.com/jackc/pgx/v5 (pgxpool). It registers itself with store.Open for
// DSNs "postgres://..." and "postgresql://...".
//
// Writes run at READ COMMITTED and lock the case row (SELECT ... FOR UPDATE),
// so writes to one case are serialised and optimistic-concurrency checks
// hold; reads run in REPEATABLE READ read-only transactions, so a case and
// its ratings come from one snapshot. Migrations run under an advisory lock,
// so several servers may start at once. A search_path parameter in the DSN
// selects the schema (the tests use one schema per test).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cruxlab/crux/store"
	"github.com/cruxlab/crux/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

func init() {
	open := func(ctx context.Context, dsn string) (store.Store, error) { return Open(ctx, dsn) }
	store.Register("postgres", open)
}

// Store is a PostgreSQL store.
type Store struct {
	*sqlstore.Store
	pool *pgxpool.Pool
}

// Pool returns the connection pool, for tests and tools.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Open connects to the database named by dsn and applies the migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	b := &backend{pool: pool}
	d := sqlstore.Dialect{ForUpdate: "FOR UPDATE", MigrationLock: "SELECT pg_advisory_xact_lock(727780001)"}
	if err := sqlstore.Migrate(ctx, b, d, migrations, "migrations"); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{Store: sqlstore.New(b, d), pool: pool}, nil
}

type backend struct{ pool *pgxpool.Pool }

func (b *backend) Close() error { b.pool.Close(); return nil }

func (b *backend) IsUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func (b *backend) Write(ctx context.Context, fn func(sqlstore.Tx) error) error {
	return b.run(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, fn)
}

func (b *backend) Read(ctx context.Context, fn func(sqlstore.Tx) error) error {
	return b.run(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

func (b *backend) run(ctx context.Context, opts pgx.TxOptions, fn func(sqlstore.Tx) error) error {
	tx, err := b.pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(pgTx{tx}); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

type pgTx struct{ tx pgx.Tx }

func (t pgTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, sqlstore.Rebind(q), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (t pgTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.Query(ctx, sqlstore.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

func (t pgTx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	return pgRow{t.tx.QueryRow(ctx, sqlstore.Rebind(q), args...)}
}

type pgRows struct{ pgx.Rows }

func (r pgRows) Close() { r.Rows.Close() }

type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}
