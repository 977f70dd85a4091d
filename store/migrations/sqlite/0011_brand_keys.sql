-- One schema for SQLite and PostgreSQL, ready to distribute by brand: every tenant table carries brand_id, and
-- the tables keyed by their columns have it first in their primary key, as in migrations/postgres, so that one
-- upsert (with its conflict target) serves both engines and a distributed PostgreSQL (Citus) can place every row
-- of a brand together. Tables whose rows are numbered keep their INTEGER PRIMARY KEY here (SQLite's row ids); a
-- unique index with brand_id serves their conflicts.
--
-- The revision counters that the server's memos check (data_rev, registry_rev) are now moved by the application
-- in the transaction of each change, on both engines, instead of by SQLite triggers: the triggers are dropped.

DROP TRIGGER customer_stats_ins_rev;
DROP TRIGGER customer_stats_upd_rev;
DROP TRIGGER consents_ins_rev;
DROP TRIGGER consents_upd_rev;
DROP TRIGGER consents_del_rev;
DROP TRIGGER consent_history_ins_rev;
DROP TRIGGER access_records_ins_rev;
DROP TRIGGER access_records_upd_rev;
DROP TRIGGER registry_changes_ins_rev;
DROP TRIGGER ai_systems_ins_rev;
DROP TRIGGER ai_systems_upd_rev;
DROP TRIGGER ai_systems_del_rev;
DROP TRIGGER purposes_ins_rev;
DROP TRIGGER purposes_upd_rev;
DROP TRIGGER purposes_del_rev;
DROP TRIGGER data_categories_ins_rev;
DROP TRIGGER data_categories_upd_rev;
DROP TRIGGER data_categories_del_rev;
DROP TRIGGER ai_system_texts_ins_rev;
DROP TRIGGER ai_system_texts_upd_rev;
DROP TRIGGER ai_system_texts_del_rev;
DROP TRIGGER purpose_texts_ins_rev;
DROP TRIGGER purpose_texts_upd_rev;
DROP TRIGGER purpose_texts_del_rev;
DROP TRIGGER data_category_texts_ins_rev;
DROP TRIGGER data_category_texts_upd_rev;
DROP TRIGGER data_category_texts_del_rev;
DROP TRIGGER model_versions_ins_rev;
DROP TRIGGER model_versions_upd_rev;
DROP TRIGGER model_versions_del_rev;

-- Texts of the registry.
CREATE TABLE ai_system_texts_new (
    brand_id     INTEGER NOT NULL,
    system_id    INTEGER NOT NULL REFERENCES ai_systems(id),
    locale       TEXT NOT NULL,
    what         TEXT NOT NULL DEFAULT '',
    how          TEXT NOT NULL DEFAULT '',
    human_review TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, system_id, locale)
) WITHOUT ROWID;
INSERT INTO ai_system_texts_new SELECT s.brand_id, t.system_id, t.locale, t.what, t.how, t.human_review, t.name
FROM ai_system_texts t JOIN ai_systems s ON s.id = t.system_id;
DROP TABLE ai_system_texts;
ALTER TABLE ai_system_texts_new RENAME TO ai_system_texts;

CREATE TABLE purpose_texts_new (
    brand_id    INTEGER NOT NULL,
    purpose_id  INTEGER NOT NULL REFERENCES purposes(id),
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    aim         TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, purpose_id, locale)
) WITHOUT ROWID;
INSERT INTO purpose_texts_new SELECT p.brand_id, t.purpose_id, t.locale, t.name, t.aim, t.explanation
FROM purpose_texts t JOIN purposes p ON p.id = t.purpose_id;
DROP TABLE purpose_texts;
ALTER TABLE purpose_texts_new RENAME TO purpose_texts;

CREATE TABLE data_category_texts_new (
    brand_id    INTEGER NOT NULL,
    category_id INTEGER NOT NULL REFERENCES data_categories(id),
    locale      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    phrase      TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, category_id, locale)
) WITHOUT ROWID;
INSERT INTO data_category_texts_new SELECT d.brand_id, t.category_id, t.locale, t.name, t.phrase, t.explanation
FROM data_category_texts t JOIN data_categories d ON d.id = t.category_id;
DROP TABLE data_category_texts;
ALTER TABLE data_category_texts_new RENAME TO data_category_texts;

ALTER TABLE model_versions ADD COLUMN brand_id INTEGER NOT NULL DEFAULT 0;
UPDATE model_versions SET brand_id = (SELECT brand_id FROM ai_systems WHERE id = model_versions.system_id);
CREATE UNIQUE INDEX model_versions_brand_version ON model_versions (brand_id, system_id, version);

-- Rollups and per-customer stats.
CREATE TABLE rollup_daily_new (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    purpose_id  INTEGER NOT NULL,
    action      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, day, system_id, purpose_id, action)
) WITHOUT ROWID;
INSERT INTO rollup_daily_new SELECT c.brand_id, r.customer_id, r.day, r.system_id, r.purpose_id, r.action, r.n
FROM rollup_daily r JOIN customers c ON c.id = r.customer_id;
DROP TABLE rollup_daily;
ALTER TABLE rollup_daily_new RENAME TO rollup_daily;

CREATE TABLE rollup_category_daily_new (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, day, system_id, category_id)
) WITHOUT ROWID;
INSERT INTO rollup_category_daily_new SELECT c.brand_id, r.customer_id, r.day, r.system_id, r.category_id, r.n
FROM rollup_category_daily r JOIN customers c ON c.id = r.customer_id;
DROP TABLE rollup_category_daily;
ALTER TABLE rollup_category_daily_new RENAME TO rollup_category_daily;

CREATE TABLE rollup_monthly_new (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    purpose_id  INTEGER NOT NULL,
    action      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, month, system_id, purpose_id, action)
) WITHOUT ROWID;
INSERT INTO rollup_monthly_new SELECT c.brand_id, r.customer_id, r.month, r.system_id, r.purpose_id, r.action, r.n
FROM rollup_monthly r JOIN customers c ON c.id = r.customer_id;
DROP TABLE rollup_monthly;
ALTER TABLE rollup_monthly_new RENAME TO rollup_monthly;

CREATE TABLE rollup_category_monthly_new (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, month, system_id, category_id)
) WITHOUT ROWID;
INSERT INTO rollup_category_monthly_new SELECT c.brand_id, r.customer_id, r.month, r.system_id, r.category_id, r.n
FROM rollup_category_monthly r JOIN customers c ON c.id = r.customer_id;
DROP TABLE rollup_category_monthly;
ALTER TABLE rollup_category_monthly_new RENAME TO rollup_category_monthly;

CREATE TABLE customer_system_stats_new (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    first_at    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, system_id)
) WITHOUT ROWID;
INSERT INTO customer_system_stats_new SELECT c.brand_id, s.customer_id, s.system_id, s.n, s.first_at, s.last_at
FROM customer_system_stats s JOIN customers c ON c.id = s.customer_id;
DROP TABLE customer_system_stats;
ALTER TABLE customer_system_stats_new RENAME TO customer_system_stats;

CREATE TABLE customer_training_new (
    brand_id      INTEGER NOT NULL,
    customer_id   INTEGER NOT NULL,
    system_id     INTEGER NOT NULL,
    model_version TEXT NOT NULL,
    n             INTEGER NOT NULL,
    first_at      INTEGER NOT NULL,
    last_at       INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, system_id, model_version)
) WITHOUT ROWID;
INSERT INTO customer_training_new SELECT c.brand_id, t.customer_id, t.system_id, t.model_version, t.n, t.first_at, t.last_at
FROM customer_training t JOIN customers c ON c.id = t.customer_id;
DROP TABLE customer_training;
ALTER TABLE customer_training_new RENAME TO customer_training;

-- Consents, sessions and single-use tokens.
CREATE TABLE consents_new (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    purpose_id  INTEGER NOT NULL REFERENCES purposes(id),
    state       TEXT NOT NULL CHECK (state IN ('granted', 'refused')),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, purpose_id)
) WITHOUT ROWID;
INSERT INTO consents_new SELECT c.brand_id, x.customer_id, x.purpose_id, x.state, x.updated_at
FROM consents x JOIN customers c ON c.id = x.customer_id;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_purpose ON consents (brand_id, purpose_id, state);

ALTER TABLE consent_history ADD COLUMN brand_id INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER consent_history_append_only_update; -- for this one backfill of the new column
UPDATE consent_history SET brand_id = (SELECT brand_id FROM customers WHERE id = consent_history.customer_id);
CREATE TRIGGER consent_history_append_only_update BEFORE UPDATE ON consent_history
BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END;

CREATE TABLE used_tokens_new (
    brand_id   INTEGER NOT NULL,
    jti        TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (brand_id, jti)
) WITHOUT ROWID;
DROP TABLE used_tokens; -- none is still valid after an upgrade that restarts the server: links last minutes
ALTER TABLE used_tokens_new RENAME TO used_tokens;

CREATE TABLE customer_sessions_new (
    brand_id    INTEGER NOT NULL,
    id_hash     TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    locale      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (brand_id, id_hash)
) WITHOUT ROWID;
DROP TABLE customer_sessions; -- session cookies now name their brand: customers open their page again
ALTER TABLE customer_sessions_new RENAME TO customer_sessions;

CREATE UNIQUE INDEX review_requests_brand_event ON review_requests (brand_id, event_id);
