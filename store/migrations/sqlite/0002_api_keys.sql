-- Ingest API keys: only a SHA-256 of the key is kept (keys are 256-bit random, so a fast hash is enough);
-- the prefix lets people tell keys apart in lists without revealing them.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    brand_id     INTEGER NOT NULL REFERENCES brands(id),
    name         TEXT NOT NULL DEFAULT '',
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_keys_brand ON api_keys (brand_id);
