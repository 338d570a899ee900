-- The W3C traceparent of the webhook request that stored the event (issue 18): the turn, run later and perhaps on
-- another instance, continues that trace, so webhook → inbox → turn → send reads as one trace.
ALTER TABLE inbox_events ADD COLUMN trace_parent TEXT;
