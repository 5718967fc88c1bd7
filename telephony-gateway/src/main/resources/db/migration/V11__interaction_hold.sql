-- Hold from the agent desktop: how long the agent held the caller during the conversation. talk_seconds leaves it
-- out, so that handle time = talk + hold + wrap-up counts each second once. Null for a call never answered (and for
-- records written before this column).
ALTER TABLE interaction ADD COLUMN hold_seconds double precision;
-- Blind transfer from the agent desktop: the leg the agent transferred is recorded as "transferred" with the target in
-- transferred_to; the leg that follows gets a record of its own (call id <first call id>.t1, .t2, ...) whose
-- transferred_from names the call id of the leg it came from.
ALTER TABLE interaction ADD COLUMN transferred_from text;
