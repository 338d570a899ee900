-- The claim takes an event only when it is the first unfinished one of its conversation (InboxStore). Over the
-- conversation index that probe walks every finished event of the conversation too, and PostgreSQL, whose statistics
-- lag behind a growing backlog, planned it as an anti join over all unfinished events (issue 18: 1.4 ms a claim, 10 ms
-- with 2,500 pending). This index holds only unfinished events, so the probe is one index entry.
CREATE INDEX ix_inbox_events_unfinished ON inbox_events (conversation_key, id) WHERE state IN ('pending', 'processing');
