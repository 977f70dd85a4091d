package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// ErrBusy is wrapped by a write that gave up waiting for a lock another connection held past the busy
// timeout (SQLite's busy_timeout; on PostgreSQL lock_timeout or statement_timeout, when set, or a conflict
// still lost after the retries): nothing was written, and the same request may succeed in a few seconds.
var ErrBusy = errors.New("store: the database is busy")

// busyError is a driver error that is also ErrBusy, for errors.Is on either.
type busyError struct{ err error }

func (e busyError) Error() string   { return "store: busy: " + e.err.Error() }
func (e busyError) Unwrap() []error { return []error{ErrBusy, e.err} }

// busy marks err as ErrBusy when the driver says a lock was not granted in time, and returns any other error
// as it is.
func busy(err error) error {
	if err == nil || errors.Is(err, ErrBusy) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		// Primary codes (the low byte): SQLITE_BUSY 5, SQLITE_LOCKED 6, whatever the extended code.
		if c := se.Code() & 0xff; c == 5 || c == 6 {
			return busyError{err}
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "55P03", "57014", "40001", "40P01": // lock_not_available, query_canceled (a timeout), serialization, deadlock
			return busyError{err}
		}
	}
	return err
}
