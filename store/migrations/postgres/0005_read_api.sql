-- The brand API's read side, as in migrations/sqlite/0015. `excluded` walks a brand's customers by their primary
-- key (brand_id, id) and, for each, finds their latest choice on one purpose at or before an instant with one probe
-- of this index; id is in it so that ties of the same second are broken in the index and the probe reads no row.
CREATE INDEX consent_history_purpose ON consent_history (brand_id, purpose_id, customer_id, at, id);
