-- A brand's own public keys (JWK), as in migrations/sqlite/0013: they verify the tokens the brand signs with its
-- private key, named by kid, each accepted with one algorithm (ES256 or EdDSA).
CREATE TABLE brand_public_keys (
    id         BIGSERIAL,
    brand_id   BIGINT NOT NULL,
    kid        TEXT NOT NULL,
    alg        TEXT NOT NULL,
    jwk        TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, kid)
);
