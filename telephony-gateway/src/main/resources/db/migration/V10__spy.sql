-- Listening to agents' calls: a supervisor's own phone, which the server rings into ChanSpy, and every use of it.

-- The phone a user (a supervisor or an admin) listens on: a dial string such as PJSIP/sup1.
CREATE TABLE user_phone (
    user_id        bigint PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    endpoint       text NOT NULL CHECK (endpoint ~ '^[A-Za-z][A-Za-z0-9_]*/[A-Za-z0-9@._/+:-]{1,120}$'),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One listen, whisper or barge: who, whom (the agent and the call), the mode asked, when the supervisor's phone
-- joined the agent's channel (Asterisk's ChanSpyStart), when it left, and how long it lasted.
CREATE TABLE spy_session (
    id             bigserial PRIMARY KEY,
    supervisor     text NOT NULL,                  -- the username who asked
    agent_id       text NOT NULL,
    call_id        text NOT NULL,                  -- the caller's channel unique id (the interaction's call id)
    agent_channel  text NOT NULL,                  -- the channel spied on, as the server named it to Asterisk
    phone          text NOT NULL,                  -- the supervisor's phone that was rung
    mode           text NOT NULL CHECK (mode IN ('listen', 'whisper', 'barge')),  -- the mode asked first
    requested_at   timestamptz NOT NULL,
    started_at     timestamptz,                    -- ChanSpyStart: null when the phone never joined
    ended_at       timestamptz,
    duration_ms    bigint,                         -- ended_at - started_at (0 when it never joined)
    end_reason     text
);
CREATE INDEX spy_session_requested ON spy_session (requested_at);

-- Each switch of mode during a spy, in order.
CREATE TABLE spy_mode_change (
    spy_id         bigint NOT NULL REFERENCES spy_session (id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    mode           text NOT NULL CHECK (mode IN ('listen', 'whisper', 'barge')),
    changed_by     text NOT NULL
);
CREATE INDEX spy_mode_change_spy ON spy_mode_change (spy_id, at);
