-- Customers' own AI assistants, connected through vitrine's OAuth 2.1 authorization server to its MCP server.
--
-- oauth_clients are the assistant applications, known to the whole installation (one assistant serves customers of
-- every brand): registered dynamically (RFC 7591) or described by a Client ID Metadata Document fetched from its
-- client_id URL. Their names are the application's own claim, shown as such on the consent screen.
CREATE TABLE oauth_clients (
    client_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    client_uri    TEXT NOT NULL DEFAULT '',
    redirect_uris TEXT NOT NULL, -- one per line, matched exactly
    kind          TEXT NOT NULL CHECK (kind IN ('registered', 'metadata')),
    created_at    INTEGER NOT NULL,
    fetched_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- A grant is one customer's yes to one assistant: what it may do (scopes), for which resource (the MCP server's
-- address: tokens are audience-bound, RFC 8707) and until when. Revoking it ends every token made under it.
CREATE TABLE assistant_grants (
    id           INTEGER PRIMARY KEY,
    brand_id     INTEGER NOT NULL REFERENCES brands(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    client_id    TEXT NOT NULL,
    client_name  TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    resource     TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    revoked_why  TEXT NOT NULL DEFAULT '',
    last_used_at INTEGER,
    last_used    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assistant_grants_customer ON assistant_grants (brand_id, customer_id, created_at DESC);

-- Authorization codes, access and refresh tokens, kept as hashes only, each under the brand of its grant (the brand
-- id is part of the token, so a lookup goes to one brand's rows). A refresh token used once is marked used_at: a
-- second use is a stolen token, and revokes the grant (OAuth 2.1 §4.3.1).
CREATE TABLE assistant_tokens (
    brand_id       INTEGER NOT NULL,
    hash           TEXT NOT NULL,
    grant_id       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('code', 'access', 'refresh')),
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER,
    redirect_uri   TEXT NOT NULL DEFAULT '',
    code_challenge TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, hash)
) WITHOUT ROWID;
CREATE INDEX assistant_tokens_grant ON assistant_tokens (brand_id, grant_id);

-- Every call an assistant made, shown to the customer as staff visits are; assistant_calls_daily counts them per
-- brand and day for /admin, which never counts the calls themselves.
CREATE TABLE assistant_calls (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    grant_id    INTEGER NOT NULL,
    tool        TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX assistant_calls_customer ON assistant_calls (customer_id, at DESC, id DESC);

CREATE TABLE assistant_calls_daily (
    brand_id INTEGER NOT NULL,
    day      INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (brand_id, day)
) WITHOUT ROWID;

-- Changes an assistant prepared (change_choice, request_review): nothing happens until the customer opens the link
-- and confirms; the link is good once, for a day.
CREATE TABLE assistant_proposals (
    brand_id    INTEGER NOT NULL,
    id          TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    grant_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('choice', 'review')),
    purpose_id  INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL DEFAULT '',
    event_id    INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    done_at     INTEGER,
    PRIMARY KEY (brand_id, id)
) WITHOUT ROWID;
