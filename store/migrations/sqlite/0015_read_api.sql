-- The brand API's read side. `excluded` walks a brand's customers in id order and, for each, finds their latest
-- choice on one purpose at or before an instant: customers (brand_id, id) gives the walk without reading other
-- brands' customers, and consent_history (brand_id, purpose_id, customer_id, at) answers each customer with one
-- index probe (the rowid, last in every SQLite index, breaks ties of the same second as the id order does).
CREATE INDEX customers_brand_id ON customers (brand_id, id);
CREATE INDEX consent_history_purpose ON consent_history (brand_id, purpose_id, customer_id, at);
