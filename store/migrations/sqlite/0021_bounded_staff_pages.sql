-- Brand-wide figures of the staff and admin pages read a few rows kept in step with each write, never a range of
-- the brand's customers or requests that grows with them.

-- A system's reach: the customers counted per day of their last use by it, moved by each ingest batch, so the use
-- case page sums a month of rows instead of counting the per-customer stats of every customer the system reached.
CREATE TABLE system_reach_daily (
    brand_id  INTEGER NOT NULL,
    system_id INTEGER NOT NULL,
    day       INTEGER NOT NULL,
    customers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, system_id, day)
) WITHOUT ROWID;
INSERT INTO system_reach_daily (brand_id, system_id, day, customers)
SELECT brand_id, system_id, CASE WHEN last_at < 0 THEN (last_at - 86399) / 86400 ELSE last_at / 86400 END, count(*)
FROM customer_system_stats GROUP BY 1, 2, 3;
DROP INDEX customer_system_stats_reach;

-- The review requests waiting for a person, counted per brand, for the console's front page.
CREATE TABLE review_totals (
    brand_id INTEGER NOT NULL PRIMARY KEY,
    pending  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO review_totals (brand_id, pending)
SELECT brand_id, count(*) FROM review_requests WHERE status = 'pending' GROUP BY brand_id;

-- The open rights requests counted per deadline (one instant per day of the brand's time zone), rows of none
-- removed: the overdue ones are the rows past now, a few days' worth, however many requests are open.
CREATE TABLE rights_open_due (
    brand_id INTEGER NOT NULL,
    due_at   INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    PRIMARY KEY (brand_id, due_at)
) WITHOUT ROWID;
INSERT INTO rights_open_due (brand_id, due_at, requests)
SELECT brand_id, due_at, count(*) FROM rights_requests WHERE status IN ('received', 'in_progress', 'extended') GROUP BY brand_id, due_at;

-- The queues of rights requests in the order they are shown, so a page of them is the first rows of an index
-- rather than every open (or answered) request of the brand sorted.
CREATE INDEX rights_requests_open_due ON rights_requests (brand_id, due_at, id) WHERE status IN ('received', 'in_progress', 'extended');
CREATE INDEX rights_requests_answered ON rights_requests (brand_id, updated_at, id) WHERE status IN ('done', 'refused');

-- The brand's uses per system and purpose, all time, kept in step by ingest, so the registry pages of /admin read a
-- row per pair instead of summing every day of the brand's rollup since its first event.
CREATE TABLE rollup_brand_totals (
    brand_id   INTEGER NOT NULL,
    system_id  INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (brand_id, system_id, purpose_id)
) WITHOUT ROWID;
INSERT INTO rollup_brand_totals (brand_id, system_id, purpose_id, n)
SELECT brand_id, system_id, purpose_id, sum(n) FROM rollup_brand_daily GROUP BY brand_id, system_id, purpose_id;

-- The brand's uses and violations per UTC month, kept in step by ingest beside the daily ones, so the charts of
-- /admin, /admin/violations and the use case page read a dozen months instead of a year of days.
CREATE TABLE rollup_brand_monthly (
    brand_id   INTEGER NOT NULL,
    month      INTEGER NOT NULL, -- the rollup day of the month's first day
    system_id  INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    action     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    violations INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, month, system_id, purpose_id, action)
) WITHOUT ROWID;
INSERT INTO rollup_brand_monthly (brand_id, month, system_id, purpose_id, action, n, violations)
SELECT brand_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400, system_id, purpose_id, action,
    sum(n), sum(violations)
FROM rollup_brand_daily GROUP BY 1, 2, 3, 4, 5;
