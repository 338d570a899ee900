-- Channels connected in the staff console (issue 16): the account (Page, OA) staff picked after OAuth, which wins over
-- dialogs/units/wards.yaml for that channel id; its tokens are in channel_tokens with connected_in_console = 1, so a
-- configured token (Channels:<id>) no longer replaces them. Deleted on «Ngắt kết nối» (the file/env seed applies again).
CREATE TABLE channel_connections (
    channel_id         TEXT PRIMARY KEY,
    ward_id            TEXT NOT NULL,
    platform           TEXT NOT NULL,
    account_id         TEXT NOT NULL,
    account_name       TEXT NOT NULL,
    tier               TEXT,
    tier_valid_through TEXT,
    connected_by       TEXT NOT NULL,
    connected_at       TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
ALTER TABLE channel_tokens ADD COLUMN connected_in_console INTEGER NOT NULL DEFAULT 0;

-- OAuth `state` of a connection in progress: single use, bound to the staff member and the channel, short-lived.
-- stage: issued (dialog opened) → exchanged (code traded; Facebook waits for the Page pick) → done.
-- secret holds the PKCE verifier, then the long-lived user token while a Page is picked (encrypted).
CREATE TABLE channel_oauth_states (
    state      TEXT PRIMARY KEY,
    staff_id   INTEGER NOT NULL,
    channel_id TEXT NOT NULL,
    ward_id    TEXT NOT NULL,
    platform   TEXT NOT NULL,
    mode       TEXT NOT NULL,
    stage      TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- What the daily channel health check found (expiring or failing within 7 days): the console's banner.
CREATE TABLE channel_warnings (
    channel_id TEXT PRIMARY KEY,
    ward_id    TEXT NOT NULL,
    message    TEXT NOT NULL,
    raised_at  TEXT NOT NULL
);

-- The health board reads each channel's last successful send and publish and its last failure.
CREATE INDEX ix_outbound_log_channel_status ON outbound_log (channel_id, status, created_at);
CREATE INDEX ix_deliveries_channel_state ON deliveries (channel_id, state);
