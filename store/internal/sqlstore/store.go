package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// Store implements store.Store over a Backend.
type Store struct {
	b     Backend
	d     Dialect
	cache docCache
	full  caseCache
}

// New returns a store over b; the schema must be migrated already.
func New(b Backend, d Dialect) *Store { return &Store{b: b, d: d} }

var _ store.Store = (*Store)(nil)

// Close closes the backend.
func (s *Store) Close() error { return s.b.Close() }

func now() time.Time               { return time.Now().UTC().Truncate(time.Microsecond) }
func micros(t time.Time) int64     { return t.UnixMicro() }
func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// ---- users, sessions, tokens

func checkName(name string) error {
	if err := store.CheckString("name", name); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return fmt.Errorf("%w: name: want 1 to 100 characters, got %d", store.ErrInvalid, n)
	}
	return nil
}

// CreateUser implements store.Store.
func (s *Store) CreateUser(ctx context.Context, name, passwordHash string) (store.User, error) {
	if err := checkName(name); err != nil {
		return store.User{}, err
	}
	if err := store.CheckString("password hash", passwordHash); err != nil {
		return store.User{}, err
	}
	u := store.User{Name: name, PasswordHash: passwordHash, Created: now()}
	err := s.b.Write(ctx, func(tx Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("user %q: %w", name, store.ErrExists)
		}
		return tx.QueryRow(ctx, `INSERT INTO users (name, password_hash, created) VALUES (?, ?, ?) RETURNING id`,
			name, passwordHash, micros(u.Created)).Scan(&u.ID)
	})
	if err != nil && s.b.IsUnique(err) {
		err = fmt.Errorf("user %q: %w", name, store.ErrExists)
	}
	return u, err
}

func (s *Store) user(ctx context.Context, where string, arg any) (store.User, error) {
	var u store.User
	var created int64
	err := s.b.Read(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT id, name, password_hash, created FROM users WHERE `+where, arg).
			Scan(&u.ID, &u.Name, &u.PasswordHash, &created)
	})
	if errors.Is(err, ErrNoRows) {
		return u, fmt.Errorf("user: %w", store.ErrNotFound)
	}
	u.Created = fromMicros(created)
	return u, err
}

// UserByName implements store.Store.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	if err := store.CheckString("name", name); err != nil {
		return store.User{}, err
	}
	return s.user(ctx, `name = ?`, name)
}

// User implements store.Store.
func (s *Store) User(ctx context.Context, id store.UserID) (store.User, error) {
	return s.user(ctx, `id = ?`, int64(id))
}

// Users implements store.Store.
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	var out []store.User
	err := s.b.Read(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, name, password_hash, created FROM users ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u store.User
			var created int64
			if err := rows.Scan(&u.ID, &u.Name, &u.PasswordHash, &created); err != nil {
				return err
			}
			u.Created = fromMicros(created)
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// SetPasswordHash implements store.Store.
func (s *Store) SetPasswordHash(ctx context.Context, id store.UserID, passwordHash string) error {
	if err := store.CheckString("password hash", passwordHash); err != nil {
		return err
	}
	return s.b.Write(ctx, func(tx Tx) error {
		n, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, int64(id))
		if err == nil && n == 0 {
			err = fmt.Errorf("user: %w", store.ErrNotFound)
		}
		return err
	})
}

func userExists(ctx context.Context, tx Tx, id store.UserID) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, int64(id)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("user %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// CreateSession implements store.Store.
func (s *Store) CreateSession(ctx context.Context, user store.UserID, tokenHash string, expires time.Time) error {
	if err := checkHash(tokenHash); err != nil {
		return err
	}
	err := s.b.Write(ctx, func(tx Tx) error {
		if err := userExists(ctx, tx, user); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, expires) VALUES (?, ?, ?)`, tokenHash, int64(user), expires.UnixMicro())
		return err
	})
	if err != nil && s.b.IsUnique(err) {
		err = fmt.Errorf("session: %w", store.ErrExists)
	}
	return err
}

func checkHash(h string) error {
	if err := store.CheckString("token hash", h); err != nil {
		return err
	}
	if h == "" || len(h) > 512 {
		return fmt.Errorf("%w: token hash: want 1 to 512 bytes", store.ErrInvalid)
	}
	return nil
}

// SessionUser implements store.Store.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (store.User, error) {
	if err := store.CheckString("token hash", tokenHash); err != nil {
		return store.User{}, err
	}
	var u store.User
	var created int64
	err := s.b.Read(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT u.id, u.name, u.password_hash, u.created FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.token_hash = ? AND s.expires > ?`, tokenHash, micros(now())).Scan(&u.ID, &u.Name, &u.PasswordHash, &created)
	})
	if errors.Is(err, ErrNoRows) {
		return u, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	u.Created = fromMicros(created)
	return u, err
}

// DeleteSession implements store.Store.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if err := store.CheckString("token hash", tokenHash); err != nil {
		return err
	}
	return s.b.Write(ctx, func(tx Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// DeleteExpiredSessions implements store.Store.
func (s *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error) {
	var n int64
	err := s.b.Write(ctx, func(tx Tx) error {
		var err error
		n, err = tx.Exec(ctx, `DELETE FROM sessions WHERE expires <= ?`, t.UnixMicro())
		return err
	})
	return int(n), err
}

// CreateToken implements store.Store.
func (s *Store) CreateToken(ctx context.Context, user store.UserID, name, tokenHash string) (store.Token, error) {
	t := store.Token{User: user, Name: name, Created: now()}
	if err := checkHash(tokenHash); err != nil {
		return t, err
	}
	if err := store.CheckString("token name", name); err != nil {
		return t, err
	}
	err := s.b.Write(ctx, func(tx Tx) error {
		if err := userExists(ctx, tx, user); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO tokens (token_hash, user_id, name, created) VALUES (?, ?, ?, ?) RETURNING id`,
			tokenHash, int64(user), name, micros(t.Created)).Scan(&t.ID)
	})
	if err != nil && s.b.IsUnique(err) {
		err = fmt.Errorf("token: %w", store.ErrExists)
	}
	return t, err
}

// TokenUser implements store.Store.
func (s *Store) TokenUser(ctx context.Context, tokenHash string) (store.User, error) {
	if err := store.CheckString("token hash", tokenHash); err != nil {
		return store.User{}, err
	}
	var u store.User
	var created int64
	err := s.b.Read(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT u.id, u.name, u.password_hash, u.created FROM tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = ?`, tokenHash).Scan(&u.ID, &u.Name, &u.PasswordHash, &created)
	})
	if errors.Is(err, ErrNoRows) {
		return u, fmt.Errorf("token: %w", store.ErrNotFound)
	}
	u.Created = fromMicros(created)
	return u, err
}

// Tokens implements store.Store.
func (s *Store) Tokens(ctx context.Context, user store.UserID) ([]store.Token, error) {
	var out []store.Token
	err := s.b.Read(ctx, func(tx Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, user_id, name, created FROM tokens WHERE user_id = ? ORDER BY id`, int64(user))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t store.Token
			var created int64
			if err := rows.Scan(&t.ID, &t.User, &t.Name, &created); err != nil {
				return err
			}
			t.Created = fromMicros(created)
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// DeleteToken implements store.Store.
func (s *Store) DeleteToken(ctx context.Context, user store.UserID, id int64) error {
	return s.b.Write(ctx, func(tx Tx) error {
		n, err := tx.Exec(ctx, `DELETE FROM tokens WHERE id = ? AND user_id = ?`, id, int64(user))
		if err == nil && n == 0 {
			err = fmt.Errorf("token %d: %w", id, store.ErrNotFound)
		}
		return err
	})
}

// ---- access

func caseExists(ctx context.Context, tx Tx, id string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cases WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("case %q: %w", truncate(id, 60), store.ErrNotFound)
	}
	return nil
}

func checkCaseID(id string) error {
	if err := store.CheckString("case id", id); err != nil {
		return err
	}
	if !crux.ValidID(id) {
		return fmt.Errorf("case %q: %w", truncate(id, 60), store.ErrNotFound)
	}
	return nil
}

// Grant implements store.Store.
func (s *Store) Grant(ctx context.Context, caseID string, user store.UserID, role store.Role, by store.UserID) error {
	if err := checkCaseID(caseID); err != nil {
		return err
	}
	if !role.Valid() {
		return fmt.Errorf("%w: unknown role %q: want owner, editor, viewer or none", store.ErrInvalid, truncate(string(role), 20))
	}
	if user == store.System || user < store.Everyone {
		return fmt.Errorf("%w: cannot grant a role to user %d", store.ErrInvalid, user)
	}
	return s.b.Write(ctx, func(tx Tx) error {
		// the case row locked: grant changes of one case take turns, so
		// two owners demoting each other cannot leave it without one
		if _, err := s.lockCase(ctx, tx, caseID); err != nil {
			return err
		}
		if user != store.Everyone {
			if err := userExists(ctx, tx, user); err != nil {
				return err
			}
		}
		if _, err := userName(ctx, tx, by); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT user_id, role FROM grants WHERE case_id = ?`, caseID)
		if err != nil {
			return err
		}
		from, owners := store.RoleNone, 0
		for rows.Next() {
			var u int64
			var r string
			if err := rows.Scan(&u, &r); err != nil {
				rows.Close()
				return err
			}
			if store.UserID(u) == user {
				from = store.Role(r)
			}
			if store.Role(r) == store.Owner {
				owners++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if from == role {
			return nil // no change, nothing to log
		}
		if from == store.Owner && owners == 1 {
			return store.ErrLastOwner
		}
		if role == store.RoleNone {
			_, err = tx.Exec(ctx, `DELETE FROM grants WHERE case_id = ? AND user_id = ?`, caseID, int64(user))
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO grants (case_id, user_id, role) VALUES (?, ?, ?)
			ON CONFLICT (case_id, user_id) DO UPDATE SET role = excluded.role`, caseID, int64(user), string(role))
		}
		if err != nil {
			return err
		}
		return logAccess(ctx, tx, caseID, by, user, from, role)
	})
}

// lockCase reads a case's version, locking its row until the end of the
// transaction where the database has row locks (SQLite's write
// transactions take turns anyway); ErrNotFound if there is no such case.
func (s *Store) lockCase(ctx context.Context, tx Tx, id string) (store.Version, error) {
	q := `SELECT version FROM cases WHERE id = ?`
	if s.d.ForUpdate != "" {
		q += " " + s.d.ForUpdate
	}
	var v store.Version
	if err := tx.QueryRow(ctx, q, id).Scan(&v); err != nil {
		if errors.Is(err, ErrNoRows) {
			err = fmt.Errorf("case %q: %w", truncate(id, 60), store.ErrNotFound)
		}
		return 0, err
	}
	return v, nil
}

// logAccess appends a change of user's role to the case's access log.
func logAccess(ctx context.Context, tx Tx, caseID string, by, user store.UserID, from, to store.Role) error {
	_, err := tx.Exec(ctx, `INSERT INTO access_changes (case_id, at, by_user, user_id, from_role, to_role) VALUES (?, ?, ?, ?, ?, ?)`,
		caseID, now().UnixMicro(), int64(by), int64(user), string(from), string(to))
	return err
}

// AccessLog implements store.Store.
func (s *Store) AccessLog(ctx context.Context, caseID string) ([]store.AccessChange, error) {
	if err := checkCaseID(caseID); err != nil {
		return nil, err
	}
	var out []store.AccessChange
	err := s.b.Read(ctx, func(tx Tx) error {
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT a.at, a.by_user, COALESCE(b.name, ''), a.user_id, COALESCE(u.name, ''), a.from_role, a.to_role
			FROM access_changes a LEFT JOIN users b ON b.id = a.by_user LEFT JOIN users u ON u.id = a.user_id
			WHERE a.case_id = ? ORDER BY a.id`, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c store.AccessChange
			var at int64
			var from, to string
			if err := rows.Scan(&at, &c.By, &c.ByName, &c.User, &c.UserName, &from, &to); err != nil {
				return err
			}
			c.At, c.From, c.To = fromMicros(at), store.Role(from), store.Role(to)
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

func roleTx(ctx context.Context, tx Tx, caseID string, user store.UserID) (store.Role, error) {
	if user == store.System {
		return store.Owner, nil
	}
	rows, err := tx.Query(ctx, `SELECT role FROM grants WHERE case_id = ? AND user_id IN (?, ?)`, caseID, int64(user), int64(store.Everyone))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	r := store.RoleNone
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		r = r.Max(store.Role(s))
	}
	return r, rows.Err()
}

// Role implements store.Store.
func (s *Store) Role(ctx context.Context, caseID string, user store.UserID) (store.Role, error) {
	if err := checkCaseID(caseID); err != nil {
		return "", err
	}
	var r store.Role
	err := s.b.Read(ctx, func(tx Tx) error {
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		var err error
		r, err = roleTx(ctx, tx, caseID, user)
		return err
	})
	return r, err
}

// Grants implements store.Store.
func (s *Store) Grants(ctx context.Context, caseID string) ([]store.Grant, error) {
	if err := checkCaseID(caseID); err != nil {
		return nil, err
	}
	var out []store.Grant
	err := s.b.Read(ctx, func(tx Tx) error {
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT g.user_id, COALESCE(u.name, ''), g.role FROM grants g LEFT JOIN users u ON u.id = g.user_id
			WHERE g.case_id = ? ORDER BY g.user_id`, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g store.Grant
			var role string
			if err := rows.Scan(&g.User, &g.UserName, &role); err != nil {
				return err
			}
			g.Role = store.Role(role)
			out = append(out, g)
		}
		return rows.Err()
	})
	return out, err
}

// ---- cases

// ListCases implements store.Store.
func (s *Store) ListCases(ctx context.Context, user store.UserID) ([]store.CaseInfo, error) {
	var out []store.CaseInfo
	err := s.b.Read(ctx, func(tx Tx) error {
		q := `SELECT c.id, c.title, c.question, c.version, c.created, c.updated, c.n_sources, c.n_hypotheses, c.n_evidence, '` + string(store.Owner) + `'
			FROM cases c ORDER BY c.updated DESC, c.id`
		args := []any{}
		if user != store.System {
			q = `SELECT c.id, c.title, c.question, c.version, c.created, c.updated, c.n_sources, c.n_hypotheses, c.n_evidence, g.role
				FROM cases c JOIN grants g ON g.case_id = c.id WHERE g.user_id IN (?, ?) ORDER BY c.updated DESC, c.id`
			args = append(args, int64(user), int64(store.Everyone))
		}
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ci store.CaseInfo
			var created, updated int64
			var role string
			if err := rows.Scan(&ci.ID, &ci.Title, &ci.Question, &ci.Version, &created, &updated, &ci.Sources, &ci.Hypotheses, &ci.Evidence, &role); err != nil {
				return err
			}
			ci.Created, ci.Updated, ci.Role = fromMicros(created), fromMicros(updated), store.Role(role)
			if n := len(out); n > 0 && out[n-1].ID == ci.ID { // granted to the user and to Everyone
				out[n-1].Role = out[n-1].Role.Max(ci.Role)
				continue
			}
			out = append(out, ci)
		}
		return rows.Err()
	})
	return out, err
}

// SnapshotEvery: a rating change whose version is a multiple of it also
// stores the whole case, so CaseAt replays at most that many rating changes.
const SnapshotEvery = 200

type cell struct{ e, h string }

// structure returns the JSON of c without ratings.
func structure(c *crux.Case) ([]byte, error) {
	sc := *c
	sc.Created, sc.Updated = time.Time{}, time.Time{}
	sc.Evidence = make([]crux.Evidence, len(c.Evidence))
	for i, e := range c.Evidence {
		e.Ratings = nil
		sc.Evidence[i] = e
	}
	return json.Marshal(&sc)
}

// cells returns the ratings of c by cell.
func cells(c *crux.Case) map[cell]crux.Rating {
	m := map[cell]crux.Rating{}
	for _, e := range c.Evidence {
		for h, r := range e.Ratings {
			m[cell{e.ID, h}] = r
		}
	}
	return m
}

// cloneRatings returns a copy of c whose evidence slice and rating maps are
// its own, so the store can fill in labels without touching the caller's.
func cloneRatings(c *crux.Case) *crux.Case {
	cc := *c
	cc.Evidence = make([]crux.Evidence, len(c.Evidence))
	for i, e := range c.Evidence {
		m := make(map[string]crux.Rating, len(e.Ratings))
		for k, v := range e.Ratings {
			m[k] = v
		}
		e.Ratings = m
		cc.Evidence[i] = e
	}
	return &cc
}

func sameRating(a, b crux.Rating) bool {
	if a.Value != b.Value || a.Suggested != b.Suggested || a.Reason != b.Reason {
		return false
	}
	if (a.Likelihood == nil) != (b.Likelihood == nil) {
		return false
	}
	return a.Likelihood == nil || *a.Likelihood == *b.Likelihood
}

type caseRow struct {
	version          store.Version
	created, updated time.Time
}

// load reads a case (structure and case ratings); lock takes the row lock.
func (s *Store) load(ctx context.Context, tx Tx, id string, lock bool) (*crux.Case, caseRow, error) {
	var doc string
	var row caseRow
	var created, updated int64
	q := `SELECT doc, version, created, updated FROM cases WHERE id = ?`
	if lock && s.d.ForUpdate != "" {
		q += " " + s.d.ForUpdate
	}
	if err := tx.QueryRow(ctx, q, id).Scan(&doc, &row.version, &created, &updated); err != nil {
		if errors.Is(err, ErrNoRows) {
			err = fmt.Errorf("case %q: %w", truncate(id, 60), store.ErrNotFound)
		}
		return nil, row, err
	}
	row.created, row.updated = fromMicros(created), fromMicros(updated)
	c, err := s.cache.decode(id, doc)
	if err != nil {
		return nil, row, fmt.Errorf("case %q: stored document unreadable: %v", id, err)
	}
	idx := make(map[string]int, len(c.Evidence))
	for i := range c.Evidence {
		idx[c.Evidence[i].ID] = i
		c.Evidence[i].Ratings = map[string]crux.Rating{}
	}
	rows, err := tx.Query(ctx, `SELECT evidence_id, hypothesis_id, value, likelihood, suggested, reason, label
		FROM ratings WHERE case_id = ? AND analyst_id = 0`, id)
	if err != nil {
		return nil, row, err
	}
	defer rows.Close()
	for rows.Next() {
		var e, h string
		r, err := scanRating(rows, &e, &h)
		if err != nil {
			return nil, row, err
		}
		if i, ok := idx[e]; ok {
			c.Evidence[i].Ratings[h] = r
		}
	}
	c.Created, c.Updated = row.created, row.updated
	return c, row, rows.Err()
}

// NullFloat scans a nullable float with either driver.
type NullFloat = sql.NullFloat64

type scanner interface{ Scan(...any) error }

func scanRating(sc scanner, head ...any) (crux.Rating, error) {
	var r crux.Rating
	var value, reason, label string
	var lik NullFloat
	var suggested int
	if err := sc.Scan(append(head, &value, &lik, &suggested, &reason, &label)...); err != nil {
		return r, err
	}
	r.Value, r.Reason, r.Analyst, r.Suggested = crux.RatingValue(value), reason, label, suggested != 0
	if lik.Valid {
		v := lik.Float64
		r.Likelihood = &v
	}
	return r, nil
}

func likelihoodArg(r crux.Rating) any {
	if r.Likelihood == nil {
		return nil
	}
	return *r.Likelihood
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Case implements store.Store.
func (s *Store) Case(ctx context.Context, id string) (*crux.Case, store.Version, error) {
	if err := checkCaseID(id); err != nil {
		return nil, 0, err
	}
	var c *crux.Case
	var row caseRow
	err := s.b.Read(ctx, func(tx Tx) error {
		// A committed (case, version, creation time) always holds the same
		// content, so a case read before at this version is copied, not
		// read again. Only read transactions, which see committed data,
		// fill this cache.
		var v store.Version
		var created int64
		if err := tx.QueryRow(ctx, `SELECT version, created FROM cases WHERE id = ?`, id).Scan(&v, &created); err != nil {
			if errors.Is(err, ErrNoRows) {
				err = fmt.Errorf("case %q: %w", truncate(id, 60), store.ErrNotFound)
			}
			return err
		}
		if hit := s.full.get(id, v, created); hit != nil {
			c, row.version = hit, v
			return nil
		}
		var err error
		c, row, err = s.load(ctx, tx, id, false)
		if err == nil {
			s.full.put(id, row.version, micros(row.created), deepCopy(c))
		}
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return c, row.version, nil
}

// CaseVersion implements store.Store.
func (s *Store) CaseVersion(ctx context.Context, id string) (store.Version, error) {
	if err := checkCaseID(id); err != nil {
		return 0, err
	}
	var v store.Version
	err := s.b.Read(ctx, func(tx Tx) error {
		return tx.QueryRow(ctx, `SELECT version FROM cases WHERE id = ?`, id).Scan(&v)
	})
	if errors.Is(err, ErrNoRows) {
		return 0, fmt.Errorf("case %q: %w", id, store.ErrNotFound)
	}
	return v, err
}

func newCaseID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "case-" + hex.EncodeToString(b[:])
}

func userName(ctx context.Context, tx Tx, id store.UserID) (string, error) {
	if id == store.System {
		return "", nil
	}
	var name string
	err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = ?`, int64(id)).Scan(&name)
	if errors.Is(err, ErrNoRows) {
		return "", fmt.Errorf("user %d: %w", id, store.ErrNotFound)
	}
	return name, err
}

// CreateCase implements store.Store.
func (s *Store) CreateCase(ctx context.Context, c *crux.Case, by store.UserID) (store.Version, error) {
	if c == nil {
		return 0, fmt.Errorf("%w: no case", store.ErrInvalid)
	}
	if c.ID == "" {
		c.ID = newCaseID()
	}
	if err := store.CheckCase(c); err != nil {
		return 0, err
	}
	err := s.b.Write(ctx, func(tx Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cases WHERE id = ?`, c.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("case %q: %w", c.ID, store.ErrExists)
		}
		name, err := userName(ctx, tx, by)
		if err != nil {
			return err
		}
		if err := s.write(ctx, tx, c, nil, 1, by, name, store.KindCreate, 0, store.Note(ctx), now()); err != nil {
			return err
		}
		if by != store.System {
			_, err = tx.Exec(ctx, `INSERT INTO grants (case_id, user_id, role) VALUES (?, ?, ?)`, c.ID, int64(by), string(store.Owner))
			if err == nil {
				err = logAccess(ctx, tx, c.ID, by, by, store.RoleNone, store.Owner)
			}
		}
		return err
	})
	if err != nil {
		if s.b.IsUnique(err) {
			err = fmt.Errorf("case %q: %w", c.ID, store.ErrExists)
		}
		return 0, err
	}
	return 1, nil
}

// write stores c as version v of its case, old being the current state (nil
// when creating), and records the change.
func (s *Store) write(ctx context.Context, tx Tx, c, old *crux.Case, v store.Version, by store.UserID, byName string,
	kind store.ChangeKind, restored store.Version, note string, t time.Time) error {
	c = cloneRatings(c)
	doc, err := structure(c)
	if err != nil {
		return err
	}
	if old == nil {
		_, err = tx.Exec(ctx, `INSERT INTO cases (id, title, question, version, created, updated, doc, n_sources, n_hypotheses, n_evidence)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Title, c.Question, int64(v), micros(t), micros(t), string(doc), len(c.Sources), len(c.Hypotheses), len(c.Evidence))
	} else {
		_, err = tx.Exec(ctx, `UPDATE cases SET title = ?, question = ?, version = ?, updated = ?, doc = ?, n_sources = ?, n_hypotheses = ?, n_evidence = ?
			WHERE id = ?`,
			c.Title, c.Question, int64(v), micros(t), string(doc), len(c.Sources), len(c.Hypotheses), len(c.Evidence), c.ID)
	}
	if err != nil {
		return err
	}

	// The evidence and hypothesis IDs, for SetRating's existence check.
	oldE, oldH := map[string]bool{}, map[string]bool{}
	oldCells := map[cell]crux.Rating{}
	if old != nil {
		for _, e := range old.Evidence {
			oldE[e.ID] = true
		}
		for _, h := range old.Hypotheses {
			oldH[h.ID] = true
		}
		oldCells = cells(old)
	}
	newE, newH := map[string]bool{}, map[string]bool{}
	for _, e := range c.Evidence {
		newE[e.ID] = true
	}
	for _, h := range c.Hypotheses {
		newH[h.ID] = true
	}
	items := func(kind string, was, is map[string]bool, col string) error {
		for id := range was {
			if !is[id] {
				if _, err := tx.Exec(ctx, `DELETE FROM case_items WHERE case_id = ? AND kind = ? AND item_id = ?`, c.ID, kind, id); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `DELETE FROM ratings WHERE case_id = ? AND `+col+` = ?`, c.ID, id); err != nil {
					return err
				}
			}
		}
		var add [][]any
		for id := range is {
			if !was[id] {
				add = append(add, []any{c.ID, kind, id})
			}
		}
		return insertRows(ctx, tx, `INSERT INTO case_items (case_id, kind, item_id) VALUES `, 3, add, "")
	}
	if err := items("e", oldE, newE, "evidence_id"); err != nil {
		return err
	}
	if err := items("h", oldH, newH, "hypothesis_id"); err != nil {
		return err
	}

	// Case ratings: write what changed.
	changedRatings := 0
	var upserts [][]any
	for i := range c.Evidence {
		e := &c.Evidence[i]
		for h, r := range e.Ratings {
			if o, ok := oldCells[cell{e.ID, h}]; ok && sameRating(o, r) {
				r.Analyst = o.Analyst
				e.Ratings[h] = r
				continue
			}
			if r.Analyst == "" {
				r.Analyst = byName
				e.Ratings[h] = r
			}
			changedRatings++
			upserts = append(upserts, []any{c.ID, e.ID, h, 0, string(r.Value), likelihoodArg(r), boolInt(r.Suggested), r.Reason, r.Analyst, int64(by), int64(v), micros(t)})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO ratings (case_id, evidence_id, hypothesis_id, analyst_id, value, likelihood, suggested, reason, label, set_by, version, updated) VALUES `,
		12, upserts, ` ON CONFLICT (case_id, evidence_id, hypothesis_id, analyst_id) DO UPDATE SET value = excluded.value, likelihood = excluded.likelihood,
				suggested = excluded.suggested, reason = excluded.reason, label = excluded.label, set_by = excluded.set_by,
				version = excluded.version, updated = excluded.updated`); err != nil {
		return err
	}
	newCells := cells(c)
	for k := range oldCells {
		if !newE[k.e] || !newH[k.h] {
			changedRatings++ // dropped with its item above
			continue
		}
		if _, ok := newCells[k]; ok {
			continue
		}
		changedRatings++
		if _, err := tx.Exec(ctx, `DELETE FROM ratings WHERE case_id = ? AND evidence_id = ? AND hypothesis_id = ? AND analyst_id = 0`, c.ID, k.e, k.h); err != nil {
			return err
		}
	}

	detail := diff(old, c)
	detail.Note, detail.Restored = note, restored
	if changedRatings > 0 {
		if detail.Changed == nil {
			detail.Changed = map[string]int{}
		}
		detail.Changed["ratings"] = changedRatings
	}
	dj, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	snap := *c
	snap.Created, snap.Updated = time.Time{}, time.Time{}
	sj, err := json.Marshal(&snap)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO changes (case_id, version, at, by_user, kind, detail, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.ID, int64(v), micros(t), int64(by), string(kind), string(dj), string(sj))
	return err
}

// PutCase implements store.Store.
func (s *Store) PutCase(ctx context.Context, c *crux.Case, ifVersion store.Version, by store.UserID) (store.Version, error) {
	if c == nil {
		return 0, fmt.Errorf("%w: no case", store.ErrInvalid)
	}
	if err := checkCaseID(c.ID); err != nil {
		return 0, err
	}
	if err := store.CheckCase(c); err != nil {
		return 0, err
	}
	return s.update(ctx, c.ID, ifVersion, by, store.KindUpdate, 0, func(_ context.Context, _ Tx, _ *crux.Case) (*crux.Case, error) { return c, nil })
}

// UpdateCase implements store.Store.
func (s *Store) UpdateCase(ctx context.Context, id string, ifVersion store.Version, by store.UserID, fn func(*crux.Case) error) (store.Version, error) {
	if err := checkCaseID(id); err != nil {
		return 0, err
	}
	return s.update(ctx, id, ifVersion, by, store.KindUpdate, 0, func(ctx context.Context, tx Tx, _ *crux.Case) (*crux.Case, error) {
		c, _, err := s.load(ctx, tx, id, false)
		if err != nil {
			return nil, err
		}
		if err := fn(c); err != nil {
			return nil, err
		}
		if c.ID != id {
			return nil, fmt.Errorf("%w: id: a case's id cannot change (%q to %q)", store.ErrInvalid, id, truncate(c.ID, 60))
		}
		if err := store.CheckCase(c); err != nil {
			return nil, err
		}
		return c, nil
	})
}

func (s *Store) update(ctx context.Context, id string, ifVersion store.Version, by store.UserID, kind store.ChangeKind, restored store.Version,
	next func(context.Context, Tx, *crux.Case) (*crux.Case, error)) (store.Version, error) {
	var v store.Version
	err := s.b.Write(ctx, func(tx Tx) error {
		old, row, err := s.load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if ifVersion != store.AnyVersion && ifVersion != row.version {
			return fmt.Errorf("case %q at version %d, not %d: %w", id, row.version, ifVersion, store.ErrConflict)
		}
		name, err := userName(ctx, tx, by)
		if err != nil {
			return err
		}
		c, err := next(ctx, tx, old)
		if err != nil {
			return err
		}
		v = row.version + 1
		return s.write(ctx, tx, c, old, v, by, name, kind, restored, store.Note(ctx), now())
	})
	return v, err
}

// DeleteCase implements store.Store.
func (s *Store) DeleteCase(ctx context.Context, id string, ifVersion store.Version) error {
	if err := checkCaseID(id); err != nil {
		return err
	}
	return s.b.Write(ctx, func(tx Tx) error {
		v, err := s.lockCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if ifVersion != store.AnyVersion && ifVersion != v {
			return fmt.Errorf("case %q at version %d, not %d: %w", truncate(id, 60), v, ifVersion, store.ErrConflict)
		}
		for _, t := range []string{"ratings", "changes", "grants", "access_changes", "case_items"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE case_id = ?`, id); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM cases WHERE id = ?`, id)
		s.cache.forget(id)
		return err
	})
}

// ---- ratings

// SetRating implements store.Store.
func (s *Store) SetRating(ctx context.Context, caseID, evidenceID, hypothesisID string, analyst store.UserID, r crux.Rating, ifVersion store.Version) (store.Version, error) {
	if err := checkCaseID(caseID); err != nil {
		return 0, err
	}
	if err := store.CheckString("evidence", evidenceID); err != nil {
		return 0, err
	}
	if err := store.CheckString("hypothesis", hypothesisID); err != nil {
		return 0, err
	}
	if err := store.CheckRating("rating", r); err != nil {
		return 0, err
	}
	var v store.Version
	err := s.b.Write(ctx, func(tx Tx) error {
		// One query for the case's version, the cell's existence, the
		// analyst's name and role.
		q := `SELECT version,
			(SELECT COUNT(*) FROM case_items WHERE case_id = ? AND ((kind = 'e' AND item_id = ?) OR (kind = 'h' AND item_id = ?))),
			COALESCE((SELECT name FROM users WHERE id = ?), ''),
			COALESCE((SELECT MAX(CASE role WHEN 'owner' THEN 3 WHEN 'editor' THEN 2 WHEN 'viewer' THEN 1 ELSE 0 END)
				FROM grants WHERE case_id = ? AND user_id IN (?, ?)), 0)
			FROM cases WHERE id = ?`
		if s.d.ForUpdate != "" {
			q += " " + s.d.ForUpdate
		}
		var cur store.Version
		var n, rank int
		var name string
		if err := tx.QueryRow(ctx, q, caseID, evidenceID, hypothesisID, int64(analyst), caseID, int64(analyst), int64(store.Everyone), caseID).
			Scan(&cur, &n, &name, &rank); err != nil {
			if errors.Is(err, ErrNoRows) {
				err = fmt.Errorf("case %q: %w", caseID, store.ErrNotFound)
			}
			return err
		}
		if ifVersion != store.AnyVersion && ifVersion > cur {
			return fmt.Errorf("case %q is at version %d, not %d: %w", caseID, cur, ifVersion, store.ErrConflict)
		}
		if n != 2 {
			return fmt.Errorf("cell %s × %s of case %q: %w", truncate(evidenceID, 60), truncate(hypothesisID, 60), caseID, store.ErrNotFound)
		}
		if analyst == store.System {
			name = r.Analyst
		} else if rank < 2 {
			role := []store.Role{store.RoleNone, store.Viewer}[rank]
			return fmt.Errorf("user %d may not rate case %q (role %q): %w", analyst, caseID, role, store.ErrForbidden)
		}
		r.Analyst = name
		rows, err := tx.Query(ctx, `SELECT analyst_id, version, value, likelihood, suggested, reason, label FROM ratings
			WHERE case_id = ? AND evidence_id = ? AND hypothesis_id = ? AND analyst_id IN (0, ?)`, caseID, evidenceID, hypothesisID, int64(analyst))
		if err != nil {
			return err
		}
		var from *crux.Rating
		var newest store.Version
		for rows.Next() {
			var a int64
			var cv store.Version
			old, err := scanRating(rows, &a, &cv)
			if err != nil {
				rows.Close()
				return err
			}
			newest = max(newest, cv)
			if a == 0 {
				from = &old
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if ifVersion != store.AnyVersion && newest > ifVersion {
			return fmt.Errorf("cell %s × %s changed at version %d, after %d: %w", evidenceID, hypothesisID, newest, ifVersion, store.ErrConflict)
		}
		v = cur + 1
		t := now()
		targets := []int64{0}
		if analyst != store.System {
			targets = append(targets, int64(analyst))
		}
		// The case cell and the analyst's own, in one statement.
		if r.Value == crux.Unrated {
			_, err = tx.Exec(ctx, `DELETE FROM ratings WHERE case_id = ? AND evidence_id = ? AND hypothesis_id = ? AND analyst_id IN (0, ?)`,
				caseID, evidenceID, hypothesisID, targets[len(targets)-1])
		} else {
			rows := make([][]any, len(targets))
			for i, a := range targets {
				rows[i] = []any{caseID, evidenceID, hypothesisID, a, string(r.Value), likelihoodArg(r), boolInt(r.Suggested), r.Reason, r.Analyst, int64(analyst), int64(v), micros(t)}
			}
			err = insertRows(ctx, tx, `INSERT INTO ratings (case_id, evidence_id, hypothesis_id, analyst_id, value, likelihood, suggested, reason, label, set_by, version, updated) VALUES `,
				12, rows, ` ON CONFLICT (case_id, evidence_id, hypothesis_id, analyst_id) DO UPDATE SET value = excluded.value, likelihood = excluded.likelihood,
				suggested = excluded.suggested, reason = excluded.reason, label = excluded.label, set_by = excluded.set_by,
				version = excluded.version, updated = excluded.updated`)
		}
		if err != nil {
			return err
		}
		d := store.RatingDetail{Evidence: evidenceID, Hypothesis: hypothesisID, Analyst: analyst, From: from, Case: true}
		if r.Value != crux.Unrated {
			d.To = &r
		}
		dj, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO changes (case_id, version, at, by_user, kind, detail, snapshot) VALUES (?, ?, ?, ?, ?, ?, NULL)`,
			caseID, int64(v), micros(t), int64(analyst), string(store.KindRating), string(dj)); err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, `UPDATE cases SET version = ?, updated = ? WHERE id = ?`, int64(v), micros(t), caseID); err != nil {
			return err
		}
		if v%SnapshotEvery == 0 {
			// Bound CaseAt's replay: keep the whole case now and then.
			c, _, err := s.load(ctx, tx, caseID, false)
			if err != nil {
				return err
			}
			c.Created, c.Updated = time.Time{}, time.Time{}
			sj, err := json.Marshal(c)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE changes SET snapshot = ? WHERE case_id = ? AND version = ?`, string(sj), caseID, int64(v))
			return err
		}
		return nil
	})
	return v, err
}

// AnalystRatings implements store.Store.
func (s *Store) AnalystRatings(ctx context.Context, caseID string) ([]store.AnalystRating, error) {
	if err := checkCaseID(caseID); err != nil {
		return nil, err
	}
	var out []store.AnalystRating
	err := s.b.Read(ctx, func(tx Tx) error {
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT r.evidence_id, r.hypothesis_id, r.analyst_id, u.name, r.version, r.updated,
			r.value, r.likelihood, r.suggested, r.reason, r.label
			FROM ratings r JOIN users u ON u.id = r.analyst_id
			WHERE r.case_id = ? AND r.analyst_id > 0 ORDER BY r.evidence_id, r.hypothesis_id, r.analyst_id`, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a store.AnalystRating
			var updated int64
			r, err := scanRating(rows, &a.EvidenceID, &a.HypothesisID, &a.Analyst, &a.AnalystName, &a.Version, &updated)
			if err != nil {
				return err
			}
			a.Rating, a.Updated = r, fromMicros(updated)
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// ---- history

// History implements store.Store.
func (s *Store) History(ctx context.Context, caseID string, limit int) ([]store.Change, error) {
	if err := checkCaseID(caseID); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = math.MaxInt32
	}
	var out []store.Change
	err := s.b.Read(ctx, func(tx Tx) error {
		if err := caseExists(ctx, tx, caseID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT c.version, c.at, c.by_user, COALESCE(u.name, ''), c.kind, c.detail
			FROM changes c LEFT JOIN users u ON u.id = c.by_user WHERE c.case_id = ? ORDER BY c.version DESC LIMIT ?`, caseID, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ch store.Change
			var at int64
			var kind, detail string
			if err := rows.Scan(&ch.Version, &at, &ch.By, &ch.ByName, &kind, &detail); err != nil {
				return err
			}
			ch.At, ch.Kind, ch.Detail = fromMicros(at), store.ChangeKind(kind), json.RawMessage(detail)
			out = append(out, ch)
		}
		return rows.Err()
	})
	return out, err
}

// CaseAt implements store.Store.
func (s *Store) CaseAt(ctx context.Context, caseID string, v store.Version) (*crux.Case, error) {
	if err := checkCaseID(caseID); err != nil {
		return nil, err
	}
	var c *crux.Case
	err := s.b.Read(ctx, func(tx Tx) error {
		var err error
		c, err = caseAt(ctx, tx, caseID, v)
		return err
	})
	return c, err
}

func caseAt(ctx context.Context, tx Tx, caseID string, v store.Version) (*crux.Case, error) {
	var cur store.Version
	var created int64
	if err := tx.QueryRow(ctx, `SELECT version, created FROM cases WHERE id = ?`, caseID).Scan(&cur, &created); err != nil {
		if errors.Is(err, ErrNoRows) {
			err = fmt.Errorf("case %q: %w", caseID, store.ErrNotFound)
		}
		return nil, err
	}
	if v < 1 || v > cur {
		return nil, fmt.Errorf("case %q has no version %d (1 to %d): %w", caseID, v, cur, store.ErrNotFound)
	}
	var base store.Version
	var snap string
	if err := tx.QueryRow(ctx, `SELECT version, snapshot FROM changes WHERE case_id = ? AND version <= ? AND snapshot IS NOT NULL
		ORDER BY version DESC LIMIT 1`, caseID, int64(v)).Scan(&base, &snap); err != nil {
		if errors.Is(err, ErrNoRows) {
			err = fmt.Errorf("case %q: no snapshot at or before version %d: %w", caseID, v, store.ErrNotFound)
		}
		return nil, err
	}
	c := new(crux.Case)
	if err := json.Unmarshal([]byte(snap), c); err != nil {
		return nil, fmt.Errorf("case %q version %d: stored snapshot unreadable: %v", caseID, base, err)
	}
	idx := map[string]int{}
	for i := range c.Evidence {
		idx[c.Evidence[i].ID] = i
		if c.Evidence[i].Ratings == nil {
			c.Evidence[i].Ratings = map[string]crux.Rating{}
		}
	}
	rows, err := tx.Query(ctx, `SELECT detail FROM changes WHERE case_id = ? AND version > ? AND version <= ? AND kind = ? ORDER BY version`,
		caseID, int64(base), int64(v), string(store.KindRating))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var dj string
		if err := rows.Scan(&dj); err != nil {
			return nil, err
		}
		var d store.RatingDetail
		if err := json.Unmarshal([]byte(dj), &d); err != nil {
			return nil, err
		}
		i, ok := idx[d.Evidence]
		if !ok || !d.Case {
			continue
		}
		if d.To == nil {
			delete(c.Evidence[i].Ratings, d.Hypothesis)
		} else {
			c.Evidence[i].Ratings[d.Hypothesis] = *d.To
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var at int64
	if err := tx.QueryRow(ctx, `SELECT at FROM changes WHERE case_id = ? AND version = ?`, caseID, int64(v)).Scan(&at); err != nil {
		return nil, err
	}
	c.Created, c.Updated = fromMicros(created), fromMicros(at)
	return c, nil
}

// Restore implements store.Store.
func (s *Store) Restore(ctx context.Context, caseID string, v store.Version, by store.UserID) (store.Version, error) {
	if err := checkCaseID(caseID); err != nil {
		return 0, err
	}
	return s.RestoreIf(ctx, caseID, v, store.AnyVersion, by)
}

// RestoreIf implements store.Store.
func (s *Store) RestoreIf(ctx context.Context, caseID string, v, ifVersion store.Version, by store.UserID) (store.Version, error) {
	if err := checkCaseID(caseID); err != nil {
		return 0, err
	}
	return s.update(ctx, caseID, ifVersion, by, store.KindRestore, v, func(ctx context.Context, tx Tx, _ *crux.Case) (*crux.Case, error) {
		return caseAt(ctx, tx, caseID, v)
	})
}

// insertRows runs head + "(?, ...), (?, ...)" + tail for rows of n values,
// in chunks that keep under every database's limit on parameters.
func insertRows(ctx context.Context, tx Tx, head string, n int, rows [][]any, tail string) error {
	const maxParams = 3000
	per := max(1, maxParams/n)
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	for len(rows) > 0 {
		k := min(per, len(rows))
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, k*n)
		for i, r := range rows[:k] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, r...)
		}
		b.WriteString(tail)
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
