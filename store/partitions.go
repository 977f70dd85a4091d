package store

import (
	"context"
	"fmt"
	"time"
)

// On PostgreSQL, usage_events is partitioned by month of occurred_at (migrations/postgres). A month's partition is
// made before its first event: ensurePartitions runs before each batch, and only does work for a month this
// process has not met yet, so a steady stream of events costs a map look-up per batch.

// ensurePartitions makes sure the partitions the events fall in exist.
func (db *DB) ensurePartitions(ctx context.Context, events []EventInput) error {
	if db.d != dialectPostgres {
		return nil
	}
	months := map[int64]bool{}
	for _, e := range events {
		months[monthOf(dayOf(e.OccurredAt.Unix()))] = true
	}
	return db.ensureMonths(ctx, months)
}

// ensureMonths creates the partitions of the months (rollup days of their first days) not known to exist yet,
// in one transaction holding an advisory lock, so that servers creating the same month take turns and
// CREATE TABLE IF NOT EXISTS never races itself.
func (db *DB) ensureMonths(ctx context.Context, months map[int64]bool) error {
	db.partMu.Lock()
	var missing []int64
	for m := range months {
		if !db.partitions[m] {
			missing = append(missing, m)
		}
	}
	db.partMu.Unlock()
	if len(missing) == 0 {
		return nil
	}
	err := db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7466228)`); err != nil {
			return err
		}
		for _, m := range missing {
			start := DayStart(m)
			end := start.AddDate(0, 1, 0)
			name := fmt.Sprintf("usage_events_%04d%02d", start.Year(), int(start.Month()))
			if _, err := tx.Tx.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF usage_events FOR VALUES FROM (%d) TO (%d)`,
				name, start.Unix(), end.Unix())); err != nil {
				return fmt.Errorf("store: partition %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	db.partMu.Lock()
	if db.partitions == nil {
		db.partitions = map[int64]bool{}
	}
	for _, m := range missing {
		db.partitions[m] = true
	}
	db.partMu.Unlock()
	return nil
}

// EnsureMonthPartitions creates the partitions of every month from from to to, both included (PostgreSQL only):
// for tools that write events without InsertEvents, such as vitrine copy.
func (db *DB) EnsureMonthPartitions(ctx context.Context, from, to time.Time) error {
	months := map[int64]bool{}
	for m := monthOf(dayOf(from.Unix())); m <= monthOf(dayOf(to.Unix())); m = nextMonth(m) {
		months[m] = true
	}
	return db.ensureMonths(ctx, months)
}
