package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestCopyMovesAWholeInstallation copies a seeded SQLite installation into the run's engine (PostgreSQL in the
// PostgreSQL run) and back into a new SQLite file: every table and rollup matches (the command checks), the copy
// serves the same customer the same way, and it takes new events with new ids.
func TestCopyMovesAWholeInstallation(t *testing.T) {
	ctx := context.Background()
	from := filepath.Join(t.TempDir(), "source.db")
	src, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, src, seed.Options{Customers: 12, Events: 1500, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	src.Close()

	to := storetest.DSN(t, "copy")
	var out bytes.Buffer
	if err := cmdCopy(ctx, []string{"--from", from, "--to", to}, &out); err != nil {
		t.Fatalf("copy: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Checked: every table has as many rows as the source") {
		t.Errorf("copy output: %s", out.String())
	}
	back := filepath.Join(t.TempDir(), "back.db")
	if err := cmdCopy(ctx, []string{"--from", to, "--to", back}, &out); err != nil {
		t.Fatalf("copy back: %v", err)
	}
	if err := cmdCopy(ctx, []string{"--from", from, "--to", to}, &out); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("copying into a database that holds brands: %v, want a refusal", err)
	}

	// The copy answers as the source did, and takes new events after the copied ones.
	for _, dsn := range []string{from, to, back} {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := db.BrandBySlug(ctx, seed.BrandMaison)
		c, err := db.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
		if err != nil {
			t.Fatalf("%s: %v", db.Dialect(), err)
		}
		usage, err := db.UsageBySystem(ctx, b.ID, c.ID, store.WindowStart(db.Now()))
		if err != nil || len(usage) == 0 {
			t.Fatalf("%s: usage %v, %v", db.Dialect(), usage, err)
		}
		res, err := db.InsertEvents(ctx, b.ID, []store.EventInput{{ID: "after-copy", Customer: seed.CamilleID, System: "search-ranking",
			Purpose: "search", Action: store.ActionInference, OccurredAt: db.Now()}})
		if err != nil || res[0].Status != store.StatusAccepted {
			t.Fatalf("%s: a new event after the copy: %v %v", db.Dialect(), res, err)
		}
		if _, _, err := db.CreateAPIKey(ctx, b.ID, "after copy"); err != nil {
			t.Fatalf("%s: a new row with an id after the copy: %v", db.Dialect(), err)
		}
		db.Close()
	}
}
