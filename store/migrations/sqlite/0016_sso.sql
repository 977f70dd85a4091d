-- Single sign-on for staff: a brand's OpenID Connect identity provider, and how each staff member last signed in.

-- One identity provider per brand. role_map is a JSON object from a value of the role_claim claim to a vitrine
-- role; domains is a JSON array of the e-mail domains the provider vouches for, which also tells the sign-in page
-- which brand a work address belongs to (the store keeps a domain to one brand). password_login 0 refuses the
-- password form to the brand's staff.
CREATE TABLE brand_sso (
    brand_id       INTEGER PRIMARY KEY REFERENCES brands(id),
    issuer         TEXT NOT NULL CHECK (issuer != ''),
    client_id      TEXT NOT NULL CHECK (client_id != ''),
    client_secret  TEXT NOT NULL,
    role_claim     TEXT NOT NULL CHECK (role_claim != ''),
    role_map       TEXT NOT NULL,
    domains        TEXT NOT NULL,
    password_login INTEGER NOT NULL DEFAULT 1,
    updated_at     INTEGER NOT NULL
);

-- How and when the person last signed in ('password' or 'sso'), for the team page. An account made by single
-- sign-on has no password: its password_hash is empty, which no password matches.
ALTER TABLE staff_users ADD COLUMN last_sign_in_method TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_users ADD COLUMN last_sign_in_at INTEGER;
