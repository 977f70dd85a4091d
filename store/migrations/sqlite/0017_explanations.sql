-- Explanations of automated decisions (GDPR Art. 15(1)(h) and 22, AI Act Art. 86): how a deciding system decides,
-- the factors it may weigh, what counted in each decision, and the customer's review, point of view or contest.

-- How the system decides, in general, per locale; and whether the brand sends what would have changed a decision.
ALTER TABLE ai_system_texts ADD COLUMN decides TEXT NOT NULL DEFAULT '';
ALTER TABLE ai_systems ADD COLUMN counterfactuals INTEGER NOT NULL DEFAULT 0;

-- The factors a deciding system may weigh. registered 0: an event named the key and nobody described it.
CREATE TABLE decision_factors (
    brand_id      INTEGER NOT NULL,
    system_id     INTEGER NOT NULL REFERENCES ai_systems(id),
    factor_key    TEXT NOT NULL,
    data_category TEXT NOT NULL DEFAULT '',
    registered    INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (brand_id, system_id, factor_key)
) WITHOUT ROWID;
CREATE TABLE decision_factor_texts (
    brand_id   INTEGER NOT NULL,
    system_id  INTEGER NOT NULL,
    factor_key TEXT NOT NULL,
    locale     TEXT NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (brand_id, system_id, factor_key, locale)
) WITHOUT ROWID;

-- What the brand said counted in one decision, as JSON (store.Explanation), by the brand's own event id.
CREATE TABLE event_explanations (
    brand_id  INTEGER NOT NULL,
    event_key TEXT NOT NULL,
    system_id INTEGER NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (brand_id, event_key)
) WITHOUT ROWID;

-- Per deciding system, decisions received and those sent with their factors, kept in step by ingest so that
-- /admin reads the share without counting events.
CREATE TABLE decision_coverage (
    brand_id  INTEGER NOT NULL,
    system_id INTEGER NOT NULL,
    decisions INTEGER NOT NULL DEFAULT 0,
    explained INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, system_id)
) WITHOUT ROWID;

-- A customer may ask for a review, give their point of view and contest the same decision, each once: the
-- table is rebuilt without its old UNIQUE (event_id). due_at is when the brand must answer (one month, GDPR
-- Art. 12(3)).
CREATE TABLE review_requests_new (
    id           INTEGER PRIMARY KEY,
    brand_id     INTEGER NOT NULL REFERENCES brands(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    event_id     INTEGER NOT NULL REFERENCES usage_events(id),
    kind         TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('review', 'point_of_view', 'contest')),
    message      TEXT NOT NULL DEFAULT '',
    method       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    due_at       INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reviewed')),
    outcome      TEXT NOT NULL DEFAULT '',
    reviewed_by  TEXT NOT NULL DEFAULT '',
    reviewed_at  INTEGER,
    outcome_lang TEXT NOT NULL DEFAULT ''
);
INSERT INTO review_requests_new (id, brand_id, customer_id, event_id, kind, message, method, created_at, due_at, status,
    outcome, reviewed_by, reviewed_at, outcome_lang)
SELECT id, brand_id, customer_id, event_id, 'review', message, method, created_at, created_at + 30 * 86400, status,
    outcome, reviewed_by, reviewed_at, outcome_lang FROM review_requests;
DROP TABLE review_requests;
ALTER TABLE review_requests_new RENAME TO review_requests;
CREATE UNIQUE INDEX review_requests_brand_event ON review_requests (brand_id, event_id, kind);
CREATE INDEX review_requests_queue ON review_requests (brand_id, status, created_at);
CREATE INDEX review_requests_customer ON review_requests (customer_id, created_at DESC);
