-- A brand's own AI agents as OAuth clients of the brand API, and their access tokens (see the SQLite migration
-- 0028).
CREATE TABLE agent_clients (
    id           BIGSERIAL,
    brand_id     BIGINT NOT NULL,
    client_id    TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    name         TEXT NOT NULL,
    system_id    BIGINT NOT NULL,
    purpose_id   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, client_id)
);

CREATE TABLE agent_client_tokens (
    brand_id   BIGINT NOT NULL,
    token_hash TEXT NOT NULL,
    client     BIGINT NOT NULL,
    scope      TEXT NOT NULL,
    resource   TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, token_hash)
);
CREATE INDEX agent_client_tokens_client ON agent_client_tokens (brand_id, client, expires_at);
