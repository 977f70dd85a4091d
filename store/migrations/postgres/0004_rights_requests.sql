-- Rights requests beyond consent (erase, restrict, object) and their steps, as in migrations/sqlite/0014.
CREATE TABLE rights_requests (
    id          BIGSERIAL,
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('erase', 'restrict', 'object')),
    message     TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'extended', 'done', 'refused')),
    due_date    TEXT NOT NULL,
    due_at      BIGINT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answer_lang TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
-- At most one open request of each kind per customer.
CREATE UNIQUE INDEX rights_requests_open ON rights_requests (brand_id, customer_id, kind)
    WHERE status IN ('received', 'in_progress', 'extended');
CREATE INDEX rights_requests_queue ON rights_requests (brand_id, status, due_at);
CREATE INDEX rights_requests_customer ON rights_requests (customer_id, created_at DESC);

CREATE TABLE rights_request_steps (
    id         BIGSERIAL,
    brand_id   BIGINT NOT NULL,
    request_id BIGINT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    note_lang  TEXT NOT NULL DEFAULT '',
    due_date   TEXT NOT NULL,
    actor      TEXT NOT NULL DEFAULT '',
    at         BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX rights_request_steps_request ON rights_request_steps (brand_id, request_id, id);
