-- The brand's change feed and its webhooks (the outbox). Every change a brand must act on (a consent given or
-- refused, a review asked for or answered, a rights request, a consent violation, a registry change) is written
-- to brand_changes in the transaction of the change itself, numbered by brand in commit order; webhooks are
-- delivered from there, so a crash between a change and its delivery loses nothing.

-- The last change number of each brand. Taking the next number locks the brand's row until commit, so numbers
-- become visible in order and a reader's cursor never passes a change that commits later with a smaller one.
CREATE TABLE change_counters (
    brand_id INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

CREATE TABLE brand_changes (
    brand_id    INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    msg_id      TEXT NOT NULL,    -- the id webhooks carry (webhook-id), the same on every retry
    type        TEXT NOT NULL,
    customer_id INTEGER NOT NULL DEFAULT 0,
    data        TEXT NOT NULL,    -- the change as JSON, as the feed and webhooks show it
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (brand_id, seq)
) WITHOUT ROWID;

CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY,
    brand_id        INTEGER NOT NULL REFERENCES brands (id),
    url             TEXT NOT NULL,
    event_types     TEXT NOT NULL DEFAULT '', -- comma-separated; empty means every type
    secret          TEXT NOT NULL,            -- whsec_ followed by the base64 key, as Standard Webhooks spells it
    description     TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    failing_since   INTEGER,                  -- first failure since the last success
    disabled_at     INTEGER,
    disabled_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX webhook_endpoints_brand_id ON webhook_endpoints (brand_id, id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    brand_id        INTEGER NOT NULL,
    endpoint_id     INTEGER NOT NULL,
    seq             INTEGER NOT NULL,          -- the change delivered; 0 for a test event
    msg_id          TEXT NOT NULL,
    type            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER NOT NULL DEFAULT 0, -- a server sending it holds it until then
    last_code       INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE UNIQUE INDEX webhook_deliveries_brand_id ON webhook_deliveries (brand_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (brand_id, endpoint_id, id DESC);
