-- Staff users (DistrictAdmin, WardEditor, WardApprover), personal API tokens (stored hashed) and the audit log.
-- failed_sign_ins / locked_until are for the console's cookie sign-in (lock-out after repeated failures).
CREATE TABLE staff_users (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL,
    ward_id         TEXT,
    password_hash   TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE TABLE staff_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES staff_users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    ward_id TEXT,
    detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
