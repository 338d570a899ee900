-- Zalo CS messages are free up to 8 within 48 h of the citizen's last message (platforms.md §1.5); the count restarts
-- when they write again. One row per Zalo user: when they last wrote and how many CS messages (bot replies and ward
-- notifications) were sent to them since, so the fan-out never spends money silently.
CREATE TABLE zalo_cs_quota (
    user_id             TEXT PRIMARY KEY,
    last_interaction_at TIMESTAMPTZ,
    sent_since          INTEGER NOT NULL DEFAULT 0
);
