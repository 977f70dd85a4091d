package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestParseFlagsTakesFlagsAnywhere checks the shared flag parser on its own: flags before, between and after
// positionals, values given as the next argument or after "=", booleans that take no value, "--" ending the
// flags, and the flag package's own errors.
func TestParseFlagsTakesFlagsAnywhere(t *testing.T) {
	for _, c := range []struct {
		name    string
		args    []string
		db      string
		yes     bool
		n       int
		rest    []string
		wantErr string
	}{
		{name: "flags first", args: []string{"--db", "x.db", "--yes", "f.yaml"}, db: "x.db", yes: true, rest: []string{"f.yaml"}},
		{name: "flags last", args: []string{"f.yaml", "--db", "x.db", "--yes"}, db: "x.db", yes: true, rest: []string{"f.yaml"}},
		{name: "flags between", args: []string{"a", "-db=x.db", "b", "--n", "3", "c"}, db: "x.db", n: 3, rest: []string{"a", "b", "c"}},
		{name: "a boolean does not swallow the positional after it", args: []string{"--yes", "f.yaml", "--db", "x.db"}, db: "x.db", yes: true, rest: []string{"f.yaml"}},
		{name: "a value may look like a flag", args: []string{"--db", "--yes", "f"}, db: "--yes", rest: []string{"f"}},
		{name: "a dash alone is standard input", args: []string{"-", "--yes"}, yes: true, rest: []string{"-"}},
		{name: "-- ends the flags", args: []string{"--db", "x.db", "--", "--yes", "-n"}, db: "x.db", rest: []string{"--yes", "-n"}},
		{name: "-- as a flag's value is a value", args: []string{"--db", "--", "f", "--yes"}, db: "--", yes: true, rest: []string{"f"}},
		{name: "unknown flag after a positional", args: []string{"f", "--nope"}, wantErr: "flag provided but not defined: -nope"},
		{name: "missing value at the end", args: []string{"f", "--db"}, wantErr: "flag needs an argument: -db"},
		{name: "bad value after a positional", args: []string{"f", "--n", "three"}, wantErr: `invalid value "three" for flag -n`},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := newFlags("test")
			fs.SetOutput(io.Discard)
			db := fs.String("db", "", "")
			yes := fs.Bool("yes", false, "")
			n := fs.Int("n", 0, "")
			err := parseFlags(fs, c.args)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *db != c.db || *yes != c.yes || *n != c.n || !slices.Equal(fs.Args(), c.rest) {
				t.Fatalf("db %q yes %v n %d args %q; want db %q yes %v n %d args %q", *db, *yes, *n, fs.Args(), c.db, c.yes, c.n, c.rest)
			}
		})
	}
}

// TestParseFlagsStillReadsEnvironment checks that a flag not given on the command line still comes from its
// VITRINE_ variable when the command line mixes flags and positionals, and that the command line wins.
func TestParseFlagsStillReadsEnvironment(t *testing.T) {
	t.Setenv("VITRINE_DB", "from-env.db")
	t.Setenv("VITRINE_BRAND", "env-brand")
	fs := newFlags("test")
	db := fs.String("db", "", "")
	brand := fs.String("brand", "", "")
	if err := parseFlags(fs, []string{"f", "--brand", "flag-brand"}); err != nil {
		t.Fatal(err)
	}
	if *db != "from-env.db" || *brand != "flag-brand" || fs.Arg(0) != "f" {
		t.Fatalf("db %q brand %q arg %q", *db, *brand, fs.Arg(0))
	}
	if err := parseFlags(newFlags("help"), []string{"f", "-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h after a positional: %v, want flag.ErrHelp", err)
	}
}

// TestSubcommandsTakeFlagsAfterPositionals runs the real subcommands with their flags before and after the
// positional argument, and checks each did its job.
func TestSubcommandsTakeFlagsAfterPositionals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 200, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	events := filepath.Join(dir, "events.ndjson")
	ndjson := `{"id":"flag-1","customer":"C-1001","system":"search-ranking","purpose":"search","action":"inference","occurred_at":"2026-01-02T10:00:00Z"}
{"id":"flag-2","customer":"C-1001","system":"search-ranking","purpose":"search","action":"inference","occurred_at":"2026-01-02T11:00:00Z"}
`
	if err := os.WriteFile(events, []byte(ndjson), 0o644); err != nil {
		t.Fatal(err)
	}
	var exported bytes.Buffer
	if err := cmdRegistry(ctx, []string{"export", "--db", dbPath, "--brand", seed.BrandNorthwind}, &exported); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(exported.String(), "retention: 90 days") {
		t.Fatalf("the export has no 'retention: 90 days' to edit:\n%s", exported.String())
	}
	edited := filepath.Join(dir, "registry.yaml")
	if err := os.WriteFile(edited, []byte(strings.Replace(exported.String(), "retention: 90 days", "retention: 30 days", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	type step struct {
		args []string
		want string // in the output
	}
	run := func(args []string) (string, error) {
		var out bytes.Buffer
		var err error
		switch args[0] {
		case "import":
			err = cmdImport(ctx, args[1:], strings.NewReader(""), &out)
		case "registry":
			err = cmdRegistry(ctx, args[1:], &out)
		case "apikey":
			err = cmdAPIKey(ctx, args[1:], &out)
		case "staff":
			err = cmdStaff(ctx, args[1:], strings.NewReader("a long enough password\n"), &out)
		case "token":
			err = cmdToken(ctx, args[1:], &out)
		case "migrate":
			err = cmdMigrate(ctx, args[1:], &out)
		}
		return out.String(), err
	}
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"import, flags before the file", []step{{[]string{"import", "--db", dbPath, "--brand", seed.BrandMaison, "--quiet", events}, "2 accepted"}}},
		{"import, flags after the file", []step{{[]string{"import", events, "--db", dbPath, "--brand", seed.BrandMaison, "--quiet"}, "2 duplicates"}}},
		{"import, flags around the file", []step{{[]string{"import", "--db", dbPath, events, "--quiet", "--brand", seed.BrandMaison}, "2 duplicates"}}},
		{"registry apply, --yes after the file", []step{
			{[]string{"registry", "apply", "--db", dbPath, "--brand", seed.BrandNorthwind, edited}, "Dry run"},
			{[]string{"registry", "apply", "--db", dbPath, "--brand", seed.BrandNorthwind, edited, "--yes"}, "Applied 1 changes"},
			{[]string{"registry", "apply", edited, "--db", dbPath, "--yes", "--brand", seed.BrandNorthwind}, "No change"},
		}},
		{"apikey, the verb first and flags in any order", []step{
			{[]string{"apikey", "create", "--brand", seed.BrandMaison, "--name", "flags-test", "--db", dbPath}, "API key"},
			{[]string{"apikey", "list", "--db", dbPath, "--brand", seed.BrandMaison}, "flags-test"},
		}},
		{"staff add", []step{{[]string{"staff", "add", "--email", "flags@maison-lumiere.example", "--db", dbPath, "--role", "support", "--brand", seed.BrandMaison}, "Staff account"}}},
		{"token", []step{{[]string{"token", "--customer", seed.CamilleID, "--db", dbPath, "--brand", seed.BrandMaison}, "."}}},
		{"migrate", []step{{[]string{"migrate", "--db", dbPath}, "schema version"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, s := range c.steps {
				out, err := run(s.args)
				if err != nil || !strings.Contains(out, s.want) {
					t.Fatalf("%q: err %v, output lacks %q:\n%s", s.args, err, s.want, out)
				}
			}
		})
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"registry", "apply", "--db", dbPath, "--brand", seed.BrandNorthwind, "--yes"}, "give the file to apply"},
		{[]string{"import", events, "--db", dbPath, events, "--brand", seed.BrandMaison}, "usage: vitrine import"},
		{[]string{"import", events, "--db", dbPath, "--brand", seed.BrandMaison, "--colour"}, "flag provided but not defined: -colour"},
	} {
		if _, err := run(c.args); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err %v, want %q", c.args, err, c.want)
		}
	}
}
