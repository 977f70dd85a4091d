package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"vitrine/proof"
)

// ChainReport is what checking a customer's proofs found: how much was checked and every way it failed.
type ChainReport struct {
	Entries  int      // chain entries checked
	Consents int      // consent records, each with its signed receipt
	Accesses int      // staff-access records
	Head     string   // the hash of the chain's last entry
	Removed  int64    // entries removed after the brand's legal period, before the chain's anchor
	Problems []string // empty when everything matches
}

// OK reports whether the customer's proofs all check out.
func (r ChainReport) OK() bool { return len(r.Problems) == 0 }

// WithPublicURL names the server's public address, which receipts give as their issuer and in their links.
func WithPublicURL(u string) Option {
	return func(db *DB) { db.publicURL = u }
}

// VerifyChain checks one customer's proofs from the rows as they are now: every chain entry follows the one
// before it and matches the canonical form of its record; every consent and access record is in the chain; every
// receipt's signature holds under the published keys, says what its record says and names its own entry; and no
// receipt names a chain longer than the one left.
func (db *DB) VerifyChain(ctx context.Context, brandID, customerID int64) (ChainReport, error) {
	var rep ChainReport
	var slug, ext string
	if err := db.queryRow(ctx, `SELECT b.slug, c.external_id FROM customers c JOIN brands b ON b.id = c.brand_id WHERE c.id = ? AND c.brand_id = ?`,
		customerID, brandID).Scan(&slug, &ext); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return rep, ErrNotFound
		}
		return rep, fmt.Errorf("store: verify chain: %w", err)
	}
	consents, accesses, err := proofRecords(ctx, db.r, brandID, customerID)
	if err != nil {
		return rep, fmt.Errorf("store: verify chain: %w", err)
	}
	rep.Consents, rep.Accesses = len(consents), len(accesses)

	type entry struct {
		seq, record  int64
		kind         string
		prev, hashed string
	}
	var chain []entry
	crows, err := db.query(ctx, `SELECT seq, kind, record_id, prev_hash, hash FROM proof_chain WHERE brand_id = ? AND customer_id = ? ORDER BY seq`, brandID, customerID)
	if err != nil {
		return rep, fmt.Errorf("store: verify chain: entries: %w", err)
	}
	for crows.Next() {
		var e entry
		if err := crows.Scan(&e.seq, &e.kind, &e.record, &e.prev, &e.hashed); err != nil {
			crows.Close()
			return rep, fmt.Errorf("store: verify chain: entries: %w", err)
		}
		chain = append(chain, e)
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return rep, fmt.Errorf("store: verify chain: entries: %w", err)
	}
	rep.Entries = len(chain)

	// After the legal period the chain starts at its anchor: the first kept entry and the hash it points back to.
	prev, first := proof.Genesis(slug, ext), int64(1)
	err = db.queryRow(ctx, `SELECT first_seq, prev_hash, removed FROM proof_anchors WHERE brand_id = ? AND customer_id = ?`, brandID, customerID).
		Scan(&first, &prev, &rep.Removed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return rep, fmt.Errorf("store: verify chain: anchor: %w", err)
	}
	entryOfReceipt := map[string]string{}
	chained := map[string]bool{}
	for i, e := range chain {
		if want := first + int64(i); e.seq != want {
			rep.Problems = append(rep.Problems, fmt.Sprintf("entry %d is missing: the chain jumps from %d to %d", want, want-1, e.seq))
		}
		if e.prev != prev {
			rep.Problems = append(rep.Problems, fmt.Sprintf("entry %d does not follow the entry before it", e.seq))
		}
		var fields map[string]any
		switch e.kind {
		case ProofConsent:
			c, ok := consents[e.record]
			if !ok {
				rep.Problems = append(rep.Problems, fmt.Sprintf("entry %d: its consent record (row %d) was deleted", e.seq, e.record))
				break
			}
			fields = consentEntry(c)
			entryOfReceipt[c.ReceiptID] = e.hashed
		case ProofAccess:
			a, ok := accesses[e.record]
			if !ok {
				rep.Problems = append(rep.Problems, fmt.Sprintf("entry %d: its staff-access record (row %d) was deleted", e.seq, e.record))
				break
			}
			fields = accessEntry(a)
		}
		chained[e.kind+fmt.Sprint(e.record)] = true
		if fields != nil {
			h, err := proof.Link(fields, e.prev)
			if err != nil {
				return rep, err
			}
			if h != e.hashed {
				rep.Problems = append(rep.Problems, fmt.Sprintf("entry %d: its %s record (row %d) was changed after it was written", e.seq, e.kind, e.record))
			}
		}
		prev = e.hashed
	}
	rep.Head = prev
	for _, id := range sortedKeys(consents, int64Less) {
		if !chained[ProofConsent+fmt.Sprint(id)] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("consent record %d (receipt %s) is not in the chain", id, consents[id].ReceiptID))
		}
	}
	for _, id := range sortedKeys(accesses, int64Less) {
		if !chained[ProofAccess+fmt.Sprint(id)] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("staff-access record %d is not in the chain", id))
		}
	}

	// The receipts: each one signed, saying what its record says, naming its own entry; the furthest head any of
	// them names is a length the chain must still have.
	set, err := db.ReceiptJWKS(ctx)
	if err != nil {
		return rep, err
	}
	sigs := map[string]string{}
	srows, err := db.query(ctx, `SELECT receipt_id, jws FROM receipt_signatures WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return rep, fmt.Errorf("store: verify chain: receipts: %w", err)
	}
	for srows.Next() {
		var id, jws string
		if err := srows.Scan(&id, &jws); err != nil {
			srows.Close()
			return rep, fmt.Errorf("store: verify chain: receipts: %w", err)
		}
		sigs[id] = jws
	}
	srows.Close()
	if err := srows.Err(); err != nil {
		return rep, fmt.Errorf("store: verify chain: receipts: %w", err)
	}
	var furthest float64
	recorded := map[string]bool{}
	for _, c := range consents {
		recorded[c.ReceiptID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(sigs)) {
		jws := sigs[id]
		if recorded[id] {
			continue
		}
		// A receipt whose record is gone still counts: its head says how long the chain was.
		rep.Problems = append(rep.Problems, fmt.Sprintf("receipt %s: its consent record was deleted", id))
		if payload, _, err := proof.Verify(jws, set); err == nil {
			ch, _ := payload["chain"].(map[string]any)
			if seq, _ := ch["seq"].(float64); seq > furthest {
				furthest = seq
			}
		}
	}
	for _, id := range sortedKeys(consents, int64Less) {
		c := consents[id]
		jws, ok := sigs[c.ReceiptID]
		if !ok {
			rep.Problems = append(rep.Problems, fmt.Sprintf("receipt %s has no signature", c.ReceiptID))
			continue
		}
		payload, _, err := proof.Verify(jws, set)
		if err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("receipt %s: %v", c.ReceiptID, err))
			continue
		}
		ev, _ := payload["event"].(map[string]any)
		ch, _ := payload["chain"].(map[string]any)
		if payload["receipt_id"] != c.ReceiptID || ev["state"] != c.State || ev["time"] != c.At.UTC().Format(time.RFC3339) || ev["method"] != c.Method {
			rep.Problems = append(rep.Problems, fmt.Sprintf("receipt %s says other than its consent record", c.ReceiptID))
		}
		if h, ok := entryOfReceipt[c.ReceiptID]; ok && ch["hash"] != h {
			rep.Problems = append(rep.Problems, fmt.Sprintf("receipt %s names another chain entry than its own", c.ReceiptID))
		}
		if seq, _ := ch["seq"].(float64); seq > furthest {
			furthest = seq
		}
	}
	if last := first + int64(len(chain)) - 1; int64(furthest) > last {
		rep.Problems = append(rep.Problems, fmt.Sprintf("a receipt names entry %d, but the chain ends at %d: entries were removed", int(furthest), last))
	}
	return rep, nil
}

func int64Less(a, b int64) bool { return a < b }

// backfillProofs chains the records written before chains existed and signs their receipts, once, customer by
// customer in time order, when migration 0025 left its marker; a customer already chained (an earlier run that
// stopped half-way) is skipped.
func (db *DB) backfillProofs(ctx context.Context) error {
	var pending int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM proof_backfill`).Scan(&pending); err != nil {
		return fmt.Errorf("store: proof backfill: %w", err)
	}
	if pending == 0 {
		return nil
	}
	type cust struct{ brand, id int64 }
	var custs []cust
	rows, err := db.w.QueryContext(ctx, `SELECT brand_id, customer_id FROM consent_history UNION SELECT brand_id, customer_id FROM access_records ORDER BY 1, 2`)
	if err != nil {
		return fmt.Errorf("store: proof backfill: %w", err)
	}
	for rows.Next() {
		var c cust
		if err := rows.Scan(&c.brand, &c.id); err != nil {
			rows.Close()
			return fmt.Errorf("store: proof backfill: %w", err)
		}
		custs = append(custs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: proof backfill: %w", err)
	}
	for _, c := range custs {
		if err := db.tx(ctx, func(tx *txn) error { return db.backfillCustomer(ctx, tx, c.brand, c.id) }); err != nil {
			return err
		}
	}
	if _, err := db.w.ExecContext(ctx, `DELETE FROM proof_backfill`); err != nil {
		return fmt.Errorf("store: proof backfill done: %w", err)
	}
	return nil
}

func (db *DB) backfillCustomer(ctx context.Context, tx *txn, brandID, customerID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM proof_chain WHERE brand_id = ? AND customer_id = ?`, brandID, customerID).Scan(&n); err != nil {
		return fmt.Errorf("store: proof backfill: %w", err)
	}
	if n > 0 {
		return nil
	}
	type rec struct {
		at, id int64
		kind   string
		c      ConsentChange
		a      AccessRecord
	}
	var recs []rec
	var ext, locale string
	if err := tx.QueryRowContext(ctx, `SELECT external_id, locale FROM customers WHERE id = ?`, customerID).Scan(&ext, &locale); err != nil {
		return fmt.Errorf("store: proof backfill: %w", err)
	}
	consents, accesses, err := proofRecords(ctx, tx, brandID, customerID)
	if err != nil {
		return fmt.Errorf("store: proof backfill: %w", err)
	}
	for id, c := range consents {
		recs = append(recs, rec{at: c.At.Unix(), id: id, kind: ProofConsent, c: c})
	}
	for id, a := range accesses {
		recs = append(recs, rec{at: a.At.Unix(), id: id, kind: ProofAccess, a: a})
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].at != recs[j].at {
			return recs[i].at < recs[j].at
		}
		if recs[i].kind != recs[j].kind {
			return recs[i].kind < recs[j].kind
		}
		return recs[i].id < recs[j].id
	})
	reg, err := loadRegistry(ctx, tx, brandID)
	if err != nil {
		return err
	}
	previous := map[int64]string{}
	for _, r := range recs {
		if r.kind == ProofAccess {
			if _, err := appendProof(ctx, tx, brandID, customerID, ProofAccess, r.id, accessEntry(r.a)); err != nil {
				return err
			}
			continue
		}
		link, err := appendProof(ctx, tx, brandID, customerID, ProofConsent, r.id, consentEntry(r.c))
		if err != nil {
			return err
		}
		receipt, err := db.buildReceipt(ctx, tx, reg, brandID, r.c, previous[r.c.PurposeID], ext, locale, link)
		if err != nil {
			return err
		}
		if err := db.signReceipt(ctx, tx, brandID, customerID, receipt, db.Now()); err != nil {
			return err
		}
		previous[r.c.PurposeID] = r.c.State
	}
	return nil
}

// Where a receipt's chain entry stands in the database's chain, by ChainHolds.
const (
	ChainHeld    = "held"    // the entry is there, with the receipt's hash
	ChainPruned  = "pruned"  // removed after the brand's legal period: before the chain's anchor
	ChainChanged = "changed" // an entry of that number holds another hash: the chain was rewritten
	ChainMissing = "missing" // no entry of that number: the chain was cut after the receipt was made
)

// ChainHolds tells whether the customer's chain still holds the entry a receipt names (seq and hash): a
// receipt the customer kept then shows a chain cut or rewritten since, even with the receipts' signatures gone.
func (db *DB) ChainHolds(ctx context.Context, brandID, customerID, seq int64, hash string) (string, error) {
	var got string
	err := db.queryRow(ctx, `SELECT hash FROM proof_chain WHERE brand_id = ? AND customer_id = ? AND seq = ?`, brandID, customerID, seq).Scan(&got)
	switch {
	case err == nil && got == hash:
		return ChainHeld, nil
	case err == nil:
		return ChainChanged, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("store: chain entry: %w", err)
	}
	var first int64
	err = db.queryRow(ctx, `SELECT first_seq FROM proof_anchors WHERE brand_id = ? AND customer_id = ?`, brandID, customerID).Scan(&first)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: chain anchor: %w", err)
	}
	if err == nil && seq < first {
		return ChainPruned, nil
	}
	return ChainMissing, nil
}

// proofRecords reads the customer's consent records and staff-access records by row id: what their chain covers.
func proofRecords(ctx context.Context, q querier, brandID, customerID int64) (map[int64]ConsentChange, map[int64]AccessRecord, error) {
	consents := map[int64]ConsentChange{}
	rows, err := q.QueryContext(ctx, `SELECT id, receipt_id, customer_id, purpose_id, state, legal_basis, method, policy_version, actor, at
		FROM consent_history WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return nil, nil, fmt.Errorf("consent records: %w", err)
	}
	for rows.Next() {
		var id, at int64
		var c ConsentChange
		if err := rows.Scan(&id, &c.ReceiptID, &c.CustomerID, &c.PurposeID, &c.State, &c.LegalBasis, &c.Method, &c.PolicyVersion, &c.Actor, &at); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("consent records: %w", err)
		}
		c.At = time.Unix(at, 0).UTC()
		consents[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("consent records: %w", err)
	}
	accesses := map[int64]AccessRecord{}
	arows, err := q.QueryContext(ctx, `SELECT `+accessCols+` FROM access_records a WHERE a.brand_id = ? AND a.customer_id = ?`, brandID, customerID)
	if err != nil {
		return nil, nil, fmt.Errorf("access records: %w", err)
	}
	defer arows.Close()
	for arows.Next() {
		r, err := scanAccess(arows)
		if err != nil {
			return nil, nil, fmt.Errorf("access records: %w", err)
		}
		accesses[r.ID] = r
	}
	if err := arows.Err(); err != nil {
		return nil, nil, fmt.Errorf("access records: %w", err)
	}
	return consents, accesses, nil
}
