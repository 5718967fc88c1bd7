-- Flows: survey answers and transfers in the interaction record, messages left in voicemail, every activation of a
-- flow version, and the demo customer table that flows look up.

ALTER TABLE interaction ADD COLUMN csat smallint CHECK (csat BETWEEN 1 AND 5);
ALTER TABLE interaction ADD COLUMN nps smallint CHECK (nps BETWEEN 0 AND 10);
ALTER TABLE interaction ADD COLUMN ces smallint CHECK (ces BETWEEN 1 AND 5);
ALTER TABLE interaction ADD COLUMN transferred_to text;
ALTER TABLE interaction DROP CONSTRAINT interaction_outcome_check;
ALTER TABLE interaction ADD CONSTRAINT interaction_outcome_check CHECK (outcome IN ('answered', 'abandoned_in_ivr',
    'abandoned_in_queue', 'self_service', 'no_agent', 'failed', 'transferred'));

-- A message a caller left; status 'new' until it is routed to an agent as work.
CREATE TABLE voicemail (
    id             bigserial PRIMARY KEY,
    call_id        text NOT NULL UNIQUE,
    mailbox        text NOT NULL,
    caller_number  text,
    file           text NOT NULL,               -- where Asterisk stored it, without extension
    format         text NOT NULL,
    seconds        double precision,
    created_at     timestamptz NOT NULL DEFAULT now(),
    status         text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'done')),
    agent          text
);
CREATE INDEX voicemail_new ON voicemail (mailbox, created_at) WHERE status = 'new';

-- Each activation of a flow's content: which version, its hash, who activated it and when.
CREATE TABLE flow_version (
    id             bigserial PRIMARY KEY,
    flow           text NOT NULL,
    version        integer NOT NULL,
    content_hash   text NOT NULL,               -- SHA-256 of the file's text, hex
    content        text NOT NULL,
    activated_by   text NOT NULL,
    activated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (flow, version)
);

-- Demo customer data for look-ups (see config/queries.yaml).
CREATE TABLE customer (
    phone          text PRIMARY KEY,
    name           text NOT NULL,
    balance        numeric(12, 2) NOT NULL DEFAULT 0,
    vip            boolean NOT NULL DEFAULT false,
    language       text NOT NULL DEFAULT 'en'
);
INSERT INTO customer (phone, name, balance, vip) VALUES
    ('5550100', 'Ada Demo', 1250.50, true),
    ('5550101', 'Bo Demo', 42.00, false),
    ('5550102', 'Cy Demo', 0.00, false);
