-- vitrine:foreign-keys-off (the staff table is rebuilt below, which SQLite allows only with foreign keys off;
-- the runner checks every foreign key once the migration is in)
--
-- Marketing joins governance: a marketing role that reads the registry and its figures and proposes changes,
-- and proposals that only privacy (or admin) can approve, so nothing reaches customers unreviewed.

-- SQLite cannot change a CHECK constraint in place: the staff table is rebuilt with the new role allowed.
CREATE TABLE staff_users_new (
    id                  INTEGER PRIMARY KEY,
    brand_id            INTEGER REFERENCES brands(id),
    email               TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name                TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL CHECK (role IN ('support', 'marketing', 'privacy', 'admin')),
    password_hash       TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    last_sign_in_method TEXT NOT NULL DEFAULT '',
    last_sign_in_at     INTEGER,
    CHECK (brand_id IS NOT NULL OR role = 'admin')
);
INSERT INTO staff_users_new (id, brand_id, email, name, role, password_hash, created_at, last_sign_in_method, last_sign_in_at)
SELECT id, brand_id, email, name, role, password_hash, created_at, last_sign_in_method, last_sign_in_at FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_new RENAME TO staff_users;
CREATE INDEX staff_users_brand ON staff_users (brand_id, name);

-- A proposed change to one registry entry: the entry as proposed (JSON of the store's record) and as it was
-- when proposed, so the reviewer sees what would change. Only an approved proposal is applied.
CREATE TABLE registry_proposals (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands(id),
    entity      TEXT NOT NULL CHECK (entity IN ('system', 'purpose', 'category')),
    slug        TEXT NOT NULL,
    is_new      INTEGER NOT NULL DEFAULT 0, -- adds an entry rather than changing one
    body        TEXT NOT NULL,
    base        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',   -- the proposer's reason, for the reviewer
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'changes_requested', 'approved', 'rejected', 'withdrawn')),
    proposed_by INTEGER NOT NULL,           -- staff id: the proposer may not approve
    proposer    TEXT NOT NULL,              -- their name and e-mail when they proposed
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX registry_proposals_brand_id ON registry_proposals (brand_id, id);
CREATE INDEX registry_proposals_queue ON registry_proposals (brand_id, status, updated_at);

-- Every step of a proposal: proposed, revised, changes asked for (with the comment), approved, rejected, withdrawn.
CREATE TABLE registry_proposal_steps (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL,
    proposal_id INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('proposed', 'revised', 'changes_requested', 'approved', 'rejected', 'withdrawn')),
    actor_id    INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX registry_proposal_steps_brand_id ON registry_proposal_steps (brand_id, id);
CREATE INDEX registry_proposal_steps_proposal ON registry_proposal_steps (brand_id, proposal_id, id);

-- The change log names who proposed a change that someone else approved (actor).
ALTER TABLE registry_changes ADD COLUMN proposed_by TEXT NOT NULL DEFAULT '';
