-- Console sessions kept on the server, so sign-out, a password reset or a disabled account ends them even for a copy
-- of the cookie; API tokens get an expiry (tokens made before it get 90 days from their creation).
CREATE TABLE staff_sessions (
    id         TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES staff_users (id),
    created_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

ALTER TABLE staff_tokens ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE staff_tokens SET expires_at = created_at + INTERVAL '90 days';
CREATE INDEX staff_tokens_user ON staff_tokens (user_id);

-- A random key (encrypted with the Data Protection key ring) for HMACs such as channel_tokens.config_hash.
CREATE TABLE app_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The SQLite data directory guard's probe row; kept here too so both providers have the same schema (unused on PostgreSQL).
CREATE TABLE storage_probe (
    id    INTEGER PRIMARY KEY,
    nonce TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
