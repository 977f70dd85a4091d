-- A brand's own public keys (JWK), which verify the customer tokens it signs with its private key: vitrine then
-- holds nothing that could mint a customer's link. A token's kid names the key; alg is the one algorithm the key
-- is accepted with (ES256 or EdDSA).
CREATE TABLE brand_public_keys (
    id         INTEGER PRIMARY KEY,
    brand_id   INTEGER NOT NULL REFERENCES brands (id),
    kid        TEXT NOT NULL,
    alg        TEXT NOT NULL,
    jwk        TEXT NOT NULL, -- the public JWK, canonical: kty, crv, x, y, kid, alg
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX brand_public_keys_brand_id ON brand_public_keys (brand_id, id);
CREATE UNIQUE INDEX brand_public_keys_brand_kid ON brand_public_keys (brand_id, kid);
