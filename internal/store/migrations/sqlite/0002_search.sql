-- The change feed: one row per write that a derived view (the search index
-- of each node) must apply. Written in the same transaction as the change.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY,
    practice_id INTEGER NOT NULL,
    at          DATETIME NOT NULL
);
CREATE INDEX changes_at ON changes(at);

-- Text extracted from attachments by background jobs.
ALTER TABLE attachments ADD COLUMN text TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN text_status TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE attachments ADD COLUMN text_error TEXT NOT NULL DEFAULT '';
CREATE INDEX attachments_text_status ON attachments(text_status);

-- What people searched for, for the secretariat's analytics.
CREATE TABLE search_queries (
    id       INTEGER PRIMARY KEY,
    at       DATETIME NOT NULL,
    query    TEXT NOT NULL,
    norm     TEXT NOT NULL,
    results  INTEGER NOT NULL,
    user_id  INTEGER NOT NULL DEFAULT 0,
    surface  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX search_queries_at ON search_queries(at);

-- Root words and synonyms added by admins to the built-in ones.
CREATE TABLE lexicon_words (
    word     TEXT PRIMARY KEY,
    added_by INTEGER NOT NULL DEFAULT 0,
    added_at DATETIME NOT NULL
);
CREATE TABLE synonyms (
    term     TEXT PRIMARY KEY,
    expands  TEXT NOT NULL,
    added_by INTEGER NOT NULL DEFAULT 0,
    added_at DATETIME NOT NULL
);
