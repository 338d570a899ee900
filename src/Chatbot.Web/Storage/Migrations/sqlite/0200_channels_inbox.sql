-- Durable inbox: one row per verified platform event, stored before the webhook's 200 (Channels/Inbox).
-- dedupe_key is the platform's message id (Messenger mid, Zalo event_name + msg_id...): a replay is a no-op.
CREATE TABLE inbox_events (
    id               INTEGER PRIMARY KEY,
    platform         TEXT NOT NULL,
    account_id       TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    kind             TEXT NOT NULL,
    dedupe_key       TEXT NOT NULL UNIQUE,
    payload          TEXT NOT NULL,
    event_at         TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    locked_until     TEXT,
    handled_at       TEXT,
    last_error       TEXT
);
CREATE INDEX ix_inbox_events_claim ON inbox_events (state, id);
CREATE INDEX ix_inbox_events_conversation ON inbox_events (conversation_key, id);
CREATE INDEX ix_inbox_events_received ON inbox_events (received_at);
CREATE INDEX ix_inbox_events_user ON inbox_events (platform, user_id);

-- Per citizen conversation on a native channel: last inbound time (platform windows), human takeover, unreachable.
CREATE TABLE channel_conversations (
    conversation_key   TEXT PRIMARY KEY,
    platform           TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    last_inbound_at    TEXT,
    paused_until       TEXT,
    unreachable_at     TEXT,
    unreachable_reason TEXT
);
CREATE INDEX ix_channel_conversations_user ON channel_conversations (platform, user_id);

-- Every reply we tried to send to a platform, with its outcome and, when refused or unknown, the reason.
CREATE TABLE outbound_log (
    id                  INTEGER PRIMARY KEY,
    platform            TEXT NOT NULL,
    channel_id          TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    status              TEXT NOT NULL,
    reason              TEXT,
    platform_message_id TEXT,
    attempts            INTEGER NOT NULL,
    payload             TEXT NOT NULL,
    created_at          TEXT NOT NULL
);
CREATE INDEX ix_outbound_log_recipient ON outbound_log (platform, recipient);
CREATE INDEX ix_outbound_log_message ON outbound_log (platform_message_id);

-- Shared with Broadcasting (same name and shape): what a channel without credentials would have sent.
CREATE TABLE sandbox_outbox (
    id         INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    recipient  TEXT,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Channel tokens seeded from configuration (Channels:<id>), refreshed in place (Zalo). version is a compare-and-set
-- guard: a refresh first bumps it and sets refreshing_until, so two instances never spend one refresh token twice.
CREATE TABLE channel_tokens (
    channel_id       TEXT PRIMARY KEY,
    access_token     TEXT NOT NULL,
    refresh_token    TEXT NOT NULL,
    expires_at       TEXT,
    config_hash      TEXT NOT NULL,
    version          INTEGER NOT NULL,
    refreshing_until TEXT,
    needs_reauth     INTEGER NOT NULL DEFAULT 0,
    reauth_reason    TEXT,
    updated_at       TEXT NOT NULL
);
