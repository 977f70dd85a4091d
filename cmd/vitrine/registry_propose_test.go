package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestRegistryApplyAsStaff: a file applied as a marketing member becomes a proposal and changes nothing customers
// read; as a privacy member it is applied, or proposed with --propose; a member of another brand is refused.
func TestRegistryApplyAsStaff(t *testing.T) {
	ctx := context.Background()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 200, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var exported bytes.Buffer
	if err := cmdRegistry(ctx, []string{"export", "--db", dbPath, "--brand", seed.BrandNorthwind}, &exported); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "registry.yaml")
	if err := os.WriteFile(edited, []byte(strings.Replace(exported.String(), "retention: 90 days", "retention: 30 days", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := cmdRegistry(ctx, append([]string{"apply", "--db", dbPath, "--brand", seed.BrandNorthwind, edited, "--yes"}, args...), &out)
		return out.String(), err
	}
	retention := func() int {
		db, err := store.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		b, _ := db.BrandBySlug(ctx, seed.BrandNorthwind)
		reg, _ := db.Registry(ctx, b.ID)
		n := 0
		for _, s := range reg.SystemOrder {
			if s.Retention == "30 days" {
				n++
			}
		}
		return n
	}
	var dry bytes.Buffer
	if err := cmdRegistry(ctx, []string{"apply", "--db", dbPath, "--brand", seed.BrandNorthwind, edited, "--as", "marketing@northwind-bank.example"}, &dry); err != nil ||
		!strings.Contains(dry.String(), "Run again with --yes to send each one for approval") {
		t.Fatalf("dry run as marketing: %v\n%s", err, dry.String())
	}
	out, err := run("--as", "marketing@northwind-bank.example", "--note", "Shorter is better.")
	if err != nil || !strings.Contains(out, "Sent 1 proposals for approval") || !strings.Contains(out, "/admin/proposals/") {
		t.Fatalf("apply as marketing: %v\n%s", err, out)
	}
	if retention() != 0 {
		t.Fatal("a marketing apply changed the registry")
	}
	if out, err := run("--as", "privacy@northwind-bank.example", "--propose"); err != nil || !strings.Contains(out, "Sent 1 proposals") {
		t.Fatalf("apply as privacy with --propose: %v\n%s", err, out)
	}
	if _, err := run("--as", "privacy@maison-lumiere.example"); err == nil || !strings.Contains(err.Error(), "not a staff member of northwind-bank") {
		t.Fatalf("apply as another brand's member: %v", err)
	}
	if _, err := run("--propose"); err == nil || !strings.Contains(err.Error(), "--propose needs --as") {
		t.Fatalf("--propose without --as: %v", err)
	}
	if retention() != 0 {
		t.Fatal("a refused apply changed the registry")
	}
	if out, err := run("--as", "privacy@northwind-bank.example"); err != nil || !strings.Contains(out, "Applied 1 changes as privacy@northwind-bank.example") {
		t.Fatalf("apply as privacy: %v\n%s", err, out)
	}
	if retention() != 1 {
		t.Fatal("a privacy apply did not change the registry")
	}
}
