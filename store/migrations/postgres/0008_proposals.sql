-- Marketing joins governance: the marketing role, and registry proposals with their steps, as in
-- migrations/sqlite/0018.
ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check CHECK (role IN ('support', 'marketing', 'privacy', 'admin'));

CREATE TABLE registry_proposals (
    id          BIGSERIAL,
    brand_id    BIGINT NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('system', 'purpose', 'category')),
    slug        TEXT NOT NULL,
    is_new      BOOLEAN NOT NULL DEFAULT FALSE,
    body        TEXT NOT NULL,
    base        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'changes_requested', 'approved', 'rejected', 'withdrawn')),
    proposed_by BIGINT NOT NULL,
    proposer    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX registry_proposals_queue ON registry_proposals (brand_id, status, updated_at);

CREATE TABLE registry_proposal_steps (
    id          BIGSERIAL,
    brand_id    BIGINT NOT NULL,
    proposal_id BIGINT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('proposed', 'revised', 'changes_requested', 'approved', 'rejected', 'withdrawn')),
    actor_id    BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX registry_proposal_steps_proposal ON registry_proposal_steps (brand_id, proposal_id, id);

ALTER TABLE registry_changes ADD COLUMN proposed_by TEXT NOT NULL DEFAULT '';
