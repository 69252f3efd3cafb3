-- KM Award: evidence files an entrant uploads for its entry. The bytes live
-- in the content-addressed file store (files/ab/cd/<sha256>); a row records
-- what the entrant called the file. The files' hashes are part of the
-- entry's frozen snapshot.
CREATE TABLE award_evidence (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES award_entries(id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at DATETIME NOT NULL,
    UNIQUE (entry_id, sha256)
);
