-- Monthly rollups (issue 9): pages show a year by month, so a heavy customer's overview reads at most 12 rows
-- per system, purpose and action instead of up to 365 daily ones. `month` is the rollup day (days since
-- 1970-01-01 UTC) of the first day of the UTC calendar month. Kept in step with usage_events by InsertEvents, in
-- the same transaction as the daily rollups, which stay for day-precise windows and the brand views.
CREATE TABLE rollup_monthly (
    customer_id INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    purpose_id  INTEGER NOT NULL,
    action      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (customer_id, month, system_id, purpose_id, action)
) WITHOUT ROWID;

CREATE TABLE rollup_category_monthly (
    customer_id INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    system_id   INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (customer_id, month, system_id, category_id)
) WITHOUT ROWID;

INSERT INTO rollup_monthly (customer_id, month, system_id, purpose_id, action, n)
SELECT customer_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400 AS m, system_id, purpose_id, action, sum(n)
FROM rollup_daily GROUP BY customer_id, m, system_id, purpose_id, action;

INSERT INTO rollup_category_monthly (customer_id, month, system_id, category_id, n)
SELECT customer_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400 AS m, system_id, category_id, sum(n)
FROM rollup_category_daily GROUP BY customer_id, m, system_id, category_id;

-- A customer's decisions by one system (the "ask a person to review" lines of /me and /me/systems/{slug}) and
-- their events narrowed to one action: without these, the action filter walked every event of the customer
-- (100,000 index entries for a heavy customer with no decisions). Newest first, as the pages read them.
CREATE INDEX usage_events_customer_system_action_time ON usage_events (customer_id, system_id, action, occurred_at DESC, id DESC);
CREATE INDEX usage_events_customer_action_time ON usage_events (customer_id, action, occurred_at DESC, id DESC);
