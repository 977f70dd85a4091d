// Package storetest gives each test of the packages above the store a fresh database on the run's engine, SQLite
// or PostgreSQL (see store.TestDatabase), so that every suite runs on both with one helper.
package storetest

import (
	"context"
	"errors"
	"os"
	"testing"

	"vitrine/store"
)

// DSN returns what to pass to store.Open (or to --db) for a fresh, empty database of the test's own, removed after
// the test. Without a PostgreSQL server the PostgreSQL run skips the test, unless VITRINE_REQUIRE_POSTGRES is set,
// as in CI, where that is a failure.
func DSN(t testing.TB, name string) string {
	t.Helper()
	dsn, drop, err := store.TestDatabase(context.Background(), t.TempDir(), name)
	if errors.Is(err, store.ErrNoTestPostgres) && os.Getenv("VITRINE_REQUIRE_POSTGRES") == "" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return dsn
}

// Open opens a fresh database for the test (DSN), closed after it.
func Open(t testing.TB, name string, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), DSN(t, name), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
