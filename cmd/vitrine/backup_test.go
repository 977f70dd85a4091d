package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// backupSource makes a small SQLite installation to back up (backups of SQLite files are this command's own;
// PostgreSQL's are pg_dump's).
func backupSource(t *testing.T) (string, *store.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "live.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Demo(context.Background(), db, seed.Options{Customers: 20, Events: 2000, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	return path, db
}

func countEvents(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM usage_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBackupWhileWritingRestores backs up a database while events keep arriving: the backup is one consistent
// moment (its rollups equal its events), restores into a new place, and is not written over by a second backup
// without --force, nor restored over a database that is there without --force.
func TestBackupWhileWritingRestores(t *testing.T) {
	ctx := context.Background()
	live, db := backupSource(t)
	brand, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	before := countEvents(t, db)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	batches := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for b := 0; ; b++ {
			select {
			case <-stop:
				return
			default:
			}
			var evs []store.EventInput
			for i := range 100 {
				evs = append(evs, store.EventInput{ID: fmt.Sprintf("during-backup-%d-%d", b, i), Customer: fmt.Sprintf("B-%d", i%7),
					System: "product-recommender", Purpose: "recommendations", Action: "inference",
					DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: time.Now().Add(-time.Duration(i) * time.Minute)})
			}
			if _, err := db.InsertEvents(ctx, brand.ID, evs); err != nil {
				writeErr = err
				return
			}
			batches++
		}
	}()
	time.Sleep(200 * time.Millisecond) // writes under way
	backup := filepath.Join(t.TempDir(), "vitrine-backup.db")
	var out bytes.Buffer
	err = cmdBackup(ctx, []string{"--db", live, "--to", backup}, &out)
	time.Sleep(100 * time.Millisecond) // and after
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup while writing: %v", err)
	}
	if writeErr != nil {
		t.Fatalf("ingest during the backup failed: %v", writeErr)
	}
	if !strings.Contains(out.String(), "Backed up "+live+" to "+backup) {
		t.Fatalf("the backup does not say what it did: %q", out.String())
	}
	if batches == 0 {
		t.Fatal("no batch was written during the backup")
	}
	if err := cmdBackup(ctx, []string{"--db", live, "--to", backup}, &out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("a second backup to the same file: %v, want a refusal naming --force", err)
	}
	if err := cmdBackup(ctx, []string{"--db", live, "--to", backup, "--force"}, &out); err != nil {
		t.Fatalf("a second backup with --force: %v", err)
	}

	target := filepath.Join(t.TempDir(), "restored", "vitrine.db")
	out.Reset()
	if err := cmdRestore(ctx, []string{"--from", backup, "--db", target}, &out); err != nil {
		t.Fatalf("restore: %v", err)
	}
	for _, said := range []string{"SQLite integrity check: ok", "schema version", "rollups: equal to the raw events", "Restored " + backup + " to " + target} {
		if !strings.Contains(out.String(), said) {
			t.Errorf("the restore report lacks %q:\n%s", said, out.String())
		}
	}
	restored, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if err := restored.VerifyRollups(ctx); err != nil {
		t.Fatalf("restored database: %v", err)
	}
	if n := countEvents(t, restored); n <= before || n > countEvents(t, db) {
		t.Fatalf("restored %d events; the database had %d before the backup and %d after", n, before, countEvents(t, db))
	}
	if err := cmdRestore(ctx, []string{"--from", backup, "--db", target}, &out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("a restore over an existing database: %v, want a refusal naming --force", err)
	}
}

// TestRestoreRefusesABadBackup checks backups that must not go live: damaged bytes, and rollups edited behind
// vitrine's back (pages read the rollups, so they would show customers numbers their events do not support).
// Nothing is put in place.
func TestRestoreRefusesABadBackup(t *testing.T) {
	ctx := context.Background()
	flip := func(from, to int) func(t *testing.T, live string, db *store.DB, backup string) {
		return func(t *testing.T, _ string, _ *store.DB, backup string) {
			data, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			pages := len(data) / 4096
			for p := pages * from / 100; p < pages*to/100; p++ {
				for i := range 12 {
					data[p*4096+i] ^= 0xff
				}
			}
			if err := os.WriteFile(backup, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		before func(t *testing.T, db *store.DB)                             // done to the live database before the backup
		after  func(t *testing.T, live string, db *store.DB, backup string) // done to the backup file
		want   string
	}{
		{"bytes flipped in its pages", nil, flip(40, 45), "the backup is damaged"},
		{"bytes flipped in its header", nil, func(t *testing.T, _ string, _ *store.DB, backup string) {
			f, err := os.OpenFile(backup, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt([]byte("SQLite format 2"), 0)
			f.Close()
		}, "not a SQLite database"},
		{"taken by a newer vitrine", func(t *testing.T, db *store.DB) {
			if _, err := db.Writer().Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (9999, 0)`); err != nil {
				t.Fatal(err)
			}
		}, nil, "newer than this vitrine's"},
		{"rollups edited outside vitrine", func(t *testing.T, db *store.DB) {
			if _, err := db.Writer().Exec(`UPDATE rollup_daily SET n = n + 1 WHERE (brand_id, customer_id, day, system_id, purpose_id, action) = (SELECT brand_id, customer_id, day, system_id, purpose_id, action FROM rollup_daily LIMIT 1)`); err != nil {
				t.Fatal(err)
			}
		}, nil, "rollups do not match its events"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live, db := backupSource(t)
			if tt.before != nil {
				tt.before(t, db)
			}
			backup := filepath.Join(t.TempDir(), "backup.db")
			var out bytes.Buffer
			if err := cmdBackup(ctx, []string{"--db", live, "--to", backup}, &out); err != nil {
				t.Fatal(err)
			}
			if tt.after != nil {
				tt.after(t, live, db, backup)
			}
			err := cmdRestore(ctx, []string{"--check", backup}, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("restore --check: %v, want an error saying %q", err, tt.want)
			}
			target := filepath.Join(t.TempDir(), "vitrine.db")
			if err := cmdRestore(ctx, []string{"--from", backup, "--db", target}, &out); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("restore: %v, want an error saying %q", err, tt.want)
			}
			if _, err := os.Stat(target); err == nil {
				t.Fatal("a refused backup was put in place")
			}
		})
	}
}

// TestBackupOfPostgreSQLWithoutPgDump checks that a PostgreSQL backup without pg_dump at hand says what to run
// (the pg_dump and pg_restore commands, password hidden) and fails, rather than pretending.
func TestBackupOfPostgreSQLWithoutPgDump(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	to := filepath.Join(t.TempDir(), "vitrine.dump")
	err := cmdBackup(context.Background(), []string{"--db", "postgres://vitrine:s3cret@db.internal/vitrine", "--to", to}, &out)
	if err == nil || !strings.Contains(err.Error(), "pg_dump is not on the PATH") {
		t.Fatalf("err = %v, want one saying pg_dump is missing", err)
	}
	for _, said := range []string{"pg_dump --format=custom --file=" + to + " 'postgres://vitrine:xxxxx@db.internal/vitrine'", "pg_restore --no-owner --dbname="} {
		if !strings.Contains(out.String(), said) {
			t.Errorf("the guidance lacks %q:\n%s", said, out.String())
		}
	}
	if strings.Contains(out.String(), "s3cret") {
		t.Error("the guidance prints the password")
	}
	if _, err := os.Stat(to); err == nil {
		t.Error("a backup file was written")
	}
}

// TestRestoreMigratesAnOlderBackup checks that a backup taken before this vitrine's latest migration gets it
// during the check, and says so.
func TestRestoreMigratesAnOlderBackup(t *testing.T) {
	ctx := context.Background()
	live, db := backupSource(t)
	// Undo migration 15 (two indexes), as if the backup came from the vitrine before it.
	for _, q := range []string{`DROP INDEX customers_brand_id`, `DROP INDEX consent_history_purpose`, `DELETE FROM schema_migrations WHERE version = 15`} {
		if _, err := db.Writer().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(t.TempDir(), "old.db")
	var out bytes.Buffer
	if err := cmdBackup(ctx, []string{"--db", live, "--to", backup}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	target := filepath.Join(t.TempDir(), "vitrine.db")
	if err := cmdRestore(ctx, []string{"--from", backup, "--db", target}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1 migration it lacked applied now") {
		t.Fatalf("the report does not say the backup was migrated:\n%s", out.String())
	}
	restored, err := store.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	var n int
	if err := restored.Reader().QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'customers_brand_id'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the restored database lacks migration 15's index (%d, %v)", n, err)
	}
}
