-- Measures: the agent-state history, and interval aggregates per queue, per flow and per agent, kept up to date as
-- records are stored (in the same transaction), so that reports read aggregates and never all the records.
-- Interval starts are 15-minute boundaries as instants (every time zone in use today is a whole number of quarter
-- hours from UTC, so a quarter hour is the same in all of them); reports add them up into hours and days in the
-- configured time zone. See docs/kpi.md for every formula.

-- Every change of an agent's activity. A row lasts until the next row of the same agent.
CREATE TABLE agent_state (
    id               bigserial PRIMARY KEY,
    event_id         text NOT NULL UNIQUE,       -- unique per change: a replayed change is stored once
    agent            text NOT NULL,
    state            text NOT NULL CHECK (state IN ('logged_in', 'ready', 'not_ready', 'ringing', 'on_call',
                                                    'on_hold', 'wrap_up', 'logged_out', 'unavailable')),
    reason           text,                       -- the not-ready reason
    cause            text NOT NULL CHECK (cause IN ('feature_code', 'desktop', 'supervisor', 'ring_no_answer',
                                                    'phone_unregistered', 'system')),
    call_id          text,                       -- the call rung for, talked to, held or wrapped up
    queue            text,                       -- that call's queue
    call_enqueued_at timestamptz,                -- when that call entered its queue
    at               timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_state_agent_at ON agent_state (agent, at, id);
CREATE INDEX agent_state_call ON agent_state (call_id) WHERE call_id IS NOT NULL;

-- First-contact resolution: an answered contact is marked once the same caller number calls again within the window.
ALTER TABLE interaction ADD COLUMN recontacted boolean NOT NULL DEFAULT false;
CREATE INDEX interaction_caller_started_at ON interaction (caller_number, started_at);

-- Per queue and quarter hour of entering the queue: calls offered and how they ended, waits, handle times, surveys.
CREATE TABLE queue_interval (
    queue                        text NOT NULL,
    interval_start               timestamptz NOT NULL,
    offered                      integer NOT NULL DEFAULT 0,  -- inbound calls that entered the queue
    answered                     integer NOT NULL DEFAULT 0,
    answered_in_target           integer NOT NULL DEFAULT 0,  -- answered with a wait <= the queue's T
    answered_wait_seconds        double precision NOT NULL DEFAULT 0,
    abandoned                    integer NOT NULL DEFAULT 0,  -- hung up in queue, not short
    abandoned_in_target          integer NOT NULL DEFAULT 0,  -- of those, within T
    abandoned_wait_seconds       double precision NOT NULL DEFAULT 0,
    short_abandoned              integer NOT NULL DEFAULT 0,  -- hung up in queue sooner than the threshold
    short_abandoned_wait_seconds double precision NOT NULL DEFAULT 0,
    longest_wait_seconds         double precision NOT NULL DEFAULT 0,
    callbacks_requested          integer NOT NULL DEFAULT 0,
    not_served                   integer NOT NULL DEFAULT 0,  -- left the queue to the flow's fallback
    handled                      integer NOT NULL DEFAULT 0,  -- answered calls and completed callbacks
    talk_seconds                 double precision NOT NULL DEFAULT 0,  -- from the agent-state history
    hold_seconds                 double precision NOT NULL DEFAULT 0,
    wrap_up_seconds              double precision NOT NULL DEFAULT 0,
    callbacks_completed          integer NOT NULL DEFAULT 0,
    callbacks_failed             integer NOT NULL DEFAULT 0,  -- callbacks whose last attempt failed
    callback_attempts_failed     integer NOT NULL DEFAULT 0,
    fcr_contacts                 integer NOT NULL DEFAULT 0,  -- answered contacts with a caller number
    fcr_repeated                 integer NOT NULL DEFAULT 0,  -- of those, called again within the window
    csat_count                   integer NOT NULL DEFAULT 0,
    csat_sum                     integer NOT NULL DEFAULT 0,
    csat_top                     integer NOT NULL DEFAULT 0,  -- answers 4 or 5
    nps_count                    integer NOT NULL DEFAULT 0,
    nps_promoters                integer NOT NULL DEFAULT 0,  -- 9 or 10
    nps_detractors               integer NOT NULL DEFAULT 0,  -- 0 to 6
    ces_count                    integer NOT NULL DEFAULT 0,
    ces_sum                      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (queue, interval_start)
);
CREATE INDEX queue_interval_start ON queue_interval (interval_start);

-- Per flow and quarter hour of the call's start: every inbound call and how it ended.
CREATE TABLE call_interval (
    flow                 text NOT NULL,
    interval_start       timestamptz NOT NULL,
    calls                integer NOT NULL DEFAULT 0,
    self_service         integer NOT NULL DEFAULT 0,
    abandoned_in_ivr     integer NOT NULL DEFAULT 0,
    queued               integer NOT NULL DEFAULT 0,
    answered             integer NOT NULL DEFAULT 0,
    abandoned_in_queue   integer NOT NULL DEFAULT 0,
    callback_requested   integer NOT NULL DEFAULT 0,
    no_agent             integer NOT NULL DEFAULT 0,
    transferred          integer NOT NULL DEFAULT 0,
    failed               integer NOT NULL DEFAULT 0,
    PRIMARY KEY (flow, interval_start)
);
CREATE INDEX call_interval_start ON call_interval (interval_start);

-- Per agent and quarter hour: time in each state (split at quarter-hour boundaries), calls answered, offers missed.
-- Signed-in time is the sum of the state columns. Not-ready time by reason is in agent_reason_interval.
CREATE TABLE agent_interval (
    agent                text NOT NULL,
    interval_start       timestamptz NOT NULL,
    ready_seconds        double precision NOT NULL DEFAULT 0,
    not_ready_seconds    double precision NOT NULL DEFAULT 0,
    ringing_seconds      double precision NOT NULL DEFAULT 0,
    talk_seconds         double precision NOT NULL DEFAULT 0,
    hold_seconds         double precision NOT NULL DEFAULT 0,
    wrap_up_seconds      double precision NOT NULL DEFAULT 0,
    unavailable_seconds  double precision NOT NULL DEFAULT 0,
    calls_answered       integer NOT NULL DEFAULT 0,  -- entries into on_call (a return from hold not counted)
    missed_offers        integer NOT NULL DEFAULT 0,  -- entries caused by a ring-no-answer
    PRIMARY KEY (agent, interval_start)
);
CREATE INDEX agent_interval_start ON agent_interval (interval_start);

-- Per agent, quarter hour and not-ready reason: time not ready for it, and pauses begun.
CREATE TABLE agent_reason_interval (
    agent            text NOT NULL,
    interval_start   timestamptz NOT NULL,
    reason           text NOT NULL,
    seconds          double precision NOT NULL DEFAULT 0,
    entries          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (agent, interval_start, reason)
);
CREATE INDEX agent_reason_interval_start ON agent_reason_interval (interval_start);
