-- Every change of an event's state is an UPDATE that cannot be HOT (state is indexed), so it adds an entry to every index
-- of inbox_events, and each event changes state twice (claimed, done): issue 18 counted seven indexes. Two go:
-- the conversation index, which nothing reads since the claim probes ix_inbox_events_unfinished; and the claim index's
-- entries for finished events (almost every row): the claim, the parked list and the telemetry read only pending,
-- processing or parked events, so a finished event now leaves that index instead of adding to it.
DROP INDEX ix_inbox_events_conversation;
DROP INDEX ix_inbox_events_claim;
CREATE INDEX ix_inbox_events_claim ON inbox_events (state, id) WHERE state IN ('pending', 'processing', 'parked');
