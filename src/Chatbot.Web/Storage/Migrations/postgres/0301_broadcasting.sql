-- Posts to ward channels and their deliveries: one row per (post, channel, occurrence), each with its own state.
-- The delivery row is what makes publishing idempotent (claim by compare-and-set), whatever the job runner does.
CREATE TABLE posts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text            TEXT NOT NULL,
    link            TEXT,
    image_url       TEXT,
    all_wards       BOOLEAN NOT NULL DEFAULT FALSE,
    platforms       TEXT NOT NULL,           -- "facebook,zalo"
    state           TEXT NOT NULL,           -- draft | awaiting_approval | scheduled | publishing | published | failed | needs_check | cancelled
    publish_at      TIMESTAMPTZ,                    -- one-off time (UTC); null for a recurring post
    cron            TEXT,                    -- recurrence in Asia/Ho_Chi_Minh
    recur_until     TIMESTAMPTZ,                    -- last moment a recurrence may fire (UTC)
    next_occurrence TIMESTAMPTZ,                    -- recurring: the next occurrence not yet turned into deliveries
    campaign        TEXT,
    author_id       BIGINT NOT NULL REFERENCES staff_users (id),
    approved_by     BIGINT REFERENCES staff_users (id),
    review_comment  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX posts_state ON posts (state);

CREATE TABLE post_wards (
    post_id BIGINT NOT NULL REFERENCES posts (id),
    ward_id TEXT NOT NULL,
    PRIMARY KEY (post_id, ward_id)
);
CREATE INDEX post_wards_ward ON post_wards (ward_id);

CREATE TABLE deliveries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id          BIGINT NOT NULL REFERENCES posts (id),
    channel_id       TEXT NOT NULL,
    ward_id          TEXT NOT NULL,
    platform         TEXT NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    state            TEXT NOT NULL,          -- scheduled | publishing | published | failed | needs_check | cancelled
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    platform_post_id TEXT,
    article_token    TEXT,                   -- Zalo: article being processed (create returned it, verify not yet done)
    article_id       TEXT,                   -- Zalo: verified article, not yet broadcast
    sandbox          BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_at       TIMESTAMPTZ,
    enqueued_at      TIMESTAMPTZ,
    published_at     TIMESTAMPTZ,
    UNIQUE (post_id, channel_id, due_at)
);
CREATE INDEX deliveries_state_due ON deliveries (state, due_at);

-- What sandboxed channels (no access token configured) would have published; once per delivery.
CREATE TABLE sandbox_posts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id BIGINT NOT NULL UNIQUE,
    channel_id  TEXT NOT NULL,
    platform    TEXT NOT NULL,
    text        TEXT NOT NULL,
    link        TEXT,
    image_url   TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);

-- Citizens who chose "Nhận tin của phường"; last_interaction_at decides the platform window (Messenger 24 h, Zalo 7 days).
CREATE TABLE subscriptions (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel             TEXT NOT NULL,
    user_id             TEXT NOT NULL,
    ward_id             TEXT NOT NULL,
    subscribed_at       TIMESTAMPTZ NOT NULL,
    last_interaction_at TIMESTAMPTZ NOT NULL,
    UNIQUE (channel, user_id)
);
CREATE INDEX subscriptions_ward ON subscriptions (ward_id);

-- One row per (post occurrence, subscriber): sent, or skipped with the reason. Unique, so a rerun sends nothing twice.
CREATE TABLE notifications (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id         BIGINT NOT NULL,
    occurrence_at   TIMESTAMPTZ NOT NULL,
    subscription_id BIGINT NOT NULL,
    outcome         TEXT NOT NULL,           -- sent | sandbox | skipped
    reason          TEXT,
    at              TIMESTAMPTZ NOT NULL,
    UNIQUE (post_id, occurrence_at, subscription_id)
);
