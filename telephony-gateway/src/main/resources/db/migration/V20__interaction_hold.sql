-- Hold from the agent desktop: how long the agent held the caller during the conversation. talk_seconds leaves it
-- out, so that handle time = talk + hold + wrap-up counts each second once. Null for a call never answered (and for
-- records written before this column).
ALTER TABLE interaction ADD COLUMN hold_seconds double precision;
