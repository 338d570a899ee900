-- Who holds a claimed inbox event: the lease is renewed, and the outcome recorded, only by the holder of this token
-- (Channels/Inbox/InboxLease.cs), so a worker whose lease ran out cannot overwrite the next owner's result.
ALTER TABLE inbox_events ADD COLUMN claim_token TEXT;
