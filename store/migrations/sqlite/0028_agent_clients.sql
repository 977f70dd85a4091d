-- A brand's own AI agents, as OAuth clients of the brand API (client credentials grant): each is one AI system of
-- the brand's registry reading for one purpose, so that every read it makes is recorded against them and shown to
-- the customer. client_id starts with the brand id (vac_<brand>_…) and a token too (vat_<brand>_…), so both are
-- looked up by (brand_id, …) and the tables stay distributable by brand. The secret and the tokens are kept
-- hashed (SHA-256), as API keys are: a copy of the database gives no one the brand's agents.
CREATE TABLE agent_clients (
    id           INTEGER PRIMARY KEY,
    brand_id     INTEGER NOT NULL REFERENCES brands (id),
    client_id    TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    name         TEXT NOT NULL,
    system_id    INTEGER NOT NULL,
    purpose_id   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    last_used_at INTEGER
);
CREATE UNIQUE INDEX agent_clients_brand_id ON agent_clients (brand_id, id);
CREATE UNIQUE INDEX agent_clients_client_id ON agent_clients (brand_id, client_id);

-- The access tokens handed out, an hour each; a client's expired ones go when it gets a new one.
CREATE TABLE agent_client_tokens (
    brand_id   INTEGER NOT NULL,
    token_hash TEXT NOT NULL,
    client     INTEGER NOT NULL,
    scope      TEXT NOT NULL,
    resource   TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (brand_id, token_hash)
) WITHOUT ROWID;
CREATE INDEX agent_client_tokens_client ON agent_client_tokens (brand_id, client, expires_at);
