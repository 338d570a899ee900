-- Issue 16: community tech teams and the ward details staff keep current live in the database. They are seeded from
-- dialogs/units/{teams,wards}.yaml on first use (ward_registry.seeded); after that the database wins over the files.
CREATE TABLE community_teams (
    code        TEXT PRIMARY KEY,        -- the code quiz links carry (SG01A1); never reused, so past results stay its own
    ward_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,   -- 0: deactivated; its quiz link says so politely, its results stay
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ix_community_teams_ward ON community_teams (ward_id, code);

CREATE TABLE ward_details (
    ward_id       TEXT PRIMARY KEY,
    display_name  TEXT NOT NULL,
    office_hours  TEXT NOT NULL,   -- one span a line, as wards.yaml writes them: "T2-T6 07:30-11:30"
    address       TEXT NULL,
    hotline       TEXT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- One number every instance compares before reading teams or ward details: each change bumps it in the same
-- transaction, so every instance sees the change at once, without a restart.
CREATE TABLE ward_registry (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    revision  BIGINT NOT NULL,
    seeded    INTEGER NOT NULL
);
INSERT INTO ward_registry (id, revision, seeded) VALUES (1, 0, 0);
