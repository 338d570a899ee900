-- Staff users (DistrictAdmin, WardEditor, WardApprover), personal API tokens (stored hashed) and the audit log.
-- failed_sign_ins / locked_until are for the console's cookie sign-in (lock-out after repeated failures).
CREATE TABLE staff_users (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL,
    ward_id         TEXT,
    password_hash   TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES staff_users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    ward_id TEXT,
    detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
