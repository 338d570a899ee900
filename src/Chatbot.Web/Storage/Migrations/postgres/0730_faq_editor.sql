-- Issue 16: the FAQ lives in the database, edited in the console (/admin/faq) and /api/faq. Seeded once from
-- dialogs/knowledge/faq.yaml (faq_state.seeded_at); from then on the database wins.
-- An entry in force: its current text and the version it is at (a save names the version it edits: optimistic
-- concurrency). A deleted entry keeps its row (deleted_at) and can be restored.
CREATE TABLE faq_entries (
    id          TEXT PRIMARY KEY,          -- lower case without diacritics, joined by "-" (cds-la-gi)
    position    INTEGER NOT NULL,          -- order in the list and the export (the file's order, new ones last)
    version     INTEGER NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    related     TEXT NOT NULL,             -- JSON array of difference numbers (1–17)
    keywords    TEXT NOT NULL,             -- JSON array of strings
    questions   TEXT NOT NULL,             -- JSON array of example questions
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    deleted_by  TEXT NULL,
    deleted_at  TIMESTAMPTZ NULL
);

-- Every version of every entry, never changed: what a rollback goes back to and what the history's diff compares.
CREATE TABLE faq_versions (
    faq_id      TEXT NOT NULL REFERENCES faq_entries (id),
    version     INTEGER NOT NULL,
    action      TEXT NOT NULL,             -- seed | create | edit | delete | restore | rollback | import
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    related     TEXT NOT NULL,
    keywords    TEXT NOT NULL,
    questions   TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    note        TEXT NULL,                 -- e.g. the version a rollback went back to
    PRIMARY KEY (faq_id, version)
);

CREATE TABLE faq_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seeded_at  TIMESTAMPTZ NULL
);
INSERT INTO faq_state (id, seeded_at) VALUES (1, NULL);

-- Example questions and synonyms a DistrictAdmin added to one of the 17 differences (the official text stays in
-- dialogs/). A removed row stays, with who removed it and when.
CREATE TABLE difference_additions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    difference  INTEGER NOT NULL CHECK (difference BETWEEN 1 AND 17),
    kind        TEXT NOT NULL CHECK (kind IN ('question', 'synonym')),
    text        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    removed_by  TEXT NULL,
    removed_at  TIMESTAMPTZ NULL
);
CREATE INDEX ix_difference_additions_difference ON difference_additions (difference, removed_at);
