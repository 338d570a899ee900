-- Comments on published ward posts (Facebook Page comments, platforms.md §6) and the one private reply each may get.
-- One row per comment, written before the reply is sent: a comment is answered once, never twice; the post detail page
-- counts them. kind: answer | quiz | pointer | none (nothing to say); status: the send's outcome (sendoutcome status).
CREATE TABLE comment_replies (
    platform   TEXT NOT NULL,
    comment_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    post_id    BIGINT NOT NULL,
    platform_post_id TEXT NOT NULL,
    ward_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, comment_id)
);
CREATE INDEX comment_replies_post ON comment_replies (channel_id, platform_post_id);
