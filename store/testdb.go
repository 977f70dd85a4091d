package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Tests of the store, the handlers and the commands run on both engines: `make test` runs the suite once on SQLite
// and once with VITRINE_TEST_BACKEND=postgres, against the server VITRINE_TEST_POSTGRES names (.ci/with-postgres
// starts a throwaway one). Each test gets a database of its own from TestDatabase, so tests never see each
// other's rows: a SQLite file in the test's directory, or a fresh schema of the PostgreSQL database.

// ErrNoTestPostgres is returned by TestDatabase when the PostgreSQL run is asked for and no server is given.
var ErrNoTestPostgres = errors.New("store: VITRINE_TEST_BACKEND=postgres but VITRINE_TEST_POSTGRES names no server")

// TestBackend is the engine the tests of this run use: "sqlite" (the default) or "postgres".
func TestBackend() string {
	if os.Getenv("VITRINE_TEST_BACKEND") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// TestDatabase makes a new, empty database for one test and returns what to pass to Open, and a function that
// removes it. dir is the test's temporary directory (for SQLite); name says what the database is for.
func TestDatabase(ctx context.Context, dir, name string) (string, func(), error) {
	if TestBackend() != "postgres" {
		return filepath.Join(dir, name+".db"), func() {}, nil
	}
	base := os.Getenv("VITRINE_TEST_POSTGRES")
	if base == "" {
		return "", nil, ErrNoTestPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	// The extensions belong to the database, not to a test's schema: made once, under a lock, as tests of
	// several packages start at the same moment.
	if _, err := admin.ExecContext(ctx, `SELECT pg_advisory_lock(7466229);
		CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public; CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
		SELECT pg_advisory_unlock(7466229)`); err != nil {
		return "", nil, fmt.Errorf("store: test extensions: %w", err)
	}
	raw := make([]byte, 6)
	_, _ = rand.Read(raw)
	schema := "t_" + hex.EncodeToString(raw)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		return "", nil, fmt.Errorf("store: test schema: %w", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	drop := func() {
		if db, err := sql.Open("pgx", base); err == nil {
			_, _ = db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			db.Close()
		}
	}
	return u.String(), drop, nil
}
