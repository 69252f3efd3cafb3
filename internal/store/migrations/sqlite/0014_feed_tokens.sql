-- Private Atom feed addresses: a signed-in person may create one secret
-- address that a feed reader polls without a session, carrying what that
-- person may read. Only the SHA-256 of the token is stored, so a copy of
-- the database opens no feed. A person has at most one active token;
-- creating a new one revokes the old, and a revoked token opens nothing.
CREATE TABLE feed_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    revoked_at DATETIME
);
CREATE INDEX feed_tokens_user ON feed_tokens(user_id);
