-- Foundation: brands, their AI registry, customers, usage events, the rollups pages read, consents and sessions.
-- Times are Unix seconds (UTC). Rollup days are whole days since 1970-01-01 UTC.

CREATE TABLE brands (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    default_locale TEXT NOT NULL DEFAULT 'en',
    timezone       TEXT NOT NULL DEFAULT 'UTC',
    theme          TEXT NOT NULL DEFAULT '{}',
    embed_origins  TEXT NOT NULL DEFAULT '',
    policy_version TEXT NOT NULL DEFAULT '1',
    privacy_email  TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);

-- Signing secrets for embed and session tokens; several per brand so that a secret can be rotated.
CREATE TABLE brand_keys (
    id         INTEGER PRIMARY KEY,
    brand_id   INTEGER NOT NULL REFERENCES brands(id),
    kid        TEXT NOT NULL,
    secret     BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER,
    UNIQUE (brand_id, kid)
);

CREATE TABLE ai_systems (
    id                 INTEGER PRIMARY KEY,
    brand_id           INTEGER NOT NULL REFERENCES brands(id),
    slug               TEXT NOT NULL,
    name               TEXT NOT NULL,
    vendor             TEXT NOT NULL DEFAULT '',
    deployment         TEXT NOT NULL CHECK (deployment IN ('vendor_tool', 'in_house', 'external_agent')),
    learns             INTEGER NOT NULL DEFAULT 0,
    risk_level         TEXT NOT NULL DEFAULT 'minimal' CHECK (risk_level IN ('minimal', 'limited', 'high')),
    automated_decision INTEGER NOT NULL DEFAULT 0,
    retention          TEXT NOT NULL DEFAULT '',
    owner_team         TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    doc_url            TEXT NOT NULL DEFAULT '',
    registered         INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (brand_id, slug)
);

-- Plain-language texts of a system, one row per locale.
CREATE TABLE ai_system_texts (
    system_id    INTEGER NOT NULL REFERENCES ai_systems(id),
    locale       TEXT NOT NULL,
    what         TEXT NOT NULL DEFAULT '',
    how          TEXT NOT NULL DEFAULT '',
    human_review TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (system_id, locale)
) WITHOUT ROWID;

CREATE TABLE purposes (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands(id),
    slug        TEXT NOT NULL,
    legal_basis TEXT NOT NULL CHECK (legal_basis IN ('consent', 'contract', 'legitimate_interest', 'legal_obligation', 'vital_interest', 'public_task')),
    refusable   INTEGER NOT NULL DEFAULT 0,
    is_training INTEGER NOT NULL DEFAULT 0,
    dpv         TEXT NOT NULL DEFAULT '',
    tcf_purpose INTEGER NOT NULL DEFAULT 0,
    fides_use   TEXT NOT NULL DEFAULT '',
    registered  INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    UNIQUE (brand_id, slug)
);

CREATE TABLE purpose_texts (
    purpose_id  INTEGER NOT NULL REFERENCES purposes(id),
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    aim         TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (purpose_id, locale)
) WITHOUT ROWID;

CREATE TABLE data_categories (
    id         INTEGER PRIMARY KEY,
    brand_id   INTEGER NOT NULL REFERENCES brands(id),
    slug       TEXT NOT NULL,
    sensitive  INTEGER NOT NULL DEFAULT 0,
    fides_key  TEXT NOT NULL DEFAULT '',
    registered INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    UNIQUE (brand_id, slug)
);

CREATE TABLE data_category_texts (
    category_id INTEGER NOT NULL REFERENCES data_categories(id),
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    phrase      TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (category_id, locale)
) WITHOUT ROWID;

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands(id),
    external_id TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    locale      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (brand_id, external_id)
);
CREATE INDEX customers_brand_email ON customers (brand_id, email);

CREATE TABLE model_versions (
    id              INTEGER PRIMARY KEY,
    system_id       INTEGER NOT NULL REFERENCES ai_systems(id),
    version         TEXT NOT NULL,
    trained_at      INTEGER NOT NULL,
    window_start    INTEGER NOT NULL,
    window_end      INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('training', 'live', 'retired')),
    next_retrain_at INTEGER,
    UNIQUE (system_id, version)
);

CREATE TABLE usage_events (
    id                INTEGER PRIMARY KEY,
    brand_id          INTEGER NOT NULL REFERENCES brands(id),
    event_key         TEXT NOT NULL,
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    system_id         INTEGER NOT NULL REFERENCES ai_systems(id),
    purpose_id        INTEGER NOT NULL REFERENCES purposes(id),
    action            TEXT NOT NULL CHECK (action IN ('inference', 'training', 'decision', 'generation', 'sharing', 'agent_access')),
    category_ids      TEXT NOT NULL DEFAULT '',
    occurred_at       INTEGER NOT NULL,
    outcome           TEXT NOT NULL DEFAULT '',
    model_version     TEXT NOT NULL DEFAULT '',
    actor             TEXT NOT NULL DEFAULT '',
    channel           TEXT NOT NULL DEFAULT '',
    decision          TEXT NOT NULL DEFAULT '',
    human_review      INTEGER NOT NULL DEFAULT 0,
    on_behalf_of      TEXT NOT NULL DEFAULT '',
    consent_violation INTEGER NOT NULL DEFAULT 0,
    ingested_at       INTEGER NOT NULL,
    UNIQUE (brand_id, event_key)
);
-- A customer's newest events, whole or narrowed to one system or purpose, are read straight off these.
CREATE INDEX usage_events_customer_time ON usage_events (customer_id, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_system_time ON usage_events (customer_id, system_id, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_purpose_time ON usage_events (customer_id, purpose_id, occurred_at DESC, id DESC);
CREATE INDEX usage_events_violations ON usage_events (brand_id, occurred_at) WHERE consent_violation = 1;

-- Rollups: kept in step with usage_events in the same transaction; charts and cards read only these.
CREATE TABLE rollup_daily (
    customer_id INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    purpose_id  INTEGER NOT NULL,
    action      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (customer_id, day, system_id, purpose_id, action)
) WITHOUT ROWID;

CREATE TABLE rollup_category_daily (
    customer_id INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (customer_id, day, system_id, category_id)
) WITHOUT ROWID;

-- All-time per customer and system: first and last use, for "last used on".
CREATE TABLE customer_system_stats (
    customer_id INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    first_at    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL,
    PRIMARY KEY (customer_id, system_id)
) WITHOUT ROWID;

-- Which model versions learned from a customer's data.
CREATE TABLE customer_training (
    customer_id   INTEGER NOT NULL,
    system_id     INTEGER NOT NULL,
    model_version TEXT NOT NULL,
    n             INTEGER NOT NULL,
    first_at      INTEGER NOT NULL,
    last_at       INTEGER NOT NULL,
    PRIMARY KEY (customer_id, system_id, model_version)
) WITHOUT ROWID;

-- Current consent state per customer and purpose; the history below is the record of truth.
CREATE TABLE consents (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    purpose_id  INTEGER NOT NULL REFERENCES purposes(id),
    state       TEXT NOT NULL CHECK (state IN ('granted', 'refused')),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (customer_id, purpose_id)
) WITHOUT ROWID;

CREATE TABLE consent_history (
    id             INTEGER PRIMARY KEY,
    receipt_id     TEXT NOT NULL UNIQUE,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    purpose_id     INTEGER NOT NULL REFERENCES purposes(id),
    state          TEXT NOT NULL CHECK (state IN ('granted', 'refused')),
    legal_basis    TEXT NOT NULL,
    method         TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    actor          TEXT NOT NULL DEFAULT '',
    at             INTEGER NOT NULL
);
CREATE INDEX consent_history_lookup ON consent_history (customer_id, purpose_id, at);
CREATE TRIGGER consent_history_append_only_update BEFORE UPDATE ON consent_history
BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END;
CREATE TRIGGER consent_history_append_only_delete BEFORE DELETE ON consent_history
BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END;

-- Single-use tokens already exchanged (replay protection), kept until they would have expired anyway.
CREATE TABLE used_tokens (
    jti        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Customer sessions; only a hash of the cookie value is stored.
CREATE TABLE customer_sessions (
    id_hash      TEXT PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    locale       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
