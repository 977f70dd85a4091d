-- Staff console: staff accounts and their sessions, failed sign-ins (for throttling that survives a restart),
-- the append-only record of every look a staff member takes at a customer, and the customer search index.

-- A staff member belongs to one brand; a platform admin (brand_id NULL) belongs to none and manages accounts only.
-- Only an argon2id hash of the password is kept, in PHC form, with its own salt and parameters.
CREATE TABLE staff_users (
    id            INTEGER PRIMARY KEY,
    brand_id      INTEGER REFERENCES brands(id),
    email         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('support', 'privacy', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    CHECK (brand_id IS NOT NULL OR role = 'admin')
);
CREATE INDEX staff_users_brand ON staff_users (brand_id, name);

-- Staff sessions; only a hash of the cookie value is stored. A session ends after 30 idle minutes (last_seen_at)
-- or at expires_at, whichever comes first.
CREATE TABLE staff_sessions (
    id_hash      TEXT PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff_users(id),
    locale       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Failed sign-ins, keyed "account:EMAIL" or "ip:ADDRESS"; sign-in is refused for a key with too many recent ones.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- Every look a staff member takes at a customer. A visit starts with a record that carries the reason given
-- (visit_id NULL); each page seen during the visit adds a record pointing at it. Who looked is copied in, so the
-- record stays true if the account changes later. Like consent_history, it is append-only.
CREATE TABLE access_records (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    staff_id    INTEGER NOT NULL REFERENCES staff_users(id),
    staff_email TEXT NOT NULL,
    staff_name  TEXT NOT NULL,
    staff_role  TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason != ''),
    what        TEXT NOT NULL CHECK (what != ''),
    at          INTEGER NOT NULL,
    visit_id    INTEGER REFERENCES access_records(id)
);
-- The customer's list of visits, newest first; the pages of one visit; the brand's audit log, whole or by agent;
-- and "did this agent give a reason for this customer lately".
CREATE INDEX access_records_customer ON access_records (customer_id, at DESC, id DESC) WHERE visit_id IS NULL;
CREATE INDEX access_records_visit ON access_records (visit_id, id) WHERE visit_id IS NOT NULL;
CREATE INDEX access_records_brand ON access_records (brand_id, at DESC, id DESC);
CREATE INDEX access_records_brand_staff ON access_records (brand_id, staff_id, at DESC, id DESC);
CREATE INDEX access_records_reason ON access_records (staff_id, customer_id, at DESC) WHERE visit_id IS NULL;
CREATE TRIGGER access_records_append_only_update BEFORE UPDATE ON access_records
BEGIN SELECT RAISE(ABORT, 'access records are append-only'); END;
CREATE TRIGGER access_records_append_only_delete BEFORE DELETE ON access_records
BEGIN SELECT RAISE(ABORT, 'access records are append-only'); END;

-- Staff search: a trigram full-text index over email, name and external id finds any part of them, whatever the
-- case or accents, without scanning the table. It holds no copy of the text (content='customers') and triggers
-- keep it in step with every write to customers. Queries shorter than a trigram use the prefix indexes below.
CREATE VIRTUAL TABLE customers_search USING fts5(
    email, name, external_id, content='customers', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
INSERT INTO customers_search (customers_search) VALUES ('rebuild');
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_search (rowid, email, name, external_id) VALUES (new.id, new.email, new.name, new.external_id);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_search (customers_search, rowid, email, name, external_id)
    VALUES ('delete', old.id, old.email, old.name, old.external_id);
END;
-- Ingest upserts customers often without changing them; only a real change touches the index.
CREATE TRIGGER customers_search_update AFTER UPDATE OF email, name, external_id ON customers
WHEN old.email IS NOT new.email OR old.name IS NOT new.name OR old.external_id IS NOT new.external_id BEGIN
    INSERT INTO customers_search (customers_search, rowid, email, name, external_id)
    VALUES ('delete', old.id, old.email, old.name, old.external_id);
    INSERT INTO customers_search (rowid, email, name, external_id) VALUES (new.id, new.email, new.name, new.external_id);
END;
CREATE INDEX customers_brand_name_nocase ON customers (brand_id, name COLLATE NOCASE);
CREATE INDEX customers_brand_email_nocase ON customers (brand_id, email COLLATE NOCASE);
CREATE INDEX customers_brand_external_nocase ON customers (brand_id, external_id COLLATE NOCASE);
