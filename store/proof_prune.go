package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ProofPrune is what PruneProofs removed for one brand.
type ProofPrune struct {
	BrandID   int64
	BrandSlug string
	Months    int // the brand's legal period
	Customers int // customers whose chain lost its oldest entries
	Consents  int // consent records (and their receipts) removed
	Accesses  int // staff-access records removed
	Calls     int // records of customers' assistants' calls removed (kept as long as staff visits)
}

// SetProofRetention sets how many months the brand keeps receipts and staff-access records (the legal period its
// privacy team sets, 60 by default). There is no "for ever": the law wants them gone once no claim can need them.
func (db *DB) SetProofRetention(ctx context.Context, brandID int64, months int) error {
	if months < 1 || months > 1200 {
		return fmt.Errorf("store: a legal period of %d months: give 1 to 1200", months)
	}
	if _, err := db.w.ExecContext(ctx, db.d.rebind(`UPDATE brands SET proof_retention_months = ? WHERE id = ?`), months, brandID); err != nil {
		return fmt.Errorf("store: proof retention: %w", err)
	}
	return nil
}

// ProofRetention returns how many months the brand keeps receipts and staff-access records.
func (db *DB) ProofRetention(ctx context.Context, brandID int64) (int, error) {
	var m int
	if err := db.queryRow(ctx, `SELECT proof_retention_months FROM brands WHERE id = ?`, brandID).Scan(&m); err != nil {
		return 0, fmt.Errorf("store: proof retention: %w", err)
	}
	return m, nil
}

// PruneProofs removes, for every brand, the consent records with their receipts and the staff-access records
// older than the brand's legal period, from the start of each customer's chain: the entries removed are always a
// prefix, the record of each choice still in force is never removed (it proves the consent the brand relies on),
// and a visit's pages go with its opening record. The anchor keeps the hash the first kept entry points back to,
// so VerifyChain still checks the rest. dryRun counts without removing.
func (db *DB) PruneProofs(ctx context.Context, dryRun bool) ([]ProofPrune, error) {
	now := db.Now()
	brands, err := db.Brands(ctx)
	if err != nil {
		return nil, err
	}
	var out []ProofPrune
	for _, b := range brands {
		months, err := db.ProofRetention(ctx, b.ID)
		if err != nil {
			return out, err
		}
		res := ProofPrune{BrandID: b.ID, BrandSlug: b.Slug, Months: months}
		if months == 0 {
			out = append(out, res)
			continue
		}
		cutoff := now.AddDate(0, -months, 0).Unix()
		rows, err := db.query(ctx, `SELECT customer_id FROM consent_history WHERE brand_id = ? AND at < ?
			UNION SELECT customer_id FROM access_records WHERE brand_id = ? AND at < ? ORDER BY 1`, b.ID, cutoff, b.ID, cutoff)
		if err != nil {
			return out, fmt.Errorf("store: prune proofs: %w", err)
		}
		var custs []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return out, fmt.Errorf("store: prune proofs: %w", err)
			}
			custs = append(custs, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return out, fmt.Errorf("store: prune proofs: %w", err)
		}
		for _, c := range custs {
			var consents, accesses int
			err := db.tx(ctx, func(tx *txn) error {
				var err error
				consents, accesses, err = pruneCustomer(ctx, tx, b.ID, c, cutoff, now, dryRun)
				return err
			})
			if errors.Is(err, errDryRun) {
				err = nil
			}
			if err != nil {
				return out, err
			}
			if consents+accesses > 0 {
				res.Customers++
				res.Consents += consents
				res.Accesses += accesses
			}
		}
		// Customers' assistants' calls are records of access as staff visits are, kept for the same period. They
		// are not chained: their rows go by age alone.
		q := `DELETE FROM assistant_calls WHERE brand_id = ? AND at < ?`
		if dryRun {
			q = `SELECT count(*) FROM assistant_calls WHERE brand_id = ? AND at < ?`
			if err := db.r.QueryRowContext(ctx, q, b.ID, cutoff).Scan(&res.Calls); err != nil {
				return out, fmt.Errorf("store: prune assistant calls: %w", err)
			}
		} else {
			r, err := db.w.ExecContext(ctx, q, b.ID, cutoff)
			if err != nil {
				return out, fmt.Errorf("store: prune assistant calls: %w", err)
			}
			n, _ := r.RowsAffected()
			res.Calls = int(n)
		}
		out = append(out, res)
	}
	return out, nil
}

// errDryRun rolls back a dry run's transaction after it counted.
var errDryRun = errors.New("store: dry run")

// pruneCustomer removes the prefix of one customer's chain that is older than cutoff, in one transaction.
func pruneCustomer(ctx context.Context, tx *txn, brandID, customerID, cutoff int64, now time.Time, dryRun bool) (consents, accesses int, err error) {
	if err := lockCustomer(ctx, tx, customerID); err != nil {
		return 0, 0, err
	}
	type entry struct {
		seq, record, at, visit int64
		kind, hash             string
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.seq, p.kind, p.record_id, p.hash, coalesce(h.at, a.at, 0), coalesce(a.visit_id, 0) FROM proof_chain p
		LEFT JOIN consent_history h ON p.kind = 'consent' AND h.id = p.record_id
		LEFT JOIN access_records a ON p.kind = 'access' AND a.id = p.record_id
		WHERE p.brand_id = ? AND p.customer_id = ? ORDER BY p.seq`, brandID, customerID)
	if err != nil {
		return 0, 0, fmt.Errorf("store: prune proofs: chain: %w", err)
	}
	var chain []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.seq, &e.kind, &e.record, &e.hash, &e.at, &e.visit); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("store: prune proofs: chain: %w", err)
		}
		chain = append(chain, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: prune proofs: chain: %w", err)
	}
	// The records of the choices in force: the latest of each purpose, as the current state follows it.
	current := map[int64]bool{}
	crows, err := tx.QueryContext(ctx, `SELECT h.id FROM consent_history h WHERE h.brand_id = ? AND h.customer_id = ? AND NOT EXISTS (
		SELECT 1 FROM consent_history l WHERE l.brand_id = h.brand_id AND l.customer_id = h.customer_id AND l.purpose_id = h.purpose_id
		AND (l.at > h.at OR l.at = h.at AND l.id > h.id))`, brandID, customerID)
	if err != nil {
		return 0, 0, fmt.Errorf("store: prune proofs: choices in force: %w", err)
	}
	for crows.Next() {
		var id int64
		if err := crows.Scan(&id); err != nil {
			crows.Close()
			return 0, 0, fmt.Errorf("store: prune proofs: choices in force: %w", err)
		}
		current[id] = true
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: prune proofs: choices in force: %w", err)
	}
	n := 0
	for n < len(chain) && chain[n].at < cutoff && !(chain[n].kind == ProofConsent && current[chain[n].record]) {
		n++
	}
	// A visit's pages go with its opening: cut before an opening whose pages are not all in the prefix.
	for changed := true; changed; {
		changed = false
		in := map[int64]bool{}
		for _, e := range chain[:n] {
			if e.kind == ProofAccess {
				in[e.record] = true
			}
		}
		for _, e := range chain[n:] {
			if e.kind == ProofAccess && e.visit != 0 && in[e.visit] {
				for i, o := range chain[:n] {
					if o.kind == ProofAccess && o.record == e.visit {
						n, changed = i, true
						break
					}
				}
				break
			}
		}
	}
	if n == 0 {
		return 0, 0, nil
	}
	if tx.d == dialectPostgres {
		if _, err := tx.ExecContext(ctx, `SET LOCAL vitrine.pruning = 'on'`); err != nil {
			return 0, 0, fmt.Errorf("store: prune proofs: %w", err)
		}
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO proof_pruning (id) VALUES (1)`); err != nil {
		return 0, 0, fmt.Errorf("store: prune proofs: %w", err)
	}
	// Pages before their visit's opening, newest first, so no page outlives the record it points at.
	for i := n - 1; i >= 0; i-- {
		e := chain[i]
		if e.kind == ProofConsent {
			consents++
			if _, err := tx.ExecContext(ctx, `DELETE FROM receipt_signatures WHERE brand_id = ? AND receipt_id = (SELECT receipt_id FROM consent_history WHERE id = ?)`,
				brandID, e.record); err != nil {
				return 0, 0, fmt.Errorf("store: prune proofs: receipt: %w", err)
			}
			// The choices per day move with the history they count (VerifyRollups); the charts read recent days only.
			if _, err := tx.ExecContext(ctx, `UPDATE consent_daily SET
				granted = granted - (SELECT CASE WHEN state = 'granted' THEN 1 ELSE 0 END FROM consent_history WHERE id = ?),
				refused = refused - (SELECT CASE WHEN state = 'refused' THEN 1 ELSE 0 END FROM consent_history WHERE id = ?)
				WHERE brand_id = ? AND purpose_id = (SELECT purpose_id FROM consent_history WHERE id = ?) AND day = ?`,
				e.record, e.record, brandID, e.record, dayOf(e.at)); err != nil {
				return 0, 0, fmt.Errorf("store: prune proofs: choices per day: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM consent_history WHERE brand_id = ? AND id = ?`, brandID, e.record); err != nil {
				return 0, 0, fmt.Errorf("store: prune proofs: consent record: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM consent_daily WHERE brand_id = ? AND day = ? AND granted = 0 AND refused = 0`, brandID, dayOf(e.at)); err != nil {
				return 0, 0, fmt.Errorf("store: prune proofs: choices per day: %w", err)
			}
		} else {
			accesses++
			if _, err := tx.ExecContext(ctx, `DELETE FROM access_records WHERE brand_id = ? AND id = ?`, brandID, e.record); err != nil {
				return 0, 0, fmt.Errorf("store: prune proofs: access record: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM proof_chain WHERE brand_id = ? AND customer_id = ? AND seq = ?`, brandID, customerID, e.seq); err != nil {
			return 0, 0, fmt.Errorf("store: prune proofs: entry: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO proof_anchors (brand_id, customer_id, first_seq, prev_hash, removed, at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, customer_id) DO UPDATE SET first_seq = excluded.first_seq, prev_hash = excluded.prev_hash,
		removed = proof_anchors.removed + excluded.removed, at = excluded.at`,
		brandID, customerID, chain[n-1].seq+1, chain[n-1].hash, n, now.Unix()); err != nil {
		return 0, 0, fmt.Errorf("store: prune proofs: anchor: %w", err)
	}
	if tx.d != dialectPostgres {
		if _, err := tx.ExecContext(ctx, `DELETE FROM proof_pruning`); err != nil {
			return 0, 0, fmt.Errorf("store: prune proofs: %w", err)
		}
	}
	if err := bumpDataRev(ctx, tx, customerID); err != nil {
		return 0, 0, err
	}
	if dryRun {
		return consents, accesses, errDryRun
	}
	return consents, accesses, nil
}
