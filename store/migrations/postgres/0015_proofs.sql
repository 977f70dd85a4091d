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
