-- Who may use the admin listener: users with a role, their browser sessions and their API tokens, and the
-- append-only audit log of what they (and the server on their behalf) did.

-- A person who logs in. An agent user is one agent of agents.yaml; a supervisor supervises the listed queues.
CREATE TABLE app_user (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    password_hash  text NOT NULL,                  -- BCrypt ($2a$<cost>$...); never leaves the server
    role           text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
    agent_id       text UNIQUE,                    -- the agent this user is (role agent)
    queues         text[] NOT NULL DEFAULT '{}',   -- the queues this user supervises (role supervisor)
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'agent' OR agent_id IS NOT NULL)
);

-- A browser session: the cookie holds a random secret, the table only its SHA-256. A session ends at logout, after
-- the idle time without a request, after its maximum age, or when its user is disabled.
CREATE TABLE web_session (
    secret_hash    text PRIMARY KEY,               -- SHA-256 of the cookie's value, hex
    user_id        bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf_token     text NOT NULL,                  -- sent back in X-CSRF-Token on every state change
    created_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    address        text,
    user_agent     text
);
CREATE INDEX web_session_user ON web_session (user_id);

-- A bearer token for scripts; only its SHA-256 is kept. The secret is shown once, when it is created.
CREATE TABLE api_token (
    id             bigserial PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name           text NOT NULL,
    secret_hash    text NOT NULL UNIQUE,           -- SHA-256 of the token, hex
    prefix         text NOT NULL,                  -- the token's first characters, to recognise it in a list
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    last_used_at   timestamptz,
    revoked_at     timestamptz,
    revoked_by     text
);
CREATE INDEX api_token_user ON api_token (user_id);

-- What happened, by whom, from where: logins (success and failure), token creation and revocation, users' changes,
-- reloads, rollbacks, callback commands, and later configuration changes, forced agent states and listen/whisper/
-- barge. Rows are only ever added: the triggers below refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor          text NOT NULL,                  -- a username, 'local' (the CLI on the server's machine),
                                                   -- 'file change' (watchFiles) or what a failed login named
    actor_role     text,
    address        text,                           -- the client's address, when it came over HTTP
    action         text NOT NULL,                  -- e.g. login, login_failed, token_create, reload, rollback
    target         text,                           -- what it acted on: a user, a token id, a callback id, ...
    outcome        text NOT NULL CHECK (outcome IN ('success', 'failure')),
    before         jsonb,
    after          jsonb,
    detail         text
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
