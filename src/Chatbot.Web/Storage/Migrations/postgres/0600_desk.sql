-- Issue 14: "Gặp cán bộ". A thread is one citizen conversation handed to the ward's staff; while it is waiting or open
-- the bot says nothing in that conversation. At most one live thread per conversation.
CREATE TABLE desk_threads (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel           TEXT NOT NULL,     -- the Bot Framework channel id: a platform's id, or "webchat"
    conversation_id   TEXT NOT NULL,     -- the bot's conversation id (a platform's inbox conversation key)
    user_id           TEXT NOT NULL,
    account_id        TEXT NULL,         -- the Page or OA the citizen wrote to (null: web chat)
    ward_id           TEXT NULL,
    state             TEXT NOT NULL,     -- waiting | open | closed
    origin            TEXT NOT NULL,     -- citizen (asked for a person) | echo (staff answered in the platform's own inbox)
    assigned_to       TEXT NULL,
    requested_at      TIMESTAMPTZ NOT NULL,
    last_citizen_at   TIMESTAMPTZ NOT NULL,     -- the reply window is counted from it
    first_response_at TIMESTAMPTZ NULL,
    closed_at         TIMESTAMPTZ NULL,
    closed_by         TEXT NULL
);
CREATE UNIQUE INDEX ux_desk_threads_live ON desk_threads (channel, conversation_id) WHERE state <> 'closed';
CREATE INDEX ix_desk_threads_ward ON desk_threads (ward_id, state, requested_at);
CREATE INDEX ix_desk_threads_user ON desk_threads (channel, user_id, state);

-- What the staff see in a thread: the bot's exchange before the hand-off, then the citizen's messages and staff replies.
-- A staff reply is stored (queued) before it is sent, claimed queued → sending by one sender, then finished.
CREATE TABLE desk_messages (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id   BIGINT NOT NULL REFERENCES desk_threads (id),
    author      TEXT NOT NULL,           -- citizen | bot | staff | platform (typed in the Page inbox / OA chat)
    staff_name  TEXT NULL,
    text        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    status      TEXT NULL,               -- staff replies: queued | sending | sent | delivered-on-poll | refused | unknown | failed | sandbox
    reason      TEXT NULL
);
CREATE INDEX ix_desk_messages_thread ON desk_messages (thread_id, id);

-- "Turn this answer into an FAQ entry": a draft for a DistrictAdmin. The FAQ editor (issue 16) adopts or dismisses it;
-- the official 17 differences are never edited from here.
CREATE TABLE faq_drafts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id   BIGINT NOT NULL REFERENCES desk_threads (id),
    message_id  BIGINT NOT NULL REFERENCES desk_messages (id),
    ward_id     TEXT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    state       TEXT NOT NULL DEFAULT 'draft',   -- draft | adopted | dismissed (set by the FAQ editor)
    decided_by  TEXT NULL,
    decided_at  TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX ux_faq_drafts_message ON faq_drafts (message_id);
