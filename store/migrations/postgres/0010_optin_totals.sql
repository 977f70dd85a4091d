-- The brand's current consent states counted per purpose, as in migrations/sqlite/0020.
CREATE TABLE consent_totals (
    brand_id   BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    granted    BIGINT NOT NULL DEFAULT 0,
    answered   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, purpose_id)
);
INSERT INTO consent_totals (brand_id, purpose_id, granted, answered)
SELECT brand_id, purpose_id, sum(CASE WHEN state = 'granted' THEN 1 ELSE 0 END), count(*) FROM consents GROUP BY brand_id, purpose_id;
