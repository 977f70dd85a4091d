-- The brand's change feed and its webhooks (the outbox), as in migrations/sqlite/0012. Every change a brand must
-- act on is written to brand_changes in the transaction of the change itself, numbered by brand in commit order.

-- The last change number of each brand. Taking the next number locks the brand's row until commit, so numbers
-- become visible in order and a reader's cursor never passes a change that commits later with a smaller one.
CREATE TABLE change_counters (
    brand_id BIGINT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

CREATE TABLE brand_changes (
    brand_id    BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    msg_id      TEXT NOT NULL,
    type        TEXT NOT NULL,
    customer_id BIGINT NOT NULL DEFAULT 0,
    data        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, seq)
);

CREATE TABLE webhook_endpoints (
    id              BIGSERIAL,
    brand_id        BIGINT NOT NULL,
    url             TEXT NOT NULL,
    event_types     TEXT NOT NULL DEFAULT '',
    secret          TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    failing_since   BIGINT,
    disabled_at     BIGINT,
    disabled_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, id)
);

CREATE TABLE webhook_deliveries (
    id              BIGSERIAL,
    brand_id        BIGINT NOT NULL,
    endpoint_id     BIGINT NOT NULL,
    seq             BIGINT NOT NULL,
    msg_id          TEXT NOT NULL,
    type            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NOT NULL DEFAULT 0,
    last_code       INT NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (brand_id, endpoint_id, id DESC);
