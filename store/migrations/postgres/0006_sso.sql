-- Single sign-on for staff, as in migrations/sqlite/0016: a brand's OpenID Connect identity provider (distributed
-- by brand like every tenant table; the sign-in page reads its few rows across brands to match an e-mail domain),
-- and how each staff member last signed in.
CREATE TABLE brand_sso (
    brand_id       BIGINT PRIMARY KEY,
    issuer         TEXT NOT NULL CHECK (issuer != ''),
    client_id      TEXT NOT NULL CHECK (client_id != ''),
    client_secret  TEXT NOT NULL,
    role_claim     TEXT NOT NULL CHECK (role_claim != ''),
    role_map       TEXT NOT NULL,
    domains        TEXT NOT NULL,
    password_login BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at     BIGINT NOT NULL
);

ALTER TABLE staff_users ADD COLUMN last_sign_in_method TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_users ADD COLUMN last_sign_in_at BIGINT;
