-- Active/standby (lease: in acd.yaml): two servers share this database; one routes while it holds the lease.
--
-- routing_lease: the one lease row. Its holder renews it every lease.renewSeconds; once it has run out
-- (expires_at in the past, by the database's clock), a standby takes it over with a token one higher. Every
-- routing-affecting write (waiting places, agent presence, callback requests, reservations and dial claims)
-- checks the writer's token against this row, share-locking it for the transaction (a fencing token): a
-- server that lost the lease while it was paused or cut off writes nothing, and a takeover waits for writes
-- in flight to commit.
CREATE TABLE routing_lease (
    name        text PRIMARY KEY,
    holder      text NOT NULL,          -- lease.node of the server holding it
    token       bigint NOT NULL,        -- one higher at every takeover
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- A waiting call's place, stored when the call joins a queue and again when it changes (escalation, overflow);
-- removed when an agent answers or the call leaves the queue. When the active server dies, its callers' AGI
-- sessions end and the dialplan sends them to the standby, which puts each back at its stored place.
CREATE TABLE waiting_place (
    call_id          text PRIMARY KEY,   -- Asterisk's unique id: the same when the caller comes back
    queue            text NOT NULL,
    priority         integer NOT NULL,
    enqueued_at      timestamptz NOT NULL,
    sequence         bigint NOT NULL,    -- arrival order in the routing core of the writer (token)
    required_skills  text NOT NULL DEFAULT '{}',
    own_skills       text NOT NULL DEFAULT '{}',
    escalation_steps integer NOT NULL DEFAULT 0,
    history          text NOT NULL DEFAULT '[]',
    step             text NOT NULL DEFAULT '',  -- the flow step that queued the call, where it goes on
    token            bigint NOT NULL,
    stored_at        timestamptz NOT NULL DEFAULT now()
);

-- What each agent last chose (ready, not ready with a reason, signed out), so that a standby taking over
-- keeps it. Agents not listed are ready, as at any start.
CREATE TABLE agent_presence (
    agent_id   text PRIMARY KEY,
    state      text NOT NULL CHECK (state IN ('ready', 'not_ready', 'logged_out')),
    reason     text,
    token      bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
