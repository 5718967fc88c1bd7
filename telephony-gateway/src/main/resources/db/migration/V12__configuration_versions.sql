-- Every activation of a configuration whose files differ from the last stored one: the full text of each file the
-- configuration is made of (skills, schedules, queries, queues, agents and the flows; not acd.yaml, whose start-up
-- settings and secrets are no part of a version), who activated it, how, and when. Any version can be activated
-- again: its files are written back and reloaded. Rows are only ever added.
CREATE TABLE config_version (
    number         integer PRIMARY KEY,
    activated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor          text NOT NULL,                  -- a username, 'local', 'file change' or 'startup (<os user>)'
    source         text NOT NULL CHECK (source IN ('startup', 'reload', 'file', 'api', 'rollback')),
    detail         text,                           -- e.g. 'rollback to version 3', 'PUT /api/queues/sales'
    content_hash   text NOT NULL,                  -- SHA-256 over the files' names and texts, hex
    files          jsonb NOT NULL                  -- {"queues.yaml": "...", "flows/main.yaml": "..."}
);

CREATE FUNCTION config_version_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'config_version is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER config_version_no_update_or_delete BEFORE UPDATE OR DELETE ON config_version
    FOR EACH ROW EXECUTE FUNCTION config_version_is_append_only();
