package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/cruxlab/crux/examples"
	"github.com/cruxlab/crux/store"
	_ "github.com/cruxlab/crux/store/postgres"
	_ "github.com/cruxlab/crux/store/sqlite"
	"github.com/cruxlab/crux/web"
)

const serveUsage = `Usage: crux serve [--addr HOST:PORT] [--db DSN] [flags]

Starts the crux workbench: a web application and JSON API over a database
of cases. On first run it creates the database, loads the example case
(readable by visitors without an account, unless --no-demo) and an
administrator account "admin", whose password is printed once on stderr
unless given by --admin-password or $CRUX_ADMIN_PASSWORD.

SIGINT or SIGTERM stops the server gracefully: it accepts no new request
and finishes every request already accepted before closing the database.

Examples:
  crux serve                                  # http://127.0.0.1:8080, SQLite file crux.db
  crux serve --addr :9000 --db sqlite:/var/lib/crux/crux.db
  crux serve --db postgres://crux@localhost/crux --secure-cookies
  CRUX_ADMIN_PASSWORD=s3cret-enough crux serve
  curl -s -X POST localhost:8080/api/tokens -d '{"user":"admin","password":"..."}'
  curl -s -H "Authorization: Bearer TOKEN" localhost:8080/api/cases
`

func init() {
	register(&command{name: "serve", summary: "start the web workbench and JSON API", run: runServe})
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", serveUsage)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dsn := fs.String("db", "sqlite:crux.db", "database: sqlite:PATH or postgres://...")
	adminPW := fs.String("admin-password", "", "password of the first administrator (default $CRUX_ADMIN_PASSWORD, else generated and printed)")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (behind TLS)")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this certificate file (with --tls-key)")
	tlsKey := fs.String("tls-key", "", "private key of --tls-cert")
	noDemo := fs.Bool("no-demo", false, "do not let visitors without an account read the example case")
	verbose := fs.Bool("v", false, "log every request")
	writeRate := fs.Float64("write-rate", 50, "changes per second allowed to one user, in bursts of up to 10 seconds' worth; 0 for no limit")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Arg(0))
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	if *adminPW == "" {
		*adminPW = os.Getenv("CRUX_ADMIN_PASSWORD")
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))

	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := firstRun(ctx, e, st, *adminPW, !*noDemo); err != nil {
		return err
	}
	wr, wb := *writeRate, int(10**writeRate)
	if wr <= 0 {
		wr, wb = -1, 0
	}
	srv := web.New(st, web.Options{SecureCookies: *secure || *tlsCert != "", Logger: log, WriteRate: wr, WriteBurst: wb})
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stderr, "crux: serving on %s://%s (database %s); Ctrl-C stops\n", scheme, ln.Addr(), redact(*dsn))
	errc := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			errc <- hs.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	// expired sessions leave the database once an hour
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				if _, err := st.DeleteExpiredSessions(ctx, now); err != nil && ctx.Err() == nil {
					log.Warn("deleting expired sessions", "err", err)
				}
			}
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// graceful: stop accepting, let every accepted request finish (its
	// write is committed before its response), then close the store
	fmt.Fprintln(e.stderr, "crux: shutting down; finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// firstRun creates the administrator and loads the example case into an
// empty database.
func firstRun(ctx context.Context, e *env, st store.Store, adminPW string, demo bool) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	var admin store.User
	if len(users) == 0 {
		generated := adminPW == ""
		if generated {
			adminPW = web.GeneratePassword()
		}
		if len(adminPW) < 8 || len(adminPW) > 72 {
			return usagef("the administrator password must have 8 to 72 bytes")
		}
		admin, err = web.CreateUser(ctx, st, "admin", adminPW)
		if err != nil {
			return err
		}
		if generated {
			fmt.Fprintf(e.stderr, "crux: created user \"admin\" with password %s (shown once; keep it)\n", adminPW)
		} else {
			fmt.Fprintln(e.stderr, "crux: created user \"admin\" with the given password")
		}
	} else if admin, err = st.UserByName(ctx, "admin"); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	cases, err := st.ListCases(ctx, store.System)
	if err != nil {
		return err
	}
	if len(cases) > 0 {
		return nil
	}
	c, err := examples.Load(examples.Default)
	if err != nil {
		return err
	}
	if _, err := st.CreateCase(ctx, c, store.System); err != nil {
		return fmt.Errorf("loading the example case: %w", err)
	}
	if admin.ID > 0 {
		if err := st.Grant(ctx, c.ID, admin.ID, store.Owner, store.System); err != nil {
			return err
		}
	}
	if demo {
		if err := st.Grant(ctx, c.ID, store.Everyone, store.Viewer, store.System); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "crux: loaded the example case %q\n", c.ID)
	return nil
}

// redact hides a password in a PostgreSQL URL.
func redact(dsn string) string {
	for i := 0; i+3 < len(dsn); i++ {
		if dsn[i:i+3] == "://" {
			rest := dsn[i+3:]
			at := -1
			for j := 0; j < len(rest) && rest[j] != '/'; j++ {
				if rest[j] == '@' {
					at = j
				}
			}
			if at < 0 {
				return dsn
			}
			cred := rest[:at]
			for j := 0; j < len(cred); j++ {
				if cred[j] == ':' {
					return dsn[:i+3] + cred[:j] + ":***" + rest[at:]
				}
			}
			return dsn
		}
	}
	return dsn
}
