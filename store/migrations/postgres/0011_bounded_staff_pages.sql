-- Brand-wide figures of the staff and admin pages kept in step with each write, as in migrations/sqlite/0021.
CREATE TABLE system_reach_daily (
    brand_id  BIGINT NOT NULL,
    system_id BIGINT NOT NULL,
    day       BIGINT NOT NULL,
    customers BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, system_id, day)
);
INSERT INTO system_reach_daily (brand_id, system_id, day, customers)
SELECT brand_id, system_id, floor(last_at / 86400.0)::bigint, count(*) FROM customer_system_stats GROUP BY 1, 2, 3;
DROP INDEX customer_system_stats_reach;

CREATE TABLE review_totals (
    brand_id BIGINT NOT NULL PRIMARY KEY,
    pending  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO review_totals (brand_id, pending)
SELECT brand_id, count(*) FROM review_requests WHERE status = 'pending' GROUP BY brand_id;

CREATE TABLE rights_open_due (
    brand_id BIGINT NOT NULL,
    due_at   BIGINT NOT NULL,
    requests BIGINT NOT NULL,
    PRIMARY KEY (brand_id, due_at)
);
INSERT INTO rights_open_due (brand_id, due_at, requests)
SELECT brand_id, due_at, count(*) FROM rights_requests WHERE status IN ('received', 'in_progress', 'extended') GROUP BY brand_id, due_at;

CREATE INDEX rights_requests_open_due ON rights_requests (brand_id, due_at, id) WHERE status IN ('received', 'in_progress', 'extended');
CREATE INDEX rights_requests_answered ON rights_requests (brand_id, updated_at, id) WHERE status IN ('done', 'refused');

CREATE TABLE rollup_brand_totals (
    brand_id   BIGINT NOT NULL,
    system_id  BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (brand_id, system_id, purpose_id)
);
INSERT INTO rollup_brand_totals (brand_id, system_id, purpose_id, n)
SELECT brand_id, system_id, purpose_id, sum(n) FROM rollup_brand_daily GROUP BY brand_id, system_id, purpose_id;

CREATE TABLE rollup_brand_monthly (
    brand_id   BIGINT NOT NULL,
    month      BIGINT NOT NULL,
    system_id  BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    action     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    violations BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, month, system_id, purpose_id, action)
);
INSERT INTO rollup_brand_monthly (brand_id, month, system_id, purpose_id, action, n, violations)
SELECT brand_id, CAST(extract(epoch FROM date_trunc('month', to_timestamp(day * 86400) AT TIME ZONE 'UTC')) AS BIGINT) / 86400, system_id,
    purpose_id, action, sum(n), sum(violations)
FROM rollup_brand_daily GROUP BY 1, 2, 3, 4, 5;
