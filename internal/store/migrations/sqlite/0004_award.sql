-- Audit hash chain: every event records the hash of the event before it and
-- its own hash, SHA-256 over that and a canonical encoding of its fields
-- (computed in Go, see store/audit.go). Events written before this
-- migration keep empty hashes and come before the chain's first link.
-- audit_head holds the newest link; updating it in the writing transaction
-- serialises appends (one writer on SQLite, a row lock on PostgreSQL).
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL DEFAULT 0,
    hash    TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_head (id, last_id, hash) VALUES (1, 0, '');

-- KM Award. An edition is run by the secretariat over its organiser.
CREATE TABLE award_editions (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    year                INTEGER NOT NULL,
    organiser_id        INTEGER NOT NULL REFERENCES organisations(id),
    registration_opens  DATETIME,
    submission_deadline DATETIME NOT NULL,
    announcement_at     DATETIME NOT NULL,
    objection_until     DATETIME,
    winners             INTEGER NOT NULL DEFAULT 0,
    method              TEXT NOT NULL DEFAULT 'zscore',
    call_published_at   DATETIME,
    frozen_at           DATETIME,
    published_at        DATETIME,
    finalised_at        DATETIME,
    created_at          DATETIME NOT NULL
);

CREATE TABLE award_categories (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES award_editions(id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    UNIQUE (edition_id, code)
);

CREATE TABLE award_criteria (
    id          INTEGER PRIMARY KEY,
    edition_id  INTEGER NOT NULL REFERENCES award_editions(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    anchors     TEXT NOT NULL DEFAULT '{}',
    weight      REAL NOT NULL,
    min_score   REAL NOT NULL,
    max_score   REAL NOT NULL,
    UNIQUE (edition_id, code)
);

CREATE TABLE award_rounds (
    id             INTEGER PRIMARY KEY,
    edition_id     INTEGER NOT NULL REFERENCES award_editions(id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    ord            INTEGER NOT NULL,
    advance        INTEGER NOT NULL DEFAULT 0,
    weight         REAL NOT NULL DEFAULT 0,
    shortlisted_at DATETIME,
    UNIQUE (edition_id, code),
    UNIQUE (edition_id, ord)
);

-- A juror of an edition. org_id is the organisation whose entries the juror
-- may not score (with its parent and units); NULL for an external juror.
-- It is deliberately not users.org_id: an external juror's account has to
-- sit somewhere in the tree, but belongs to no agency.
CREATE TABLE award_jurors (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES award_editions(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    org_id     INTEGER REFERENCES organisations(id),
    UNIQUE (edition_id, user_id)
);

CREATE TABLE award_entries (
    id               INTEGER PRIMARY KEY,
    edition_id       INTEGER NOT NULL REFERENCES award_editions(id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    category_id      INTEGER REFERENCES award_categories(id),
    title            TEXT NOT NULL,
    form             TEXT NOT NULL DEFAULT '{}',
    practices        TEXT NOT NULL DEFAULT '[]',
    submitted_at     DATETIME,
    screening        TEXT NOT NULL DEFAULT '',
    screening_reason TEXT NOT NULL DEFAULT '',
    frozen_at        DATETIME,
    snapshot_hash    TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    UNIQUE (edition_id, code)
);
CREATE INDEX award_entries_org ON award_entries(org_id);

-- Conflicts a juror declared, on top of the automatic ones.
CREATE TABLE award_conflicts (
    juror_id   INTEGER NOT NULL REFERENCES award_jurors(id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    PRIMARY KEY (juror_id, entry_id)
);

CREATE TABLE award_assignments (
    round_id   INTEGER NOT NULL REFERENCES award_rounds(id) ON DELETE CASCADE,
    juror_id   INTEGER NOT NULL REFERENCES award_jurors(id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (round_id, juror_id, entry_id)
);
CREATE INDEX award_assignments_entry ON award_assignments(entry_id);

-- A juror's rubric for an entry in a round: criterion code -> value.
CREATE TABLE award_scores (
    round_id     INTEGER NOT NULL REFERENCES award_rounds(id) ON DELETE CASCADE,
    juror_id     INTEGER NOT NULL REFERENCES award_jurors(id) ON DELETE CASCADE,
    entry_id     INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    score_values TEXT NOT NULL DEFAULT '{}',
    comment      TEXT NOT NULL DEFAULT '',
    private_note TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft',
    updated_at   DATETIME NOT NULL,
    submitted_at DATETIME,
    PRIMARY KEY (round_id, juror_id, entry_id)
);
CREATE INDEX award_scores_entry ON award_scores(entry_id);

-- The confirmed shortlist of a round: the entries that go on, best first.
CREATE TABLE award_shortlists (
    round_id INTEGER NOT NULL REFERENCES award_rounds(id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    PRIMARY KEY (round_id, entry_id)
);

-- Objections (sanggah) to the provisional results, and their answers.
CREATE TABLE award_objections (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    filed_by    INTEGER NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    filed_at    DATETIME NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users(id),
    answered_at DATETIME
);
CREATE INDEX award_objections_entry ON award_objections(entry_id);

-- Certificates issued, found by their verification code.
CREATE TABLE award_certificates (
    code       TEXT PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    rank       INTEGER NOT NULL DEFAULT 0,
    issued_at  DATETIME NOT NULL,
    UNIQUE (entry_id, kind)
);
