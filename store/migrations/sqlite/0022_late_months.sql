-- Which closed months of a customer a late event changed, and at which past revision (InsertEvents keeps it): the
-- memo of a customer's closed months, made at an older past revision, re-reads only these months after a late
-- event instead of the whole year, so the first view after one costs the same for a customer with 100,000 events
-- as for one with 100. Keyed by brand first, like every tenant table.
CREATE TABLE customer_late_months (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    month       INTEGER NOT NULL, -- rollup day of the month's first day
    past_rev    INTEGER NOT NULL, -- the customer's past_rev after the latest batch that added to this month
    PRIMARY KEY (brand_id, customer_id, month)
) WITHOUT ROWID;
