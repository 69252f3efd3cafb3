CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    short      TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES organisations(id),
    path       TEXT NOT NULL DEFAULT '',
    headcount  INTEGER NOT NULL DEFAULT 0,
    demo       INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL
);
CREATE INDEX organisations_path ON organisations(path);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL
);

CREATE TABLE grants (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    org_id  INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (user_id, role, org_id)
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   DATETIME NOT NULL,
    revoked_at   DATETIME
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions(expiry);

CREATE TABLE practices (
    id           INTEGER PRIMARY KEY,
    external_id  TEXT UNIQUE,
    org_id       INTEGER NOT NULL REFERENCES organisations(id),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    problem      TEXT NOT NULL DEFAULT '',
    actions      TEXT NOT NULL DEFAULT '',
    results      TEXT NOT NULL DEFAULT '',
    lessons      TEXT NOT NULL DEFAULT '',
    replication  TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    affair       TEXT NOT NULL DEFAULT '',
    year         INTEGER NOT NULL DEFAULT 0,
    authors      TEXT NOT NULL DEFAULT '[]',
    access       TEXT NOT NULL,
    status       TEXT NOT NULL,
    verifier     TEXT NOT NULL DEFAULT '',
    review_by    TEXT NOT NULL DEFAULT '',
    status_note  TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   INTEGER REFERENCES users(id),
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    published_at DATETIME,
    demo         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX practices_org ON practices(org_id);
CREATE INDEX practices_status ON practices(status, updated_at);
CREATE INDEX practices_review_by ON practices(review_by) WHERE status = 'published';

CREATE TABLE practice_tags (
    practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    PRIMARY KEY (practice_id, tag)
);
CREATE INDEX practice_tags_tag ON practice_tags(tag);

CREATE TABLE practice_metrics (
    practice_id   INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    indicator     TEXT NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    baseline      REAL NOT NULL,
    baseline_date TEXT NOT NULL DEFAULT '',
    value         REAL NOT NULL,
    value_date    TEXT NOT NULL DEFAULT '',
    scope         TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    verified      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (practice_id, pos)
);

CREATE TABLE practice_revisions (
    practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    content     TEXT NOT NULL,
    author_id   INTEGER,
    author_name TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    PRIMARY KEY (practice_id, version)
);

CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX attachments_practice ON attachments(practice_id);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          DATETIME NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_label TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    org_id      INTEGER NOT NULL DEFAULT 0,
    detail      TEXT NOT NULL DEFAULT '{}',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_action ON audit_events(action, id);
CREATE INDEX audit_events_target ON audit_events(target_type, target_id, id);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
