-- Explanations of automated decisions (GDPR Art. 15(1)(h) and 22, AI Act Art. 86): how a deciding system decides,
-- the factors it may weigh, what counted in each decision, and the customer's review, point of view or contest.
-- Every new table is keyed by brand_id first, so it distributes with the brand's other tables (citus.sql).

ALTER TABLE ai_system_texts ADD COLUMN decides TEXT NOT NULL DEFAULT '';
ALTER TABLE ai_systems ADD COLUMN counterfactuals BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE decision_factors (
    brand_id      BIGINT NOT NULL,
    system_id     BIGINT NOT NULL,
    factor_key    TEXT NOT NULL,
    data_category TEXT NOT NULL DEFAULT '',
    registered    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, system_id, factor_key)
);
CREATE TABLE decision_factor_texts (
    brand_id   BIGINT NOT NULL,
    system_id  BIGINT NOT NULL,
    factor_key TEXT NOT NULL,
    locale     TEXT NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (brand_id, system_id, factor_key, locale)
);
CREATE TABLE event_explanations (
    brand_id  BIGINT NOT NULL,
    event_key TEXT NOT NULL,
    system_id BIGINT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (brand_id, event_key)
);
CREATE TABLE decision_coverage (
    brand_id  BIGINT NOT NULL,
    system_id BIGINT NOT NULL,
    decisions BIGINT NOT NULL DEFAULT 0,
    explained BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, system_id)
);

ALTER TABLE review_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('review', 'point_of_view', 'contest'));
ALTER TABLE review_requests ADD COLUMN due_at BIGINT NOT NULL DEFAULT 0;
UPDATE review_requests SET due_at = created_at + 30 * 86400;
ALTER TABLE review_requests DROP CONSTRAINT review_requests_brand_id_event_id_key;
ALTER TABLE review_requests ADD UNIQUE (brand_id, event_id, kind);
