package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Pools returns the database/sql pools, by name, for their statistics (metrics): on SQLite the one-connection
// writer and the readers, on PostgreSQL the one pool both use. Callers must not query through them: they would
// skip the dialect's rebinding and the writer's queue.
func (db *DB) Pools() map[string]*sql.DB {
	if db.d == dialectPostgres {
		return map[string]*sql.DB{"postgres": db.w.DB}
	}
	return map[string]*sql.DB{"sqlite_writer": db.w.DB, "sqlite_readers": db.r.DB}
}

// PendingVisits returns how many customers' visit times wait for the background writer: the map it flushes, read
// under its lock, so a scrape costs no query.
func (db *DB) PendingVisits() int {
	db.visitMu.Lock()
	defer db.visitMu.Unlock()
	return len(db.visitPending)
}

// WebhookQueue counts the pending webhook deliveries of every brand, and those of them due by the store's clock.
// Pending deliveries are few and indexed on their own (webhook_deliveries_due is partial on status = 'pending'),
// so the count stays cheap however many deliveries were made before.
func (db *DB) WebhookQueue(ctx context.Context) (pending, due int64, err error) {
	err = db.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN next_attempt_at <= ? THEN 1 ELSE 0 END), 0)
		FROM webhook_deliveries WHERE status = 'pending'`, db.Now().Unix()).Scan(&pending, &due)
	if err != nil {
		return 0, 0, fmt.Errorf("store: webhook queue: %w", err)
	}
	return pending, due, nil
}
