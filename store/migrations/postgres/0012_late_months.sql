-- Which closed months of a customer a late event changed, and at which past revision (see the SQLite migration
-- 0022): the memo of closed months re-reads only these after a late event.
CREATE TABLE customer_late_months (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    month       BIGINT NOT NULL,
    past_rev    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, month)
);
