-- Use cases and their value: who owns each AI system in marketing and in privacy, the return they expect and see,
-- and the consent choices customers make per purpose and day, so opt-in rates over time and the comparison of two
-- wordings read a small table instead of every customer's history.

CREATE TABLE ai_system_value (
    brand_id        INTEGER NOT NULL,
    system_id       INTEGER NOT NULL,
    marketing_owner INTEGER,                -- staff id
    privacy_owner   INTEGER,                -- staff id
    note            TEXT NOT NULL DEFAULT '',
    updated_by      TEXT NOT NULL DEFAULT '',
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (brand_id, system_id)
) WITHOUT ROWID;

-- The choices recorded per purpose and UTC day, kept in step with consent_history in the same transaction.
CREATE TABLE consent_daily (
    brand_id   INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    granted    INTEGER NOT NULL DEFAULT 0,
    refused    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, purpose_id, day)
) WITHOUT ROWID;
INSERT INTO consent_daily (brand_id, purpose_id, day, granted, refused)
SELECT brand_id, purpose_id, at / 86400, sum(CASE WHEN state = 'granted' THEN 1 ELSE 0 END), sum(CASE WHEN state = 'refused' THEN 1 ELSE 0 END)
FROM consent_history GROUP BY brand_id, purpose_id, at / 86400;

-- Customers a system touched since a date: a range of this index, not a scan of the brand's customers.
CREATE INDEX customer_system_stats_reach ON customer_system_stats (brand_id, system_id, last_at);
