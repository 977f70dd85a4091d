-- A customer's request that a person review an automated decision (GDPR Art. 22), and its outcome.
CREATE TABLE review_requests (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    event_id    INTEGER NOT NULL REFERENCES usage_events(id),
    message     TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reviewed')),
    outcome     TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at INTEGER,
    UNIQUE (event_id)
);
CREATE INDEX review_requests_queue ON review_requests (brand_id, status, created_at);
CREATE INDEX review_requests_customer ON review_requests (customer_id, created_at DESC);
