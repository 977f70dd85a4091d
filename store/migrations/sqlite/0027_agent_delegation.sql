-- Agents acting for someone else (agent_access events): the delegation chain the brand sent, in the shape of the
-- act claim of RFC 8693 (the outermost object is the agent that read the data, each nested act the one it acts
-- for), kept as JSON; NULL for events without one.
ALTER TABLE usage_events ADD COLUMN act TEXT;

-- Every agent seen in a brand's agent_access events, at any level of a chain (or the actor of an event without
-- one), kept up to date at ingest so that the coverage page can flag agents missing from the registry without
-- reading the events.
CREATE TABLE agent_actors (
    brand_id   INTEGER NOT NULL,
    sub        TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT '',
    org        TEXT NOT NULL DEFAULT '',
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    uses       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, sub)
) WITHOUT ROWID;
