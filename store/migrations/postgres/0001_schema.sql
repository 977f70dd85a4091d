-- vitrine on PostgreSQL 15+: the same tables and columns as the SQLite schema after its migration 0011, built to
-- be distributed by brand (Citus). Times are Unix seconds (UTC); rollup days are whole days since 1970-01-01 UTC.
--
-- Tenant tables carry brand_id first in their primary key and in every unique key, so that all rows of a brand
-- can live on one node (distribution column brand_id, co-located with customers). The few shared tables
-- (brands, staff accounts and sessions, sign-in failures, API keys) are small reference tables. No foreign keys:
-- a distributed database could only keep those that include brand_id, and the store writes related rows in one
-- transaction. store/citus.sql distributes this schema; a test reads the catalog to keep it distributable.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

-- unaccent is stable, not immutable (its dictionary could change), so it cannot index a column by itself; this
-- wrapper names its dictionary and is declared immutable, the usual way to index accent-free text.
CREATE FUNCTION vitrine_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Reference tables.

CREATE TABLE brands (
    id             BIGSERIAL PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    default_locale TEXT NOT NULL DEFAULT 'en',
    timezone       TEXT NOT NULL DEFAULT 'UTC',
    theme          TEXT NOT NULL DEFAULT '{}',
    embed_origins  TEXT NOT NULL DEFAULT '',
    policy_version TEXT NOT NULL DEFAULT '1',
    privacy_email  TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    registry_rev   BIGINT NOT NULL DEFAULT 0,
    portal_url     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE staff_users (
    id            BIGSERIAL PRIMARY KEY,
    brand_id      BIGINT,
    email         TEXT NOT NULL UNIQUE, -- kept in lower case by the store
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('support', 'privacy', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    CHECK (brand_id IS NOT NULL OR role = 'admin')
);
CREATE INDEX staff_users_brand ON staff_users (brand_id, name);

CREATE TABLE staff_sessions (
    id_hash      TEXT PRIMARY KEY,
    staff_id     BIGINT NOT NULL,
    locale       TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

CREATE TABLE login_failures (
    id  BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE api_keys (
    id           BIGSERIAL PRIMARY KEY,
    brand_id     BIGINT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_brand ON api_keys (brand_id);

-- Tenant tables: the registry.

CREATE TABLE brand_keys (
    id         BIGSERIAL,
    brand_id   BIGINT NOT NULL,
    kid        TEXT NOT NULL,
    secret     BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, kid)
);

CREATE TABLE ai_systems (
    id                 BIGSERIAL,
    brand_id           BIGINT NOT NULL,
    slug               TEXT NOT NULL,
    name               TEXT NOT NULL,
    vendor             TEXT NOT NULL DEFAULT '',
    deployment         TEXT NOT NULL CHECK (deployment IN ('vendor_tool', 'in_house', 'external_agent')),
    learns             BOOLEAN NOT NULL DEFAULT FALSE,
    risk_level         TEXT NOT NULL DEFAULT 'minimal' CHECK (risk_level IN ('minimal', 'limited', 'high')),
    automated_decision BOOLEAN NOT NULL DEFAULT FALSE,
    retention          TEXT NOT NULL DEFAULT '',
    owner_team         TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    doc_url            TEXT NOT NULL DEFAULT '',
    registered         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, slug)
);

CREATE TABLE ai_system_texts (
    brand_id     BIGINT NOT NULL,
    system_id    BIGINT NOT NULL,
    locale       TEXT NOT NULL,
    what         TEXT NOT NULL DEFAULT '',
    how          TEXT NOT NULL DEFAULT '',
    human_review TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, system_id, locale)
);

CREATE TABLE purposes (
    id          BIGSERIAL,
    brand_id    BIGINT NOT NULL,
    slug        TEXT NOT NULL,
    legal_basis TEXT NOT NULL CHECK (legal_basis IN ('consent', 'contract', 'legitimate_interest', 'legal_obligation', 'vital_interest', 'public_task')),
    refusable   BOOLEAN NOT NULL DEFAULT FALSE,
    is_training BOOLEAN NOT NULL DEFAULT FALSE,
    dpv         TEXT NOT NULL DEFAULT '',
    tcf_purpose BIGINT NOT NULL DEFAULT 0,
    fides_use   TEXT NOT NULL DEFAULT '',
    registered  BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, slug)
);

CREATE TABLE purpose_texts (
    brand_id    BIGINT NOT NULL,
    purpose_id  BIGINT NOT NULL,
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    aim         TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, purpose_id, locale)
);

CREATE TABLE data_categories (
    id         BIGSERIAL,
    brand_id   BIGINT NOT NULL,
    slug       TEXT NOT NULL,
    sensitive  BOOLEAN NOT NULL DEFAULT FALSE,
    fides_key  TEXT NOT NULL DEFAULT '',
    registered BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, slug)
);

CREATE TABLE data_category_texts (
    brand_id    BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    phrase      TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, category_id, locale)
);

CREATE TABLE model_versions (
    id              BIGSERIAL,
    brand_id        BIGINT NOT NULL,
    system_id       BIGINT NOT NULL,
    version         TEXT NOT NULL,
    trained_at      BIGINT NOT NULL,
    window_start    BIGINT NOT NULL,
    window_end      BIGINT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('training', 'live', 'retired')),
    next_retrain_at BIGINT,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, system_id, version)
);

CREATE TABLE registry_changes (
    id         BIGSERIAL,
    brand_id   BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL CHECK (entity IN ('system', 'purpose', 'category', 'model_version', 'brand')),
    entity_id  BIGINT NOT NULL,
    slug       TEXT NOT NULL,
    change     TEXT NOT NULL CHECK (change IN ('created', 'updated', 'retired', 'restored')),
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX registry_changes_brand ON registry_changes (brand_id, at DESC, id DESC);

-- Tenant tables: customers and what happened to their data.

CREATE TABLE customers (
    id            BIGSERIAL,
    brand_id      BIGINT NOT NULL,
    external_id   TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    locale        TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_visit_at BIGINT,
    data_rev      BIGINT NOT NULL DEFAULT 0,
    past_rev      BIGINT NOT NULL DEFAULT 0,
    -- Staff search: email, name and external id in lower case without accents, trigram-indexed below, so any
    -- part of them is found without scanning the table (SQLite's FTS5 trigram index does the same there).
    search_text   TEXT GENERATED ALWAYS AS (vitrine_unaccent(lower(email || ' ' || name || ' ' || external_id))) STORED,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, external_id)
);
CREATE INDEX customers_search ON customers USING gin (search_text public.gin_trgm_ops);
CREATE INDEX customers_id ON customers (id);
CREATE INDEX customers_brand_email ON customers (brand_id, lower(email) text_pattern_ops);
CREATE INDEX customers_brand_name ON customers (brand_id, lower(name) text_pattern_ops);
CREATE INDEX customers_brand_external ON customers (brand_id, lower(external_id) text_pattern_ops);

-- Usage events, partitioned by month of occurred_at (the store creates each month's partition before its first
-- event), so retention drops whole months and a scan never crosses years. A partitioned table's unique keys must
-- include the partition key, so exactly-once on the brand's event id is kept by event_keys, written in the same
-- transaction as the event.
CREATE SEQUENCE usage_events_id_seq;
CREATE TABLE usage_events (
    id                BIGINT NOT NULL DEFAULT nextval('usage_events_id_seq'),
    brand_id          BIGINT NOT NULL,
    event_key         TEXT NOT NULL,
    customer_id       BIGINT NOT NULL,
    system_id         BIGINT NOT NULL,
    purpose_id        BIGINT NOT NULL,
    action            TEXT NOT NULL CHECK (action IN ('inference', 'training', 'decision', 'generation', 'sharing', 'agent_access')),
    category_ids      TEXT NOT NULL DEFAULT '',
    occurred_at       BIGINT NOT NULL,
    outcome           TEXT NOT NULL DEFAULT '',
    model_version     TEXT NOT NULL DEFAULT '',
    actor             TEXT NOT NULL DEFAULT '',
    channel           TEXT NOT NULL DEFAULT '',
    decision          TEXT NOT NULL DEFAULT '',
    human_review      BOOLEAN NOT NULL DEFAULT FALSE,
    on_behalf_of      TEXT NOT NULL DEFAULT '',
    consent_violation BOOLEAN NOT NULL DEFAULT FALSE,
    ingested_at       BIGINT NOT NULL,
    lang              TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX usage_events_customer_time ON usage_events (customer_id, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_system_time ON usage_events (customer_id, system_id, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_purpose_time ON usage_events (customer_id, purpose_id, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_system_action_time ON usage_events (customer_id, system_id, action, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_action_time ON usage_events (customer_id, action, occurred_at DESC, id DESC);
CREATE INDEX usage_events_id ON usage_events (customer_id, id);
CREATE INDEX usage_events_violations ON usage_events (brand_id, occurred_at) WHERE consent_violation;
CREATE INDEX usage_events_customer_violations ON usage_events (customer_id, occurred_at) WHERE consent_violation;

CREATE TABLE event_keys (
    brand_id  BIGINT NOT NULL,
    event_key TEXT NOT NULL,
    PRIMARY KEY (brand_id, event_key)
);

CREATE TABLE rollup_daily (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    system_id   BIGINT NOT NULL,
    purpose_id  BIGINT NOT NULL,
    action      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, day, system_id, purpose_id, action)
);

CREATE TABLE rollup_category_daily (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    system_id   BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, day, system_id, category_id)
);

CREATE TABLE rollup_monthly (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    month       BIGINT NOT NULL,
    system_id   BIGINT NOT NULL,
    purpose_id  BIGINT NOT NULL,
    action      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, month, system_id, purpose_id, action)
);

CREATE TABLE rollup_category_monthly (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    month       BIGINT NOT NULL,
    system_id   BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, month, system_id, category_id)
);

CREATE TABLE rollup_brand_daily (
    brand_id   BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    system_id  BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    action     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    violations BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, day, system_id, purpose_id, action)
);

CREATE TABLE customer_system_stats (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    system_id   BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    first_at    BIGINT NOT NULL,
    last_at     BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, system_id)
);

CREATE TABLE customer_training (
    brand_id      BIGINT NOT NULL,
    customer_id   BIGINT NOT NULL,
    system_id     BIGINT NOT NULL,
    model_version TEXT NOT NULL,
    n             BIGINT NOT NULL,
    first_at      BIGINT NOT NULL,
    last_at       BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, system_id, model_version)
);

CREATE TABLE consents (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    purpose_id  BIGINT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('granted', 'refused')),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, purpose_id)
);
CREATE INDEX consents_purpose ON consents (brand_id, purpose_id, state);

CREATE TABLE consent_history (
    id             BIGSERIAL,
    brand_id       BIGINT NOT NULL,
    receipt_id     TEXT NOT NULL,
    customer_id    BIGINT NOT NULL,
    purpose_id     BIGINT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('granted', 'refused')),
    legal_basis    TEXT NOT NULL,
    method         TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    actor          TEXT NOT NULL DEFAULT '',
    at             BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, receipt_id)
);
CREATE INDEX consent_history_lookup ON consent_history (customer_id, purpose_id, at);

CREATE TABLE used_tokens (
    brand_id   BIGINT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, jti)
);

CREATE TABLE customer_sessions (
    brand_id    BIGINT NOT NULL,
    id_hash     TEXT NOT NULL,
    customer_id BIGINT NOT NULL,
    locale      TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id_hash)
);

CREATE TABLE review_requests (
    id           BIGSERIAL,
    brand_id     BIGINT NOT NULL,
    customer_id  BIGINT NOT NULL,
    event_id     BIGINT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    method       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reviewed')),
    outcome      TEXT NOT NULL DEFAULT '',
    reviewed_by  TEXT NOT NULL DEFAULT '',
    reviewed_at  BIGINT,
    outcome_lang TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, event_id)
);
CREATE INDEX review_requests_queue ON review_requests (brand_id, status, created_at);
CREATE INDEX review_requests_customer ON review_requests (customer_id, created_at DESC);

CREATE TABLE access_records (
    id          BIGSERIAL,
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    staff_id    BIGINT NOT NULL,
    staff_email TEXT NOT NULL,
    staff_name  TEXT NOT NULL,
    staff_role  TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason != ''),
    what        TEXT NOT NULL CHECK (what != ''),
    at          BIGINT NOT NULL,
    visit_id    BIGINT,
    reason_lang TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX access_records_customer ON access_records (customer_id, at DESC, id DESC) WHERE visit_id IS NULL;
CREATE INDEX access_records_visit ON access_records (visit_id, id) WHERE visit_id IS NOT NULL;
CREATE INDEX access_records_brand ON access_records (brand_id, at DESC, id DESC);
CREATE INDEX access_records_brand_staff ON access_records (brand_id, staff_id, at DESC, id DESC);
CREATE INDEX access_records_reason ON access_records (staff_id, customer_id, at DESC) WHERE visit_id IS NULL;

-- Records customers and auditors rely on cannot be edited or deleted, as on SQLite.
CREATE FUNCTION vitrine_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER consent_history_append_only BEFORE UPDATE OR DELETE ON consent_history
FOR EACH ROW EXECUTE FUNCTION vitrine_append_only();
CREATE TRIGGER access_records_append_only BEFORE UPDATE OR DELETE ON access_records
FOR EACH ROW EXECUTE FUNCTION vitrine_append_only();
CREATE TRIGGER registry_changes_append_only BEFORE UPDATE OR DELETE ON registry_changes
FOR EACH ROW EXECUTE FUNCTION vitrine_append_only();
