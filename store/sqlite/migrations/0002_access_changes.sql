-- crux schema 2 (SQLite): who gave or took which role on a case, and when.
-- user_id -1 is everyone; by_user 0 is the program itself; '' is no role.
CREATE TABLE access_changes (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id   TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at        INTEGER NOT NULL,
	by_user   INTEGER NOT NULL,
	user_id   INTEGER NOT NULL,
	from_role TEXT NOT NULL,
	to_role   TEXT NOT NULL
);
CREATE INDEX access_changes_case ON access_changes (case_id, id);
