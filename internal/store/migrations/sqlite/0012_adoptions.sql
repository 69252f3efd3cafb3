-- Adoption lineage (replikasi): an organisation records that it adopts
-- another agency's published practice, with its status, what it adapted
-- and its own impact figures. An organisation holds at most one active
-- (not stopped) adoption of a practice. derived_practice_id is the
-- adopter's own practice documenting its version: adoptions of that one
-- continue the lineage.
CREATE TABLE adoptions (
    id                  INTEGER PRIMARY KEY,
    practice_id         INTEGER NOT NULL REFERENCES practices(id) ON DELETE CASCADE,
    org_id              INTEGER NOT NULL REFERENCES organisations(id),
    status              TEXT NOT NULL CHECK (status IN ('planned', 'running', 'stopped', 'institutionalised')),
    started             TEXT NOT NULL,
    adapted             TEXT NOT NULL DEFAULT '',
    reason              TEXT NOT NULL DEFAULT '',
    regulation          TEXT NOT NULL DEFAULT '',
    derived_practice_id INTEGER REFERENCES practices(id) ON DELETE SET NULL,
    created_by          INTEGER REFERENCES users(id),
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE UNIQUE INDEX adoptions_active ON adoptions(practice_id, org_id) WHERE status <> 'stopped';
CREATE INDEX adoptions_org ON adoptions(org_id);
CREATE INDEX adoptions_derived ON adoptions(derived_practice_id);

CREATE TABLE adoption_metrics (
    adoption_id   INTEGER NOT NULL REFERENCES adoptions(id) ON DELETE CASCADE,
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
    PRIMARY KEY (adoption_id, pos)
);
