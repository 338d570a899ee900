-- Issue 12: what the bot did not answer becomes a review queue; staff assign a question to a difference or an FAQ
-- entry (an example question the index learns from on every instance) or mark it out of scope.
-- Issue 13 point 6: a question knows its ward (null = unknown, seen by DistrictAdmin only).
ALTER TABLE unanswered_questions ADD COLUMN ward_id TEXT NULL;
-- none (not the topic) | support (an app or public service) | clarify_rejected ("Không phải") | clarify_chosen (tapped one)
ALTER TABLE unanswered_questions ADD COLUMN outcome TEXT NOT NULL DEFAULT 'none';
ALTER TABLE unanswered_questions ADD COLUMN candidates TEXT NULL;   -- difference numbers offered, best first: "8,9,2"
ALTER TABLE unanswered_questions ADD COLUMN chosen INTEGER NULL;    -- the difference the citizen tapped
ALTER TABLE unanswered_questions ADD COLUMN resolution TEXT NULL;   -- example:<id> | out_of_scope
ALTER TABLE unanswered_questions ADD COLUMN resolved_by TEXT NULL;
ALTER TABLE unanswered_questions ADD COLUMN resolved_at TIMESTAMPTZ NULL;
CREATE INDEX ix_unanswered_questions_ward ON unanswered_questions (ward_id, handled);

-- Example questions staff assigned; the official text is never here. A removed row stays for the record.
CREATE TABLE knowledge_examples (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text        TEXT NOT NULL,
    difference  INTEGER NULL,
    faq_id      TEXT NULL,
    ward_id     TEXT NULL,        -- the ward of the staff member who added it (null: DistrictAdmin)
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    removed_by  TEXT NULL,
    removed_at  TIMESTAMPTZ NULL,
    CHECK ((difference IS NULL) <> (faq_id IS NULL))
);

-- One number every instance compares before answering: it changes with every example added or removed, so each
-- instance rebuilds its index at once, without a restart.
CREATE TABLE knowledge_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO knowledge_revision (id, revision) VALUES (1, 0);
