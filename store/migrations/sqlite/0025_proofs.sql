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

-- Receipts and staff-access records are kept for the legal period the brand sets (proof_retention_months), then
-- removed from the start of each customer's chain (PruneProofs), never the records of the choices in force. The
-- anchor keeps the hash the first kept entry points back to, so the rest of the chain still verifies.
ALTER TABLE brands ADD COLUMN proof_retention_months INTEGER NOT NULL DEFAULT 60;
CREATE TABLE proof_anchors (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    first_seq   INTEGER NOT NULL, -- the first entry still kept
    prev_hash   TEXT NOT NULL,    -- the hash of the last entry removed, which the first kept one points back to
    removed     INTEGER NOT NULL, -- how many entries have been removed in all
    at          INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id)
) WITHOUT ROWID;
-- The append-only records may lose their oldest rows only through PruneProofs, which marks its transaction here.
CREATE TABLE proof_pruning (id INTEGER PRIMARY KEY CHECK (id = 1));
DROP TRIGGER consent_history_append_only_delete;
CREATE TRIGGER consent_history_append_only_delete BEFORE DELETE ON consent_history WHEN NOT EXISTS (SELECT 1 FROM proof_pruning)
BEGIN SELECT RAISE(ABORT, 'consent history is append-only'); END;
DROP TRIGGER access_records_append_only_delete;
CREATE TRIGGER access_records_append_only_delete BEFORE DELETE ON access_records WHEN NOT EXISTS (SELECT 1 FROM proof_pruning)
BEGIN SELECT RAISE(ABORT, 'access records are append-only'); END;
