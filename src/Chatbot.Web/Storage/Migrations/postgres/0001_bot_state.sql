-- Bot Framework IStorage: one JSON document per key (conversation state, user state), ETag for optimistic concurrency.
CREATE TABLE bot_state (
    key        TEXT PRIMARY KEY,
    etag       TEXT NOT NULL,
    document   TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
