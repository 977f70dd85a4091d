package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

func TestSSOCommand(t *testing.T) {
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
		err := cmdSSO(ctx, append(args[:1:1], append([]string{"--db", dbPath}, args[1:]...)...), strings.NewReader(stdin), &out)
		return out.String(), err
	}
	set := []string{"set", "--brand", seed.BrandMaison, "--issuer", "https://id.maison-lumiere.example/realms/staff",
		"--client-id", "vitrine", "--role-claim", "groups", "--role-map", "vitrine-admins=admin,vitrine-privacy=privacy,support=support",
		"--domains", "maison-lumiere.example", "--password-login=false"}
	out, err := run("the-client-secret\n", set...)
	if err != nil || !strings.Contains(out, "/staff/sso/callback") {
		t.Fatalf("set: %q, %v", out, err)
	}
	out, err = run("", "show", "--brand", seed.BrandMaison)
	if err != nil || strings.Contains(out, "the-client-secret") || !strings.Contains(out, "vitrine-admins=admin") ||
		!strings.Contains(out, "password login  false") {
		t.Fatalf("show: %q, %v (the secret must never be printed)", out, err)
	}
	file := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(file, []byte("from-a-file\n"), 0o600)
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", set, "standard input"},
		{"s\n", append(append([]string{}, set...), "--role-map", "x=boss"), "--role-map"},
		{"s\n", append(append([]string{}, set...), "--issuer", "http://id.maison-lumiere.example"), "https issuer"},
		{"", append(append([]string{}, set...), "--brand", seed.BrandNorthwind, "--secret-file", file), "another brand"},
	} {
		if _, err := run(c.stdin, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err %v, want %q", c.args, err, c.want)
		}
	}
	db, _ = store.Open(ctx, dbPath)
	b, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	cfg, err := db.SSOByBrand(ctx, b.ID)
	db.Close()
	if err != nil || cfg.ClientSecret != "the-client-secret" || cfg.PasswordLogin {
		t.Fatalf("stored: %+v, %v", cfg, err)
	}
	if out, err := run("", "remove", "--brand", seed.BrandMaison); err != nil || !strings.Contains(out, "removed") {
		t.Fatalf("remove: %q, %v", out, err)
	}
	// A forgotten verb is named as such, before any database is opened: run in an empty directory, the default
	// database path would otherwise be created there.
	t.Chdir(t.TempDir())
	err = cmdSSO(ctx, []string{"--brand", seed.BrandMaison, "--issuer", "https://id.example"}, strings.NewReader(""), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "set|show|remove") {
		t.Errorf("no verb: err %v, want the usage", err)
	}
	if _, err := os.Stat("data"); !os.IsNotExist(err) {
		t.Errorf("no verb: a database directory was created (%v)", err)
	}
	// A mistyped --db is named, not created empty and searched for the brand.
	for _, args := range [][]string{{"show", "--db", "vitrin.db", "--brand", seed.BrandMaison}} {
		err := cmdSSO(ctx, args, strings.NewReader(""), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "no database at vitrin.db") {
			t.Errorf("%v: err %v, want the missing database named", args, err)
		}
		if _, err := os.Stat("vitrin.db"); !os.IsNotExist(err) {
			t.Errorf("%v: the mistyped database was created", args)
		}
	}
}
