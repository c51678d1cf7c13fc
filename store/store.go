// Package store keeps crux cases, their history, users and access rights in a
// database. Store is the interface; store/sqlite (modernc.org/sqlite, the
// default) and store/postgres (pgx) implement it, and store/storetest is the
// conformance suite both pass.
//
// Open picks a backend from a DSN. Backends register themselves, so a program
// imports the ones it wants:
//
//	import (
//		_ "github.com/cruxlab/crux/store/postgres"
//		_ "github.com/cruxlab/crux/store/sqlite"
//	)
//	s, err := store.Open(ctx, "sqlite:crux.db") // or "postgres://..."
//
// # Data model
//
// A case is stored as its JSON document (sources, actors, claims, hypotheses,
// evidence: the structure) without ratings, plus a table of ratings keyed by
// (case, evidence, hypothesis, analyst). Case merges the two on read, so a
// rating write never rewrites the case document.
//
// Every cell has two kinds of rating:
//   - the case rating (the matrix everybody sees, which scoring uses), and
//   - each analyst's own rating (for the disagreement view).
//
// SetRating by an owner or editor records the analyst's own rating AND makes
// it the case rating. Viewers may not rate (ErrForbidden). SetRating by System
// (imports, suggestions, the CLI) sets the case rating only.
//
// # Versions and optimistic concurrency
//
// Every change to a case (structure, rating, restore) gets the next number of
// that case's sequence: the case's Version is the number of its last change,
// and History lists changes by that number. Each rating cell remembers the
// Version of the change that last wrote it.
//
//   - PutCase and UpdateCase with ifVersion V fail with ErrConflict unless the
//     case's Version is still exactly V (any change since V conflicts).
//   - SetRating with ifVersion V fails with ErrConflict if the cell it writes
//     (the case cell, or the analyst's own cell) was written after V. Writes
//     to other cells since V do not conflict, so analysts rating different
//     cells never block each other, and two writers of the same cell from the
//     same read can never both succeed: exactly one wins.
//   - AnyVersion skips the check (for imports and tools; UpdateCase with
//     AnyVersion is still safe since fn runs on the current case inside the
//     write transaction).
//
// The web maps a case's Version to its ETag and ErrConflict to 412.
//
// # History
//
// Each change is recorded with who, when, a kind and a JSON detail. CaseAt
// rebuilds the case (structure and case ratings) as it was after any change,
// and Restore makes that state current again as a new change of kind
// "restore": nothing is ever lost by restoring. Analysts' own ratings are
// personal and are not rewound by Restore; their changes stay in History.
//
// # Input checks
//
// Every string handed to a Store must be valid UTF-8 without NUL bytes;
// otherwise the call fails with an error wrapping ErrInvalid that names the
// field (e.g. `evidence[3].text: contains a NUL byte`). Cases are checked
// with crux.Validate as well.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cruxlab/crux"
)

// Errors returned by every Store, to be tested with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("version conflict: the case changed since it was read")
	ErrExists    = errors.New("already exists")
	ErrForbidden = errors.New("forbidden")
	ErrInvalid   = errors.New("invalid input")
	// ErrLastOwner: a case must keep an owner.
	ErrLastOwner = errors.New("a case needs an owner: make someone else owner first")
)

// UserID identifies a user. IDs given out by CreateUser are positive.
type UserID int64

// Special user IDs.
const (
	// System is no user: changes made by the program itself (first-run
	// example case, imports from the CLI). ListCases(System) lists every
	// case; System's SetRating sets the case rating only.
	System UserID = 0
	// Everyone stands for every user in Grant: a role granted to Everyone
	// is the least role of every user on that case.
	Everyone UserID = -1
)

// Version numbers the changes of one case: 1 is its creation, each change
// adds one. Case returns the current Version.
type Version int64

// AnyVersion as ifVersion skips the optimistic-concurrency check.
const AnyVersion Version = -1

// Role is a user's access to a case.
type Role string

// The roles, from most to least powerful. RoleNone means no access.
const (
	Owner    Role = "owner"  // edit, rate, grant access, delete
	Editor   Role = "editor" // edit structure and rate
	Viewer   Role = "viewer" // read only
	RoleNone Role = ""
)

func (r Role) rank() int {
	switch r {
	case Owner:
		return 3
	case Editor:
		return 2
	case Viewer:
		return 1
	}
	return 0
}

// Valid reports whether r is owner, editor, viewer or RoleNone.
func (r Role) Valid() bool { return r == RoleNone || r.rank() > 0 }

// CanRead reports whether r may read the case.
func (r Role) CanRead() bool { return r.rank() >= 1 }

// CanEdit reports whether r may change the case and rate.
func (r Role) CanEdit() bool { return r.rank() >= 2 }

// CanManage reports whether r may grant access and delete the case.
func (r Role) CanManage() bool { return r.rank() >= 3 }

// Max returns the more powerful of r and o.
func (r Role) Max(o Role) Role {
	if o.rank() > r.rank() {
		return o
	}
	return r
}

// User is an account. PasswordHash is whatever the caller stored (bcrypt);
// the store never sees a password.
type User struct {
	ID           UserID    `json:"id"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	Created      time.Time `json:"created"`
}

// Token is an API token's record. Only the hash of the token is stored.
type Token struct {
	ID      int64     `json:"id"`
	User    UserID    `json:"user"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

// Grant is one user's role on a case.
type Grant struct {
	User     UserID `json:"user"`
	UserName string `json:"user_name"` // "" for Everyone
	Role     Role   `json:"role"`
}

// AccessChange is an entry of a case's access log: By changed User's role
// From one To another (RoleNone: no role of its own).
type AccessChange struct {
	At       time.Time `json:"at"`
	By       UserID    `json:"by"`
	ByName   string    `json:"by_name"` // "" for System
	User     UserID    `json:"user"`
	UserName string    `json:"user_name"` // "" for Everyone
	From     Role      `json:"from"`
	To       Role      `json:"to"`
}

// CaseInfo is a line of the case list.
type CaseInfo struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Question   string    `json:"question,omitempty"`
	Role       Role      `json:"role"` // the asking user's role (Owner for System)
	Version    Version   `json:"version"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
	Sources    int       `json:"sources"`
	Hypotheses int       `json:"hypotheses"`
	Evidence   int       `json:"evidence"`
}

// AnalystRating is one analyst's own rating of one cell.
type AnalystRating struct {
	EvidenceID   string      `json:"evidence"`
	HypothesisID string      `json:"hypothesis"`
	Analyst      UserID      `json:"analyst"`
	AnalystName  string      `json:"analyst_name"`
	Rating       crux.Rating `json:"rating"`
	Version      Version     `json:"version"` // the change that last wrote it
	Updated      time.Time   `json:"updated"`
}

// ChangeKind tells what a change did.
type ChangeKind string

// The change kinds.
const (
	KindCreate  ChangeKind = "create"  // CreateCase
	KindUpdate  ChangeKind = "update"  // PutCase or UpdateCase
	KindRating  ChangeKind = "rating"  // SetRating
	KindRestore ChangeKind = "restore" // Restore
)

// Change is one entry of a case's history.
type Change struct {
	Version Version    `json:"version"` // the case's Version after this change
	At      time.Time  `json:"at"`
	By      UserID     `json:"by"`
	ByName  string     `json:"by_name"` // "" for System
	Kind    ChangeKind `json:"kind"`
	// Detail describes the change as JSON. For KindRating:
	// {"evidence","hypothesis","analyst","from","to","case"} where from/to
	// are ratings (absent when unrated) and case tells whether the case
	// rating was set. For KindCreate, KindUpdate and KindRestore: counts of
	// what was added, removed and changed (ChangeDetail), plus "restored"
	// (the Version restored) and "note" when given by WithNote.
	Detail json.RawMessage `json:"detail"`
}

// ChangeDetail is the Detail of structural changes.
type ChangeDetail struct {
	Note     string         `json:"note,omitempty"`
	Restored Version        `json:"restored,omitempty"`
	Added    map[string]int `json:"added,omitempty"`   // "hypotheses": 1
	Removed  map[string]int `json:"removed,omitempty"` // "evidence": 2
	Changed  map[string]int `json:"changed,omitempty"` // "ratings": 3, "order.evidence": 1
}

// RatingDetail is the Detail of KindRating changes.
type RatingDetail struct {
	Evidence   string       `json:"evidence"`
	Hypothesis string       `json:"hypothesis"`
	Analyst    UserID       `json:"analyst"`
	From       *crux.Rating `json:"from,omitempty"`
	To         *crux.Rating `json:"to,omitempty"`
	Case       bool         `json:"case"` // the case rating was set too
}

// Store is a crux database. All methods are safe for concurrent use.
type Store interface {
	// CreateUser adds an account; ErrExists if the name is taken.
	// Names are 1–100 characters, compared exactly.
	CreateUser(ctx context.Context, name, passwordHash string) (User, error)
	// UserByName and User find an account; ErrNotFound if none.
	UserByName(ctx context.Context, name string) (User, error)
	User(ctx context.Context, id UserID) (User, error)
	// Users lists every account by name.
	Users(ctx context.Context) ([]User, error)
	// SetPasswordHash replaces a user's password hash.
	SetPasswordHash(ctx context.Context, id UserID, passwordHash string) error

	// CreateSession records a login session by the hash of its token.
	CreateSession(ctx context.Context, user UserID, tokenHash string, expires time.Time) error
	// SessionUser returns the session's user; ErrNotFound if the session is
	// unknown or expired.
	SessionUser(ctx context.Context, tokenHash string) (User, error)
	// DeleteSession ends a session (no error if it does not exist).
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteExpiredSessions removes sessions expired before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// CreateToken records an API token by its hash.
	CreateToken(ctx context.Context, user UserID, name, tokenHash string) (Token, error)
	// TokenUser returns the user of a token; ErrNotFound if unknown.
	TokenUser(ctx context.Context, tokenHash string) (User, error)
	// Tokens lists a user's tokens.
	Tokens(ctx context.Context, user UserID) ([]Token, error)
	// DeleteToken revokes one of the user's tokens; ErrNotFound if it is not theirs.
	DeleteToken(ctx context.Context, user UserID, id int64) error

	// Grant sets user's role on a case; RoleNone revokes it. user may be
	// Everyone. The store does not check who asks (the caller does) but
	// records it: by and the change go to the case's access log. It
	// refuses, with ErrLastOwner, to take the owner role from the case's
	// only owner.
	Grant(ctx context.Context, caseID string, user UserID, role Role, by UserID) error
	// AccessLog lists the changes of roles on a case, oldest first (the
	// creator's ownership included).
	AccessLog(ctx context.Context, caseID string) ([]AccessChange, error)
	// Role returns user's role on a case: the greater of its own grant and
	// Everyone's; Owner for System; RoleNone when none. ErrNotFound if
	// the case does not exist.
	Role(ctx context.Context, caseID string, user UserID) (Role, error)
	// Grants lists the roles given on a case.
	Grants(ctx context.Context, caseID string) ([]Grant, error)

	// ListCases lists the cases user may read (all of them for System),
	// most recently updated first.
	ListCases(ctx context.Context, user UserID) ([]CaseInfo, error)
	// CreateCase stores a new case, its ratings as case ratings, and makes
	// by its owner (unless System). An empty c.ID is replaced by a new
	// one, written back into c. ErrExists if the ID is taken; ErrInvalid
	// (wrapping crux.ValidationError) if the case is invalid.
	CreateCase(ctx context.Context, c *crux.Case, by UserID) (Version, error)
	// Case returns the current case, each cell holding the case rating
	// (Rating.Analyst names who set it), and its Version.
	Case(ctx context.Context, id string) (*crux.Case, Version, error)
	// PutCase replaces a case's structure and case ratings with c (by c.ID)
	// in one transaction: all or nothing. Cells whose rating differs are
	// written; cells whose evidence or hypothesis is gone are dropped
	// (analysts' own ratings of them too).
	PutCase(ctx context.Context, c *crux.Case, ifVersion Version, by UserID) (Version, error)
	// UpdateCase runs fn on the current case inside a write transaction and
	// stores the result as PutCase does. fn's error aborts and is returned.
	UpdateCase(ctx context.Context, id string, ifVersion Version, by UserID, fn func(*crux.Case) error) (Version, error)
	// DeleteCase removes a case with its ratings, history and grants, in
	// one transaction; with ifVersion other than AnyVersion it fails with
	// ErrConflict unless the case is still at that Version (checked in the
	// same transaction, so no change can slip in between).
	DeleteCase(ctx context.Context, id string, ifVersion Version) error

	// SetRating rates one cell (see the package doc for whose rating is
	// set and for ifVersion). A rating with Value "" (crux.Unrated) clears
	// the cell. ErrNotFound if the case, evidence or hypothesis does not
	// exist; ErrForbidden if analyst may not edit the case; ErrInvalid for
	// a bad value or likelihood.
	SetRating(ctx context.Context, caseID, evidenceID, hypothesisID string, analyst UserID, r crux.Rating, ifVersion Version) (Version, error)
	// AnalystRatings lists every analyst's own ratings on a case, by
	// evidence, hypothesis and analyst.
	AnalystRatings(ctx context.Context, caseID string) ([]AnalystRating, error)

	// History lists a case's changes, newest first, at most limit
	// (limit ≤ 0: all).
	History(ctx context.Context, caseID string, limit int) ([]Change, error)
	// CaseAt rebuilds the case as it was right after change v.
	CaseAt(ctx context.Context, caseID string, v Version) (*crux.Case, error)
	// Restore makes the state after change v current again, as a new
	// change of kind "restore".
	Restore(ctx context.Context, caseID string, v Version, by UserID) (Version, error)
	// RestoreIf is Restore with an optimistic-concurrency check: it fails
	// with ErrConflict unless the case is still at ifVersion (AnyVersion:
	// no check), atomically with the restore.
	RestoreIf(ctx context.Context, caseID string, v, ifVersion Version, by UserID) (Version, error)

	// CaseVersion returns a case's current Version with one small query,
	// for caches and ETag checks; ErrNotFound if there is no such case.
	CaseVersion(ctx context.Context, id string) (Version, error)

	// Close releases the database.
	Close() error
}

type noteKey struct{}

// WithNote returns a context whose note ("reordered evidence") is recorded in
// the detail of the structural change made with it.
func WithNote(ctx context.Context, note string) context.Context {
	return context.WithValue(ctx, noteKey{}, note)
}

// Note returns the note set by WithNote, or "".
func Note(ctx context.Context) string {
	s, _ := ctx.Value(noteKey{}).(string)
	return s
}

// Opener opens a backend from a DSN.
type Opener func(ctx context.Context, dsn string) (Store, error)

var (
	mu       sync.Mutex
	backends = map[string]Opener{}
)

// Register makes a backend available to Open under a scheme ("sqlite",
// "postgres"). Backends call it from init.
func Register(scheme string, open Opener) {
	mu.Lock()
	defer mu.Unlock()
	backends[scheme] = open
}

// Open opens (creating if needed) a store and applies its migrations:
//
//	postgres://... or postgresql://...  PostgreSQL (package store/postgres)
//	sqlite:PATH, a file path, or ""     SQLite (package store/sqlite); "" is crux.db;
//	                                    "?sync=full" after the path: fsync every commit
func Open(ctx context.Context, dsn string) (Store, error) {
	scheme := "sqlite"
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		scheme = "postgres"
	}
	mu.Lock()
	open := backends[scheme]
	var names []string
	for k := range backends {
		names = append(names, k)
	}
	mu.Unlock()
	if open == nil {
		sort.Strings(names)
		return nil, fmt.Errorf("store: no %s backend linked in (import _ \"github.com/cruxlab/crux/store/%s\"; have %v)", scheme, scheme, names)
	}
	return open(ctx, dsn)
}
