package store

// The store's caches, all of them, and the one rule that keeps them true across processes.
//
// Rule: every write that changes what a cache holds moves a revision counter in the same transaction, written by
// the store itself on both engines; every read that uses a cache first reads the counter (most pages read all of
// them with the session, in one query: SessionView) and uses the cached value only when it was made at that
// revision. A change committed by any process (another server on the same PostgreSQL, `vitrine import` or
// `vitrine registry apply` beside a server on the same SQLite file) is therefore seen by the next page everywhere,
// and a page never shows less than what was committed before it began. Nothing here expires by time.
//
//   - Registry (regCache, registry.go): a brand's systems, purposes, categories, texts, model versions and recent
//     changes, by brands.registry_rev, which every registry write moves (bumpRegistry).
//   - Customer memo (custCache, custcache.go): one customer's page reads (usage, events' first pages, counts,
//     consents, reviews, staff visits), by customers.data_rev, which every event batch, consent, review and staff
//     visit of the customer moves (InsertEvents, recordConsent, bumpDataRev), and every retention batch that
//     deletes any of their events (retention_run.go) and their erasure (erase.go).
//   - Closed-month sums (custEntry.past and the parts they are summed from, custEntry.parts, window.go): the part
//     of a customer's window before the current month, by customers.past_rev, which a batch moves only when it adds
//     to a closed month (a late event); they outlive data revisions, so a view after new data reads this month's
//     rows only. After a late event the parts of the other months carry over: the same batch records, per month
//     it changed, the new past_rev in customer_late_months, and a carried part is used only if its month has no
//     row newer than the revision it was made at. An erasure empties every month of the customer: it moves
//     past_rev and notes each of those months there, so no part carries over; retention changes no rollup.
//
// Three more hold no customer data and need no revision: prepared statements by query text (stmts for the
// readers, wstmts for the writer's transactions, SQLite only: pgx keeps PostgreSQL's per connection), PostgreSQL forms of query texts (rebound, dialect.go), and the
// months whose usage_events partition exists (partitions, partitions.go), and receipt-signing keys parsed from
// their seed, by kid (receiptKeys, proof.go): a kid is the key's own thumbprint, so an entry can never be stale,
// and which key signs is read from receipt_keys on every receipt. Visit times waiting for the background
// writer (visitPending, visits.go) are writes on their way, read back by TouchVisit until they land; so are API
// keys' newest uses (keyPending, keyuse.go), written every few seconds as max(stored, new) so servers sharing
// the database never move a time back, and read back by APIKeys here (another server's list lags by up to 5 s).
//
// Outside the store, an export keeps, for its own request only, the sentence of each shape of event it has
// written (plain.EventStories), and the handlers keep each brand's OpenID Connect provider (Server.sso, handlers/sso.go): its
// discovery document, fetched from the issuer at the first single sign-on, and through go-oidc its signing keys,
// fetched again when a token names an unknown key. It holds no customer data; it is replaced when the brand's
// issuer changes, and a failed discovery is not kept.
