-- Console sessions kept on the server, so sign-out, a password reset or a disabled account ends them even for a copy
-- of the cookie; API tokens get an expiry (tokens made before it get 90 days from their creation).
CREATE TABLE staff_sessions (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES staff_users (id),
    created_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

ALTER TABLE staff_tokens ADD COLUMN expires_at TEXT;
UPDATE staff_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%S.0000000Z', created_at, '+90 days');
CREATE INDEX staff_tokens_user ON staff_tokens (user_id);

-- A random key (encrypted with the Data Protection key ring) for HMACs such as channel_tokens.config_hash.
CREATE TABLE app_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One row per running SQLite instance: the data directory guard writes a nonce through the app's own connections and
-- reads it back through a fresh one, to notice a database file that was deleted or replaced while the app runs.
CREATE TABLE storage_probe (
    id    INTEGER PRIMARY KEY,
    nonce TEXT NOT NULL,
    at    TEXT NOT NULL
);
