package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// BackupSQLite writes a consistent copy of the SQLite database at path into the new file to, while servers go
// on writing: VACUUM INTO reads one snapshot (WAL lets writers continue meanwhile) and writes a compact file
// with no WAL beside it, ready to be copied elsewhere. It opens a connection of its own rather than the store,
// so that taking a backup neither migrates nor otherwise writes to the live database. to must not exist.
func BackupSQLite(ctx context.Context, path, to string) error {
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&mode=rw")
	if err != nil {
		return fmt.Errorf("store: backup: open %s: %w", path, err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `VACUUM INTO ?`, to); err != nil {
		return fmt.Errorf("store: backup %s: %w", path, err)
	}
	return nil
}

// BackupCheck is what CheckSQLiteBackup found.
type BackupCheck struct {
	FromVersion int // the schema version the backup was taken at
	ToVersion   int // the schema version after this vitrine's migrations ran on it
	Migrated    int // how many of this vitrine's migrations the backup lacked, now applied
}

// CheckSQLiteBackup checks a SQLite backup before it goes live: SQLite's integrity check (every page and index
// sound), a schema this vitrine knows (one from a newer vitrine is refused rather than half understood), then
// this vitrine's migrations, and the rollups against the raw events (VerifyRollups), since pages read only the
// rollups. It migrates the file in place, so it is given a scratch copy, never the only one.
func CheckSQLiteBackup(ctx context.Context, path string) (BackupCheck, error) {
	var res BackupCheck
	c, err := sql.Open("sqlite", "file:"+path+"?mode=rw")
	if err != nil {
		return res, fmt.Errorf("store: check backup: %w", err)
	}
	defer c.Close()
	rows, err := c.QueryContext(ctx, `PRAGMA integrity_check(20)`)
	if err != nil {
		return res, fmt.Errorf("store: the backup is damaged (SQLite's integrity check): %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return res, fmt.Errorf("store: the backup is damaged (SQLite's integrity check): %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return res, fmt.Errorf("store: the backup is damaged (SQLite's integrity check): %w", err)
	}
	rows.Close()
	if len(problems) > 0 {
		return res, fmt.Errorf("store: the backup is damaged (SQLite's integrity check): %s", strings.Join(problems, "; "))
	}
	var before, after int
	if err := c.QueryRowContext(ctx, `SELECT coalesce(max(version), 0), count(*) FROM schema_migrations`).Scan(&res.FromVersion, &before); err != nil {
		return res, fmt.Errorf("store: the backup is not a vitrine database (no schema version): %w", err)
	}
	latest, err := LatestSchemaVersion("sqlite")
	if err != nil {
		return res, err
	}
	if res.FromVersion > latest {
		return res, fmt.Errorf("store: the backup is at schema version %d, newer than this vitrine's %d: restore it with the vitrine that took it", res.FromVersion, latest)
	}
	c.Close()
	db, err := Open(ctx, path)
	if err != nil {
		return res, fmt.Errorf("store: migrate the backup: %w", err)
	}
	defer db.Close()
	if res.ToVersion, err = db.SchemaVersion(ctx); err != nil {
		return res, err
	}
	if err := db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&after); err != nil {
		return res, fmt.Errorf("store: check backup: count migrations: %w", err)
	}
	res.Migrated = after - before
	if err := db.VerifyRollups(ctx); err != nil {
		return res, fmt.Errorf("store: the backup's rollups do not match its events (edited outside vitrine?): %w", err)
	}
	return res, nil
}

// LatestSchemaVersion is the number of the last migration this vitrine carries for dialect ("sqlite" or
// "postgres").
func LatestSchemaVersion(dialect string) (int, error) {
	names, err := fs.Glob(migrationFS, "migrations/"+dialect+"/*.sql")
	if err != nil || len(names) == 0 {
		return 0, fmt.Errorf("store: list migrations of %q: %v", dialect, err)
	}
	sort.Strings(names)
	n, err := strconv.Atoi(strings.SplitN(filepath.Base(names[len(names)-1]), "_", 2)[0])
	if err != nil {
		return 0, fmt.Errorf("store: migration %s has no number: %w", names[len(names)-1], err)
	}
	return n, nil
}
