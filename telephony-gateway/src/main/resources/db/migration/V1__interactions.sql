-- One row per call: what the caller did in the IVR, where the call went, and how it ended.
CREATE TABLE interaction (
    id             bigserial PRIMARY KEY,
    call_id        text NOT NULL UNIQUE,          -- Asterisk's unique id of the caller's channel
    caller_number  text,
    flow           text,
    ivr_path       text[] NOT NULL DEFAULT '{}',  -- steps entered and menu keys chosen, in order
    last_step      text,
    queue          text,
    agent          text,
    started_at     timestamptz NOT NULL,
    enqueued_at    timestamptz,
    answered_at    timestamptz,
    ended_at       timestamptz,
    wait_seconds   double precision,
    talk_seconds   double precision,
    outcome        text NOT NULL CHECK (outcome IN ('answered', 'abandoned_in_ivr', 'abandoned_in_queue',
                                                    'self_service', 'no_agent', 'failed')),
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interaction_started_at ON interaction (started_at);
CREATE INDEX interaction_queue_started_at ON interaction (queue, started_at);
