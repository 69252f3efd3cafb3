-- One-time links that let a person set a password: an invitation for an
-- account created without one (an external KM Award juror), or a password
-- reset. Only the SHA-256 of the token is stored, never the token, so a
-- copy of the database opens no account. Issuing a link for a user and
-- purpose revokes that user's earlier unused links of the same purpose.
CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id),
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    revoked_at DATETIME
);
CREATE INDEX invitations_user ON invitations(user_id, purpose);
