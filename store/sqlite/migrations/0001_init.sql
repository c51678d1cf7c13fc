-- crux schema 1 (SQLite). Times are Unix microseconds (UTC).
CREATE TABLE users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	created       INTEGER NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires    INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	token_hash TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	created    INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

-- doc is the case's JSON without ratings; version is the number of its last change.
CREATE TABLE cases (
	id           TEXT PRIMARY KEY,
	title        TEXT NOT NULL,
	question     TEXT NOT NULL,
	version      INTEGER NOT NULL,
	created      INTEGER NOT NULL,
	updated      INTEGER NOT NULL,
	doc          TEXT NOT NULL,
	n_sources    INTEGER NOT NULL,
	n_hypotheses INTEGER NOT NULL,
	n_evidence   INTEGER NOT NULL
);

-- The evidence ('e') and hypothesis ('h') IDs of each case.
CREATE TABLE case_items (
	case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind    TEXT NOT NULL CHECK (kind IN ('e', 'h')),
	item_id TEXT NOT NULL,
	PRIMARY KEY (case_id, kind, item_id)
) WITHOUT ROWID;

-- user_id -1 is everyone.
CREATE TABLE grants (
	case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL,
	role    TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
	PRIMARY KEY (case_id, user_id)
) WITHOUT ROWID;
CREATE INDEX grants_user ON grants (user_id);

-- analyst_id 0 is the case rating; others are analysts' own ratings.
CREATE TABLE ratings (
	case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	evidence_id   TEXT NOT NULL,
	hypothesis_id TEXT NOT NULL,
	analyst_id    INTEGER NOT NULL,
	value         TEXT NOT NULL,
	likelihood    REAL,
	suggested     INTEGER NOT NULL,
	reason        TEXT NOT NULL,
	label         TEXT NOT NULL,
	set_by        INTEGER NOT NULL,
	version       INTEGER NOT NULL,
	updated       INTEGER NOT NULL,
	PRIMARY KEY (case_id, evidence_id, hypothesis_id, analyst_id)
) WITHOUT ROWID;

-- One row per change; snapshot is the whole case after structural changes.
CREATE TABLE changes (
	case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	version  INTEGER NOT NULL,
	at       INTEGER NOT NULL,
	by_user  INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	detail   TEXT NOT NULL,
	snapshot TEXT,
	PRIMARY KEY (case_id, version)
);
