-- Global Privacy Control: the brand's choice of the purposes the signal turns off, and the yeses a customer
-- confirmed while sending it (see the SQLite migration 0023).
CREATE TABLE gpc_purposes (
    brand_id   BIGINT NOT NULL,
    purpose_id BIGINT NOT NULL,
    honoured   BOOLEAN NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, purpose_id)
);

CREATE TABLE gpc_confirmations (
    brand_id    BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    receipt_id  TEXT NOT NULL,
    purpose_id  BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    PRIMARY KEY (brand_id, customer_id, receipt_id)
);
