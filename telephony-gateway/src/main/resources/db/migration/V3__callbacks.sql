-- Callbacks: committed before the caller hears the confirmation, claimed before the customer is dialed.
--   pending   waits in line (not before not_before)
--   reserving an agent leg rings for it; the customer has not been dialed: back to pending after a crash
--   dialing   the customer dial was claimed for this attempt. After a crash the server asks Asterisk for
--             the witness the dial subroutine writes as it starts the dial (AstDB acd-callback/<id> =
--             the agent leg's unique id): present, the dial started and the callback ends failed as
--             dialed_before_restart; absent, it never started and the callback is pending again, the
--             lost attempt not counted
--   completed the customer and the agent talked
--   failed    the last attempt did not reach the customer, or a dial had started when the server crashed
--   cancelled by a command
CREATE TABLE callback (
    id               text PRIMARY KEY,
    original_call_id text,                          -- the call that asked for it (interaction.call_id)
    queue            text NOT NULL,
    number           text NOT NULL,
    priority         integer NOT NULL DEFAULT 0,
    skills           text NOT NULL DEFAULT '{}',    -- skill to minimum proficiency, as JSON
    enqueued_at      timestamptz NOT NULL,          -- when the original call joined the queue: its place in line
    requested_at     timestamptz NOT NULL,
    not_before       timestamptz,
    customer_data    text NOT NULL DEFAULT '{}',    -- what the flow chose to whisper to the agent, as JSON
    state            text NOT NULL CHECK (state IN ('pending', 'reserving', 'dialing', 'completed', 'failed',
                                                    'cancelled')),
    attempts         integer NOT NULL DEFAULT 0,    -- customer dials claimed
    outcome          text,                          -- the last attempt's: connected, no_answer, busy, unreachable,
                                                    -- agent_hung_up, agent_no_answer, dialed_before_restart,
                                                    -- cancelled
    merged_requests  integer NOT NULL DEFAULT 0,    -- later requests for the same number and queue folded in
    agent            text,
    leg_call_id      text,                          -- the agent leg's unique id: the callback's own interaction
    claimed_at       timestamptz,
    connected_at     timestamptz,
    ended_at         timestamptz
);
-- At most one open callback per number and queue: a second request is merged into it.
CREATE UNIQUE INDEX callback_open_per_number ON callback (queue, number)
    WHERE state IN ('pending', 'reserving', 'dialing');
CREATE INDEX callback_state ON callback (state);

ALTER TABLE interaction DROP CONSTRAINT interaction_outcome_check;
ALTER TABLE interaction ADD CONSTRAINT interaction_outcome_check
    CHECK (outcome IN ('answered', 'abandoned_in_ivr', 'abandoned_in_queue', 'self_service', 'no_agent', 'failed',
                       'transferred', 'callback_requested'));
