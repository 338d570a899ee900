-- A reply of a native-channel turn is claimed under a key naming its inbox event and its place among that turn's
-- messages ("<dedupe_key>#0", "#1"...) before it is sent: when a crashed instance's event is handled again, a message
-- that already has a row is not sent a second time (Channels/Outbound/ReplyDelivery.cs). NULL for other sends
-- (notifications); NULLs never conflict in a unique index.
ALTER TABLE outbound_log ADD COLUMN reply_key TEXT;
CREATE UNIQUE INDEX ux_outbound_log_reply_key ON outbound_log (reply_key);

-- Which instance claimed an inbox event (Inbox:InstanceId): a restarted instance takes its own dead claims back at
-- once instead of waiting for their lease to run out.
ALTER TABLE inbox_events ADD COLUMN claimed_by TEXT;
