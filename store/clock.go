package store

import (
	"log/slog"
	"sync/atomic"
	"time"
)

// Clock is where vitrine reads the time. The store holds the one clock of a process: every time it stamps or
// compares (a key's retirement, a session's expiry, the month a memo counts as closed, the day a row is created)
// comes from it, and the server reads the same clock through DB.Now, so a test that fixes it fixes all of them.
type Clock func() time.Time

// Option configures Open.
type Option func(*DB)

// WithClock makes the store read the time from c instead of the system clock.
func WithClock(c Clock) Option {
	return func(db *DB) { db.SetClock(c) }
}

// WithBusyTimeout sets how long a write waits for a lock another connection holds before it gives up with
// ErrBusy: SQLite's busy_timeout (10 s without it), and PostgreSQL's lock_timeout (unset without it: wait).
// Tests shorten it to see a busy database quickly.
func WithBusyTimeout(d time.Duration) Option {
	return func(db *DB) { db.busyTimeout = d }
}

// WithLog makes the store's background writers log what they could not write to l (slog.Default without it).
func WithLog(l *slog.Logger) Option {
	return func(db *DB) { db.log = l }
}

// SetClock replaces the store's clock; tests use it to run the time-sensitive paths at fixed dates.
// A nil clock restores the system clock.
func (db *DB) SetClock(c Clock) {
	if c == nil {
		c = time.Now
	}
	db.clock.Store(&c)
}

// Now returns the time by the store's clock.
func (db *DB) Now() time.Time {
	if c := db.clock.Load(); c != nil {
		return (*c)()
	}
	return time.Now()
}

// clockPtr holds the clock so that a test may replace it while background work (the visit recorder) reads it.
type clockPtr = atomic.Pointer[Clock]
