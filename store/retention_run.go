package store

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Enforcing retention: the raw events of each AI system older than its retention are deleted, in batches of
// their own short transactions (SQLite has one writer, which ingest must not wait long for), while the rollups
// keep counting them: a customer's 12-month sentence, their charts and "N uses since" stay the same, only the
// details of each old use go. Each batch moves the data revision of the customers it touched (their memoised
// activity list shows the events), and records the period's limit per brand and system (retention_marks), before
// which VerifyRollups knows the rollups hold more than the raw events.
//
// An event a person is asked to review (review_requests) stays: the review shows the decision it is about.

// DefaultRetentionBatch is how many events one retention transaction deletes: a few milliseconds of the writer.
const DefaultRetentionBatch = 2000

// RetentionOptions configure EnforceRetention.
type RetentionOptions struct {
	DryRun bool // count what would go, delete nothing
	Batch  int  // events per transaction (DefaultRetentionBatch when 0)
}

// RetentionResult is what a run did (or, dry, would do) for one system of one brand.
type RetentionResult struct {
	BrandID    int64
	BrandSlug  string
	SystemID   int64
	SystemSlug string
	Retention  Retention // the system's period; zero when none is set (nothing goes)
	Problem    string    // the system's retention text when it cannot be read: nothing goes, the registry must fix it
	Before     time.Time // the limit: events that occurred before it are removed
	Removed    int       // events removed (or, dry, that would be)
	Customers  int       // customers whose events were removed
}

// EnforceRetention removes, for every brand and every system with a retention period, the raw events that
// occurred before the period's limit by the store's clock, and reports per brand and system what it removed.
// A system without a period keeps its events; one whose period cannot be read keeps them too, reported with its
// Problem. Safe to run again at any time, and beside servers: each batch commits on its own.
func (db *DB) EnforceRetention(ctx context.Context, opt RetentionOptions) ([]RetentionResult, error) {
	if opt.Batch <= 0 {
		opt.Batch = DefaultRetentionBatch
	}
	brands, err := db.Brands(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	var out []RetentionResult
	for _, b := range brands {
		reg, err := db.Registry(ctx, b.ID)
		if err != nil {
			return out, err
		}
		ids := make([]int64, 0, len(reg.Systems))
		for id := range reg.Systems {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return reg.Systems[ids[i]].Slug < reg.Systems[ids[j]].Slug })
		for _, id := range ids {
			sys := reg.Systems[id]
			res := RetentionResult{BrandID: b.ID, BrandSlug: b.Slug, SystemID: sys.ID, SystemSlug: sys.Slug}
			r, err := ParseRetention(sys.Retention)
			if err != nil {
				res.Problem = sys.Retention
				out = append(out, res)
				continue
			}
			res.Retention = r
			if r.IsZero() {
				out = append(out, res)
				continue
			}
			res.Before = r.Cutoff(now).Truncate(time.Second)
			if opt.DryRun {
				res.Removed, res.Customers, err = db.countExpired(ctx, b.ID, sys.ID, res.Before.Unix())
			} else {
				res.Removed, res.Customers, err = db.removeExpired(ctx, b.ID, sys.ID, res.Before.Unix(), opt.Batch)
			}
			if err != nil {
				return out, fmt.Errorf("store: retention of %s/%s: %w", b.Slug, sys.Slug, err)
			}
			out = append(out, res)
		}
	}
	return out, nil
}

// expiredWhere selects a system's events older than a limit that no review request holds; the arguments are the
// brand, the system and the limit.
const expiredWhere = `e.brand_id = ? AND e.system_id = ? AND e.occurred_at < ?
	AND NOT EXISTS (SELECT 1 FROM review_requests r WHERE r.brand_id = e.brand_id AND r.event_id = e.id)`

// countExpired counts what removeExpired would remove.
func (db *DB) countExpired(ctx context.Context, brandID, systemID, before int64) (events, customers int, err error) {
	err = db.queryRow(ctx, `SELECT count(*), count(DISTINCT e.customer_id) FROM usage_events e WHERE `+expiredWhere,
		brandID, systemID, before).Scan(&events, &customers)
	if err != nil {
		return 0, 0, fmt.Errorf("count expired events: %w", err)
	}
	return events, customers, nil
}

// removeExpired deletes the system's events older than before, batch events per transaction, oldest first, each
// batch going on from where the one before it stopped (so rows kept for a review are not read again).
func (db *DB) removeExpired(ctx context.Context, brandID, systemID, before int64, batch int) (removed, customers int, err error) {
	touched := map[int64]bool{}
	lastAt, lastID := int64(-1<<62), int64(0)
	for {
		var n int
		err := db.tx(ctx, func(tx *txn) error {
			n = 0
			rows, err := tx.QueryContext(ctx, `SELECT e.id, e.occurred_at, e.customer_id, e.event_key FROM usage_events e WHERE `+expiredWhere+`
				AND (e.occurred_at > ? OR e.occurred_at = ? AND e.id > ?) ORDER BY e.occurred_at, e.id LIMIT ?`,
				brandID, systemID, before, lastAt, lastAt, lastID, batch)
			if err != nil {
				return err
			}
			var ids, custs []int64
			var keys []string
			seen := map[int64]bool{}
			var minAt, maxAt, endAt, endID int64
			for rows.Next() {
				var id, at, cust int64
				var key string
				if err := rows.Scan(&id, &at, &cust, &key); err != nil {
					rows.Close()
					return err
				}
				if len(ids) == 0 {
					minAt = at
				}
				maxAt, endAt, endID = at, at, id
				ids, keys = append(ids, id), append(keys, key)
				if !seen[cust] {
					seen[cust] = true
					custs = append(custs, cust)
				}
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if len(ids) == 0 {
				return nil
			}
			if err := deleteEvents(ctx, tx, brandID, ids, keys, minAt, maxAt); err != nil {
				return err
			}
			if err := markRetained(ctx, tx, brandID, systemID, before); err != nil {
				return err
			}
			sort.Slice(custs, func(i, j int) bool { return custs[i] < custs[j] })
			if _, err := tx.ExecContext(ctx, `UPDATE customers SET data_rev = data_rev + 1 WHERE brand_id = ? AND id IN (`+placeholders(len(custs))+`)`,
				append([]any{brandID}, int64Args(custs)...)...); err != nil {
				return fmt.Errorf("data revisions: %w", err)
			}
			n = len(ids)
			lastAt, lastID = endAt, endID
			for _, c := range custs {
				touched[c] = true
			}
			return nil
		})
		if err != nil {
			return removed, len(touched), err
		}
		removed += n
		if n < batch {
			return removed, len(touched), nil
		}
		if err := ctx.Err(); err != nil {
			return removed, len(touched), err
		}
	}
}

// deleteEvents deletes the brand's events ids (their occurred_at within [minAt, maxAt], which lets PostgreSQL
// look in those months' partitions only), with what hangs on them by their key: the explanation of a decision,
// and on PostgreSQL the key that kept the event exactly-once.
func deleteEvents(ctx context.Context, tx *txn, brandID int64, ids []int64, keys []string, minAt, maxAt int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM usage_events WHERE brand_id = ? AND occurred_at >= ? AND occurred_at <= ? AND id IN (`+placeholders(len(ids))+`)`,
		append([]any{brandID, minAt, maxAt}, int64Args(ids)...)...); err != nil {
		return fmt.Errorf("delete events: %w", err)
	}
	keyArgs := append([]any{brandID}, stringArgs(keys)...)
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_explanations WHERE brand_id = ? AND event_key IN (`+placeholders(len(keys))+`)`, keyArgs...); err != nil {
		return fmt.Errorf("delete explanations: %w", err)
	}
	if tx.d == dialectPostgres {
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_keys WHERE brand_id = ? AND event_key IN (`+placeholders(len(keys))+`)`, keyArgs...); err != nil {
			return fmt.Errorf("delete event keys: %w", err)
		}
	}
	return nil
}

// markRetained records that the system's raw events before since are gone (the latest limit wins: a period made
// longer later cannot bring events back).
func markRetained(ctx context.Context, tx *txn, brandID, systemID, since int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO retention_marks (brand_id, system_id, retained_since) VALUES (?, ?, ?)
		ON CONFLICT (brand_id, system_id) DO UPDATE SET retained_since = `+tx.d.greatest("retention_marks.retained_since", "excluded.retained_since"),
		brandID, systemID, since); err != nil {
		return fmt.Errorf("retention mark: %w", err)
	}
	return nil
}

// RetainedSince returns, per system of the brand, the instant before which its raw events were removed for
// retention; a system absent from it has all its events.
func (db *DB) RetainedSince(ctx context.Context, brandID int64) (map[int64]time.Time, error) {
	rows, err := db.query(ctx, `SELECT system_id, retained_since FROM retention_marks WHERE brand_id = ?`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: retention marks: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var sys, at int64
		if err := rows.Scan(&sys, &at); err != nil {
			return nil, fmt.Errorf("store: retention marks: %w", err)
		}
		out[sys] = time.Unix(at, 0).UTC()
	}
	return out, rows.Err()
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func stringArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// RetentionLoop runs EnforceRetention and PruneProofs once at start and then once a day by the store's clock, until ctx ends,
// checking the clock every poll (a minute in a server; a test sets its own clock and a short poll). Each run's
// results go to report; an error is reported too and the next day's run tries again. Several servers running it
// side by side do no harm: a second run finds nothing left to remove.
func (db *DB) RetentionLoop(ctx context.Context, poll time.Duration, report func([]RetentionResult, error)) {
	var last time.Time
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if now := db.Now(); last.IsZero() || now.Sub(last) >= 24*time.Hour {
			last = now
			res, err := db.EnforceRetention(ctx, RetentionOptions{})
			// The brand's legal period for receipts and staff-access records is enforced by the same job.
			if _, perr := db.PruneProofs(ctx, false); perr != nil && err == nil {
				err = perr
			}
			if ctx.Err() != nil {
				return
			}
			report(res, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
