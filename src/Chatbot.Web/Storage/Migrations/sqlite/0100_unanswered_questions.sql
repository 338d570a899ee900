-- Questions the bot was not sure about, for staff to read and answer in the content (issue 3). One row per ask;
-- staff see them grouped by text with a count. No personal data beyond the conversation id.
CREATE TABLE unanswered_questions (
    id              INTEGER PRIMARY KEY,
    text            TEXT NOT NULL,
    channel         TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    asked_at        TEXT NOT NULL,
    handled         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX ix_unanswered_questions_open ON unanswered_questions (handled, asked_at);
