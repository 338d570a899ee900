-- Every change of an event's state adds to every index of inbox_events (issue 18). The conversation index goes: nothing
-- reads it since the claim probes ix_inbox_events_unfinished. (The claim index stays whole here: SQLite uses a partial
-- index only when the query repeats its WHERE term, and the claim asks for one state at a time.)
DROP INDEX ix_inbox_events_conversation;
