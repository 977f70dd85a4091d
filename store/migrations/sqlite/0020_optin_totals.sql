-- The brand's current consent states counted per purpose, kept in step with consents in the same transaction, so
-- the opt-in rates of /admin read one row per purpose at any size (issue 20: they counted every consent row).
CREATE TABLE consent_totals (
    brand_id   INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    granted    INTEGER NOT NULL DEFAULT 0,
    answered   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, purpose_id)
) WITHOUT ROWID;
INSERT INTO consent_totals (brand_id, purpose_id, granted, answered)
SELECT brand_id, purpose_id, sum(CASE WHEN state = 'granted' THEN 1 ELSE 0 END), count(*) FROM consents GROUP BY brand_id, purpose_id;
