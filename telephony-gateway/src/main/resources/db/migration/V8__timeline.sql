-- The agent desktop's customer timeline reads a caller's contacts newest first, a page at a time, by caller number
-- (interaction_caller_started_at, from V5), and joins each to the callback it asked for: that join needs this index.
CREATE INDEX callback_original_call ON callback (original_call_id) WHERE original_call_id IS NOT NULL;
