-- Proofs a customer can check: per-customer hash chains over consent changes and staff looks, signed receipts and
-- the keys that sign them (see the SQLite migration 0025 and store/proof.go).
CREATE TABLE proof_chain (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('consent', 'access')),
    record_id   BIGINT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, seq)
);
CREATE TRIGGER proof_chain_append_only BEFORE UPDATE ON proof_chain
FOR EACH ROW EXECUTE FUNCTION vitrine_append_only();

CREATE TABLE receipt_signatures (
    brand_id    BIGINT NOT NULL,
    receipt_id  TEXT NOT NULL,
    customer_id BIGINT NOT NULL,
    jws         TEXT NOT NULL,
    PRIMARY KEY (brand_id, receipt_id)
);
CREATE INDEX receipt_signatures_customer ON receipt_signatures (brand_id, customer_id);

CREATE TABLE receipt_keys (
    brand_id    BIGINT NOT NULL,
    kid         TEXT NOT NULL,
    private_key BYTEA NOT NULL,
    public_jwk  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT,
    PRIMARY KEY (brand_id, kid)
);

CREATE TABLE proof_backfill (id INTEGER PRIMARY KEY CHECK (id = 1));
INSERT INTO proof_backfill (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM consent_history) OR EXISTS (SELECT 1 FROM access_records);

-- Receipts and staff-access records are kept for the legal period the brand sets, then removed from the start of
-- each customer's chain (see the SQLite migration 0025); only PruneProofs may delete them, in a transaction that
-- sets vitrine.pruning.
ALTER TABLE brands ADD COLUMN proof_retention_months INTEGER NOT NULL DEFAULT 60;
CREATE TABLE proof_anchors (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    first_seq   BIGINT NOT NULL,
    prev_hash   TEXT NOT NULL,
    removed     BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id)
);
CREATE FUNCTION vitrine_append_only_but_pruning() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('vitrine.pruning', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
DROP TRIGGER consent_history_append_only ON consent_history;
CREATE TRIGGER consent_history_append_only BEFORE UPDATE OR DELETE ON consent_history
FOR EACH ROW EXECUTE FUNCTION vitrine_append_only_but_pruning();
DROP TRIGGER access_records_append_only ON access_records;
CREATE TRIGGER access_records_append_only BEFORE UPDATE OR DELETE ON access_records
FOR EACH ROW EXECUTE FUNCTION vitrine_append_only_but_pruning();
