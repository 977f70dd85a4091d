-- A customer's request to erase their data, restrict its use, or object to it (GDPR Art. 17, 18, 21), the
-- deadline the brand must answer by (one month from receipt, Art. 12(3), extendable by two more), and each step
-- of its handling. A customer has at most one open request of each kind.
CREATE TABLE rights_requests (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind        TEXT NOT NULL CHECK (kind IN ('erase', 'restrict', 'object')),
    message     TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'extended', 'done', 'refused')),
    due_date    TEXT NOT NULL,    -- the last day to answer, in the brand's time zone (YYYY-MM-DD)
    due_at      INTEGER NOT NULL, -- the instant that day ends: past it, an open request is overdue
    answer      TEXT NOT NULL DEFAULT '',
    answer_lang TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX rights_requests_brand_id ON rights_requests (brand_id, id);
CREATE UNIQUE INDEX rights_requests_open ON rights_requests (brand_id, customer_id, kind)
    WHERE status IN ('received', 'in_progress', 'extended');
CREATE INDEX rights_requests_queue ON rights_requests (brand_id, status, due_at);
CREATE INDEX rights_requests_customer ON rights_requests (customer_id, created_at DESC);

-- Every step of a request, as the customer reads it: received, in progress, extended (with the new deadline and
-- the brand's reason), done or refused (with the answer).
CREATE TABLE rights_request_steps (
    id         INTEGER PRIMARY KEY,
    brand_id   INTEGER NOT NULL,
    request_id INTEGER NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    note_lang  TEXT NOT NULL DEFAULT '',
    due_date   TEXT NOT NULL,
    actor      TEXT NOT NULL DEFAULT '', -- staff e-mail, "api", or "" for the customer
    at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX rights_request_steps_brand_id ON rights_request_steps (brand_id, id);
CREATE INDEX rights_request_steps_request ON rights_request_steps (brand_id, request_id, id);
