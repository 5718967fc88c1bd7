-- What the agent wrote after a call on the agent desktop: the wrap-up code and the note. One row per call, joined to
-- its interaction record by call_id. A row of its own rather than columns of interaction: the record is written in
-- batches (and spooled while the database is down), so the agent's wrap-up may well arrive before it.
CREATE TABLE interaction_wrap_up (
    call_id     text PRIMARY KEY,
    agent       text NOT NULL,
    code        text,
    note        text NOT NULL DEFAULT '',
    wrapped_at  timestamptz NOT NULL DEFAULT now()
);
