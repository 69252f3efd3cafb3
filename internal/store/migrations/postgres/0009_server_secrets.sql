-- Secrets the server keeps for itself, created on first use: e.g. the key
-- of the HMAC that commits the audit log to a score sheet's content without
-- letting a reader of the log recover the scores by trying every value.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
