-- Proofs a customer can check (store/proof.go). Every consent change and every staff look at a customer is an entry
-- of that customer's hash chain: each entry holds the SHA-256 of the canonical JSON (RFC 8785) of its record and of
-- the entry before, so a record edited or deleted behind vitrine's back no longer matches. Entries are append-only,
-- like the records they cover; the chain's head goes into every new receipt.
CREATE TABLE proof_chain (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('consent', 'access')),
    record_id   INTEGER NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER proof_chain_append_only_update BEFORE UPDATE ON proof_chain
BEGIN SELECT RAISE(ABORT, 'the proof chain is append-only'); END;

-- Each consent receipt as it was signed when the choice was recorded: a compact JWS (EdDSA) whose payload is the
-- receipt, so the customer's copy and vitrine's are the same bytes.
CREATE TABLE receipt_signatures (
    brand_id    INTEGER NOT NULL,
    receipt_id  TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    jws         TEXT NOT NULL,
    PRIMARY KEY (brand_id, receipt_id)
) WITHOUT ROWID;
CREATE INDEX receipt_signatures_customer ON receipt_signatures (brand_id, customer_id);

-- The keys that sign a brand's receipts. The newest key not retired signs; retired keys stay published in
-- /.well-known/jwks.json for ever, since receipts signed with them remain proofs.
CREATE TABLE receipt_keys (
    brand_id    INTEGER NOT NULL,
    kid         TEXT NOT NULL,
    private_key BLOB NOT NULL, -- the Ed25519 seed
    public_jwk  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER,
    PRIMARY KEY (brand_id, kid)
) WITHOUT ROWID;

-- Records written before chains existed are chained and their receipts signed once, in order, when this database
-- is next opened (store/proof.go: backfillProofs); the row is removed when that is done.
CREATE TABLE proof_backfill (id INTEGER PRIMARY KEY CHECK (id = 1));
INSERT INTO proof_backfill (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM consent_history) OR EXISTS (SELECT 1 FROM access_records);
