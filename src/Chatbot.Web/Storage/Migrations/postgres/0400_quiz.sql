-- Quiz attempts and answers as rows (issue 4). plan = the questions drawn and each one's option order, e.g.
-- "q07:0,1;q02:3,1,0,2" (question id : original option indices in display order), so a resumed attempt looks the same.
CREATE TABLE quiz_attempts (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quiz_id        TEXT NOT NULL,
    channel        TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    team_code      TEXT NULL,
    ward_id        TEXT NULL,
    plan           TEXT NOT NULL,
    question_count INTEGER NOT NULL,
    score          INTEGER NULL,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ NULL
);
CREATE INDEX ix_quiz_attempts_player ON quiz_attempts (quiz_id, channel, user_id);

-- One row per answered question; (attempt_id, question_index) is unique so a replayed answer is a no-op.
CREATE TABLE quiz_answers (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempt_id     BIGINT NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
    question_index INTEGER NOT NULL,
    question_id    TEXT NOT NULL,
    chosen         INTEGER NOT NULL,
    is_correct     INTEGER NOT NULL,
    activity_id    TEXT NULL,
    answered_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (attempt_id, question_index)
);
