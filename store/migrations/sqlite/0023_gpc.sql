-- Global Privacy Control (https://privacycg.github.io/gpc-spec/). gpc_purposes holds a brand's own choice, per
-- purpose, of whether a browser's Sec-GPC: 1 turns that use off for the customer; a purpose without a row takes the
-- default from its codes (store.GPCDefault), so a purpose added later is covered without a visit to the settings.
-- updated_at moves only when a purpose's behaviour changes: it dates /.well-known/gpc.json's lastUpdate.
CREATE TABLE gpc_purposes (
    brand_id   INTEGER NOT NULL,
    purpose_id INTEGER NOT NULL,
    honoured   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (brand_id, purpose_id)
) WITHOUT ROWID;

-- The yeses a customer confirmed while their browser sent the signal, by the receipt of the choice: the signal then
-- leaves that choice standing instead of turning the use off again at the next page.
CREATE TABLE gpc_confirmations (
    brand_id    INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    receipt_id  TEXT NOT NULL,
    purpose_id  INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (brand_id, customer_id, receipt_id)
) WITHOUT ROWID;
