package store

import (
	"context"
	"fmt"
	"time"
)

// Erasure (GDPR Art. 17): when the brand marks a customer's erasure request done, vitrine deletes the personal
// data it holds about them in the transaction of that step: every use of their data (raw events, the
// explanations and reviews of its decisions), their per-customer rollups and stats, their sessions, and their
// name, e-mail and language. What the law makes the brand keep stays: the history of their consent choices (the
// proof of consent, Art. 7(1)) and the record of staff who looked at their data (the brand's accountability,
// Art. 5(2)); the customer row stays, with their id and the brand's id for them only, because those records
// point at it. The brand's own counts (per day, month and in all) keep the erased uses as numbers, without the
// customer; erased_usage_daily holds those numbers so VerifyRollups can still check them.

// KeptProofYears is how long, in whole years rounded up, the brand keeps the proof of a customer's consent choices
// and the record of staff looking at their data, after an erasure as always: the legal period the brand sets
// (SetProofRetention; 60 months by default, five years, the usual limitation period for a claim in France, Civil
// Code art. 2224), after which PruneProofs removes them.
func (db *DB) KeptProofYears(ctx context.Context, brandID int64) (int, error) {
	m, err := db.ProofRetention(ctx, brandID)
	return (m + 11) / 12, err
}

// Kept records of an erased customer, as ErasedKept names them.
const (
	KeptConsentHistory = "consent_history" // the proofs of their consent choices
	KeptStaffAccess    = "staff_access"    // the record of staff who looked at their data
	KeptRequests       = "rights_requests" // their requests and the brand's answers, this one included
)

// ErasedKept lists what an erasure keeps, in the order pages tell it.
var ErasedKept = []string{KeptConsentHistory, KeptStaffAccess, KeptRequests}

// eraseCustomer deletes the customer's personal data but for what the law makes the brand keep (see above), in
// tx. It can run again: a second time it finds nothing left, and only moves the revisions.
func eraseCustomer(ctx context.Context, tx *txn, brandID, customerID int64, now time.Time) error {
	// Reviews point at the events they are about; the pending ones leave the brand's queue count.
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM review_requests WHERE brand_id = ? AND customer_id = ? AND status = 'pending'`,
		brandID, customerID).Scan(&pending); err != nil {
		return fmt.Errorf("store: erase: reviews: %w", err)
	}
	if pending > 0 {
		if err := movePendingReviews(ctx, tx, brandID, -pending); err != nil {
			return err
		}
	}
	// The brand's counts keep the erased uses: note them without the customer.
	if _, err := tx.ExecContext(ctx, `INSERT INTO erased_usage_daily (brand_id, day, system_id, purpose_id, action, n, violations)
		SELECT brand_id, occurred_at / 86400, system_id, purpose_id, action, count(*), sum(CASE WHEN consent_violation = `+tx.d.yes()+` THEN 1 ELSE 0 END)
		FROM usage_events WHERE brand_id = ? AND customer_id = ? GROUP BY brand_id, occurred_at / 86400, system_id, purpose_id, action
		ON CONFLICT (brand_id, day, system_id, purpose_id, action) DO UPDATE SET n = erased_usage_daily.n + excluded.n,
			violations = erased_usage_daily.violations + excluded.violations`, brandID, customerID); err != nil {
		return fmt.Errorf("store: erase: brand counts: %w", err)
	}
	// The brand's reach per system counts each customer at the day of their last use: they leave it.
	rows, err := tx.QueryContext(ctx, `SELECT system_id, last_at FROM customer_system_stats WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return fmt.Errorf("store: erase: stats: %w", err)
	}
	moves := map[reachKey]int{}
	for rows.Next() {
		var sys, last int64
		if err := rows.Scan(&sys, &last); err != nil {
			rows.Close()
			return fmt.Errorf("store: erase: stats: %w", err)
		}
		moves[reachKey{sys, dayOf(last)}]--
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: erase: stats: %w", err)
	}
	if err := writeReach(ctx, tx, brandID, moves); err != nil {
		return err
	}
	// The closed months of their memo (custcache.go): every month they had goes, so each is noted as changed.
	var months []int64
	mrows, err := tx.QueryContext(ctx, `SELECT DISTINCT month FROM rollup_monthly WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return fmt.Errorf("store: erase: months: %w", err)
	}
	for mrows.Next() {
		var m int64
		if err := mrows.Scan(&m); err != nil {
			mrows.Close()
			return fmt.Errorf("store: erase: months: %w", err)
		}
		months = append(months, m)
	}
	if err := mrows.Close(); err != nil {
		return fmt.Errorf("store: erase: months: %w", err)
	}
	byEventKey := `brand_id = ? AND event_key IN (SELECT event_key FROM usage_events WHERE brand_id = ? AND customer_id = ?)`
	deletes := []struct{ what, q string }{
		{"reviews", `DELETE FROM review_requests WHERE brand_id = ? AND customer_id = ?`},
		{"explanations", `DELETE FROM event_explanations WHERE ` + byEventKey},
		{"event keys", `DELETE FROM event_keys WHERE ` + byEventKey},
		{"events", `DELETE FROM usage_events WHERE brand_id = ? AND customer_id = ?`},
		{"daily rollups", `DELETE FROM rollup_daily WHERE brand_id = ? AND customer_id = ?`},
		{"daily category rollups", `DELETE FROM rollup_category_daily WHERE brand_id = ? AND customer_id = ?`},
		{"monthly rollups", `DELETE FROM rollup_monthly WHERE brand_id = ? AND customer_id = ?`},
		{"monthly category rollups", `DELETE FROM rollup_category_monthly WHERE brand_id = ? AND customer_id = ?`},
		{"stats", `DELETE FROM customer_system_stats WHERE brand_id = ? AND customer_id = ?`},
		{"training", `DELETE FROM customer_training WHERE brand_id = ? AND customer_id = ?`},
		{"sessions", `DELETE FROM customer_sessions WHERE brand_id = ? AND customer_id = ?`},
		{"late months", `DELETE FROM customer_late_months WHERE brand_id = ? AND customer_id = ?`},
		// Which yes the customer confirmed despite their browser's GPC signal: about the person's browsing, not a
		// consent proof (the receipt of the choice itself stays with the consent history).
		{"gpc confirmations", `DELETE FROM gpc_confirmations WHERE brand_id = ? AND customer_id = ?`},
		// The customer's assistants lose their access (the grants stay, revoked, beside the calls they made: records
		// of access, kept as staff visits are), and what they prepared is gone.
		{"assistant tokens", `DELETE FROM assistant_tokens WHERE brand_id = ? AND grant_id IN (SELECT id FROM assistant_grants WHERE brand_id = ? AND customer_id = ?)`},
		{"assistant grants", `UPDATE assistant_grants SET revoked_at = ?, revoked_why = 'erased' WHERE brand_id = ? AND customer_id = ? AND revoked_at IS NULL`},
		{"assistant proposals", `DELETE FROM assistant_proposals WHERE brand_id = ? AND customer_id = ?`},
	}
	for _, d := range deletes {
		if d.what == "event keys" && tx.d != dialectPostgres {
			continue // SQLite keeps events exactly-once by their own unique key
		}
		args := []any{brandID, customerID}
		switch d.what {
		case "explanations", "event keys", "assistant tokens":
			args = []any{brandID, brandID, customerID}
		case "assistant grants":
			args = []any{now.Unix(), brandID, customerID}
		}
		if _, err := tx.ExecContext(ctx, d.q, args...); err != nil {
			return fmt.Errorf("store: erase: %s: %w", d.what, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET email = '', name = '', locale = '', last_visit_at = NULL,
		erased_at = `+tx.d.least("coalesce(erased_at, ?)", "?")+`, data_rev = data_rev + 1, past_rev = past_rev + 1
		WHERE brand_id = ? AND id = ?`, now.Unix(), now.Unix(), brandID, customerID); err != nil {
		return fmt.Errorf("store: erase: customer: %w", err)
	}
	for _, m := range months {
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_late_months (brand_id, customer_id, month, past_rev)
			SELECT brand_id, id, ?, past_rev FROM customers WHERE brand_id = ? AND id = ?`, m, brandID, customerID); err != nil {
			return fmt.Errorf("store: erase: late months: %w", err)
		}
	}
	return nil
}
