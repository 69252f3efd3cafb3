-- KPI competitions (issue 5). Dates of the windows and of measurements are
-- calendar days as TEXT 'YYYY-MM-DD', which sorts and compares the same in
-- both dialects and carries no time zone.
CREATE TABLE kpi_competitions (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    noun             TEXT NOT NULL DEFAULT '',
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    metric_code      TEXT NOT NULL,
    metric_name      TEXT NOT NULL,
    metric_unit      TEXT NOT NULL DEFAULT '',
    higher_is_better INTEGER NOT NULL DEFAULT 1,
    allow_negative   INTEGER NOT NULL DEFAULT 0,
    baseline_from    TEXT NOT NULL,
    baseline_to      TEXT NOT NULL,
    period_from      TEXT NOT NULL,
    period_to        TEXT NOT NULL,
    method           TEXT NOT NULL,
    k                REAL,
    status           TEXT NOT NULL DEFAULT 'draft',
    version          INTEGER NOT NULL DEFAULT 1,
    demo             INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users(id),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE INDEX kpi_competitions_org ON kpi_competitions(org_id);

CREATE TABLE kpi_participants (
    competition_id INTEGER NOT NULL REFERENCES kpi_competitions(id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    pos            INTEGER NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    org_id         INTEGER REFERENCES organisations(id),
    grp            TEXT NOT NULL DEFAULT '',
    control        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (competition_id, code)
);

-- One row per accepted batch of measurements: who sent it, how, from what.
CREATE TABLE kpi_uploads (
    id             INTEGER PRIMARY KEY,
    competition_id INTEGER NOT NULL REFERENCES kpi_competitions(id) ON DELETE CASCADE,
    source         TEXT NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    row_count      INTEGER NOT NULL,
    uploaded_by    INTEGER REFERENCES users(id),
    uploader       TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL
);
CREATE INDEX kpi_uploads_competition ON kpi_uploads(competition_id, id);

-- The primary key is the last guard against two values for one day.
CREATE TABLE kpi_measurements (
    competition_id INTEGER NOT NULL,
    participant    TEXT NOT NULL,
    day            TEXT NOT NULL,
    value          REAL NOT NULL,
    upload_id      INTEGER NOT NULL REFERENCES kpi_uploads(id) ON DELETE CASCADE,
    PRIMARY KEY (competition_id, participant, day),
    FOREIGN KEY (competition_id, participant) REFERENCES kpi_participants(competition_id, code) ON DELETE CASCADE
);

-- Practices documenting a competition's winners ('' = the competition as a whole).
CREATE TABLE kpi_practice_links (
    competition_id INTEGER NOT NULL REFERENCES kpi_competitions(id) ON DELETE CASCADE,
    participant    TEXT NOT NULL DEFAULT '',
    practice_id    INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    created_by     INTEGER REFERENCES users(id),
    created_at     DATETIME NOT NULL,
    PRIMARY KEY (competition_id, participant, practice_id)
);
CREATE INDEX kpi_practice_links_practice ON kpi_practice_links(practice_id);
