package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

func TestStaffAdd(t *testing.T) {
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
	run := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := cmdStaff(ctx, append([]string{"add", "--db", dbPath}, args...), strings.NewReader(stdin), &out)
		return out.String(), err
	}
	out, err := run("a long enough password\n", "--brand", seed.BrandNorthwind, "--email", "ops@northwind-bank.example", "--role", "privacy", "--name", "Ops")
	if err != nil || !strings.Contains(out, "Staff account") {
		t.Fatalf("add: %q, %v", out, err)
	}
	if _, err := run("another long password\r\n", "--platform", "--email", "root@vitrine.example", "--role", "admin"); err != nil {
		t.Fatalf("platform admin: %v", err)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"short\n", []string{"--brand", seed.BrandNorthwind, "--email", "a@b.example", "--role", "support"}, "at least 12 characters"},
		{"", []string{"--brand", seed.BrandNorthwind, "--email", "a@b.example", "--role", "support"}, "standard input"},
		{"a long enough password\n", []string{"--brand", "nope", "--email", "a@b.example", "--role", "support"}, `brand "nope"`},
		{"a long enough password\n", []string{"--brand", seed.BrandNorthwind, "--email", "a@b.example", "--role", "boss"}, "--role must be"},
		{"a long enough password\n", []string{"--email", "a@b.example", "--role", "support"}, "--brand is required"},
		{"a long enough password\n", []string{"--platform", "--email", "a@b.example", "--role", "support"}, "--platform"},
		{"a long enough password\n", []string{"--brand", seed.BrandNorthwind, "--email", "OPS@northwind-bank.example", "--role", "support"}, "already has an account"},
	} {
		if _, err := run(c.stdin, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err %v, want %q", c.args, err, c.want)
		}
	}
	db, _ = store.Open(ctx, dbPath)
	defer db.Close()
	u, err := db.Authenticate(ctx, "ops@northwind-bank.example", "a long enough password")
	if err != nil || u.Role != store.RolePrivacy || u.Name != "Ops" {
		t.Fatalf("the added account = %+v, %v", u, err)
	}
	if u, err := db.Authenticate(ctx, "root@vitrine.example", "another long password"); err != nil || !u.Platform() {
		t.Fatalf("platform admin = %+v, %v (the CR of a Windows line ending must not be part of the password)", u, err)
	}
	var printed bytes.Buffer
	if err := printDemoStaff(ctx, db, "http://x", &printed); err != nil || !strings.Contains(printed.String(), "support@maison-lumiere.example") ||
		!strings.Contains(printed.String(), seed.StaffPassword) {
		t.Fatalf("demo staff printout: %q, %v", printed.String(), err)
	}
}
