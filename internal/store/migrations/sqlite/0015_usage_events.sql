-- Usage events (views, downloads, searches…), written in batches off the
-- request path. ip is erased after the retention period. daily_readers
-- keeps one row per person and day they read at least one published
-- practice, with their organisation at the time: readership against
-- headcount is a count of distinct people over it.
CREATE TABLE usage_events (
    id          INTEGER PRIMARY KEY,
    at          DATETIME NOT NULL,
    kind        TEXT NOT NULL,
    user_id     INTEGER,
    org_path    TEXT NOT NULL DEFAULT '',
    practice_id INTEGER,
    session     TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX usage_events_kind_at ON usage_events (kind, at);
CREATE INDEX usage_events_practice ON usage_events (practice_id, at);

CREATE TABLE daily_readers (
    day      TEXT NOT NULL,
    user_id  INTEGER NOT NULL,
    org_path TEXT NOT NULL,
    PRIMARY KEY (day, user_id)
);
CREATE INDEX daily_readers_org ON daily_readers (org_path, day);
