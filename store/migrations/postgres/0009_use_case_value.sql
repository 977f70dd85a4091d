-- Use cases and their value, as in migrations/sqlite/0019.
CREATE TABLE ai_system_value (
    brand_id        BIGINT NOT NULL,
    system_id       BIGINT NOT NULL,
    marketing_owner BIGINT,
    privacy_owner   BIGINT,
    note            TEXT NOT NULL DEFAULT '',
    updated_by      TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (brand_id, system_id)
);

CREATE TABLE consent_daily (
    brand_id   BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    granted    BIGINT NOT NULL DEFAULT 0,
    refused    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, purpose_id, day)
);
INSERT INTO consent_daily (brand_id, purpose_id, day, granted, refused)
SELECT brand_id, purpose_id, floor(at / 86400.0)::bigint, sum(CASE WHEN state = 'granted' THEN 1 ELSE 0 END), sum(CASE WHEN state = 'refused' THEN 1 ELSE 0 END)
FROM consent_history GROUP BY 1, 2, 3;

CREATE INDEX customer_system_stats_reach ON customer_system_stats (brand_id, system_id, last_at);
