package store

import (
	"context"
	"log/slog"
	"time"
)

// keyUseFlushEvery is how long key uses gather in memory before they are written, in one transaction: the
// "last used" an admin reads lags by at most this much on another server, and not at all on this one
// (APIKeys adds the pending times).
const keyUseFlushEvery = 5 * time.Second

// recordKeyUse notes that a key was used at (Unix seconds) and returns at once: an API call never waits for,
// nor fails on, this write, even while another process holds the database's write lock.
func (db *DB) recordKeyUse(keyID, at int64) {
	db.keyMu.Lock()
	if at > db.keyPending[keyID] {
		db.keyPending[keyID] = at
	}
	db.keyMu.Unlock()
	db.keyWriter.Kick()
}

// pendingKeyUse is the newest use of the key not yet written, or 0.
func (db *DB) pendingKeyUse(keyID int64) int64 {
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	return db.keyPending[keyID]
}

func (db *DB) startKeyUseRecorder() {
	db.keyPending = map[int64]int64{}
	db.keyWriter = startFlusher(keyUseFlushEvery, db.flushKeyUses)
}

// flushKeyUses writes the pending key uses in one transaction and reports whether it could. A time only moves
// forward (max of the stored and the new), so a later use written by another server sharing the database is
// not undone. On failure the times stay pending for the next round and the error is logged, never returned:
// "last used" is a hint for the admin, not worth a failed API call.
func (db *DB) flushKeyUses() bool {
	db.keyMu.Lock()
	batch := make(map[int64]int64, len(db.keyPending))
	for id, at := range db.keyPending {
		batch[id] = at
	}
	db.keyMu.Unlock()
	if len(batch) == 0 {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := db.tx(ctx, func(tx *txn) error {
		st, err := tx.PrepareContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ? AND coalesce(last_used_at, 0) < ?`)
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
	if err != nil {
		log := db.log
		if log == nil {
			log = slog.Default()
		}
		log.Warn("store: api key last used not written; will retry", "keys", len(batch), "err", err)
		return false
	}
	db.keyMu.Lock()
	for id, at := range batch {
		if db.keyPending[id] == at {
			delete(db.keyPending, id)
		}
	}
	db.keyMu.Unlock()
	return true
}
