package store

import (
	"context"
	"time"
)

// visitFlushEvery is how long the visit recorder gathers visit times before writing them in one transaction.
const visitFlushEvery = 500 * time.Millisecond

// recordVisit hands a customer's new visit time to the background writer and returns at once. Until it is
// written, TouchVisit answers from the pending time, so the visit counts from its first view either way.
func (db *DB) recordVisit(customerID, at int64) {
	db.visitMu.Lock()
	db.visitPending[customerID] = at
	db.visitMu.Unlock()
	db.visitWriter.Kick()
}

func (db *DB) startVisitRecorder() {
	db.visitPending = map[int64]int64{}
	// A failed write is dropped (flushVisits), so no round is ever retried.
	db.visitWriter = startFlusher(visitFlushEvery, func() bool { db.flushVisits(); return true })
}

// flushVisits writes the pending visit times. A time is only ever moved forward, so a visit recorded by another
// process meanwhile is not undone. Entries leave the pending map after the commit, so TouchVisit finds a visit in
// one place or the other at every moment. A failed write is dropped: at worst a later page tells a registry
// change again.
func (db *DB) flushVisits() {
	db.visitMu.Lock()
	batch := make(map[int64]int64, len(db.visitPending))
	for id, at := range db.visitPending {
		batch[id] = at
	}
	db.visitMu.Unlock()
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = db.tx(ctx, func(tx *txn) error {
		st, err := tx.PrepareContext(ctx, `UPDATE customers SET last_visit_at = ? WHERE id = ? AND coalesce(last_visit_at, 0) < ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for id, at := range batch {
			if _, err := st.ExecContext(ctx, at, id, at); err != nil {
				return err
			}
		}
		return nil
	})
	db.visitMu.Lock()
	for id, at := range batch {
		if db.visitPending[id] == at {
			delete(db.visitPending, id)
		}
	}
	db.visitMu.Unlock()
}
