package store

import (
	"context"
	"os"
	"regexp"
	"slices"
	"testing"
)

// referenceTables are the shared tables of the PostgreSQL schema: small, copied to every node of a distributed
// database. Every other table is a tenant table.
var referenceTables = []string{"brands", "staff_users", "staff_sessions", "login_failures", "api_keys", "schema_migrations", "proof_backfill",
	"oauth_clients"} // assistant applications serve customers of every brand

// TestSchemaIsDistributable reads the PostgreSQL catalog and fails when a tenant table breaks the rules that let
// Citus distribute it by brand: brand_id in the table, in its primary key and in every unique key. It also checks
// that store/citus.sql names every table of the schema exactly once, as reference or as distributed by brand_id,
// so that a table added later cannot be forgotten there.
func TestSchemaIsDistributable(t *testing.T) {
	db := newTestDB(t)
	if db.d != dialectPostgres {
		t.Skip("the PostgreSQL catalog")
	}
	ctx := context.Background()
	rows, err := db.r.QueryContext(ctx, `SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 25 {
		t.Fatalf("only %d tables in the schema: %v", len(tables), tables)
	}

	script, err := os.ReadFile("citus.sql")
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^SELECT (create_reference_table|create_distributed_table)\('(\w+)'(?:, '(\w+)')?`).FindAllStringSubmatch(string(script), -1) {
		if _, dup := named[m[2]]; dup {
			t.Errorf("citus.sql names %s twice", m[2])
		}
		named[m[2]] = m[1]
		if m[1] == "create_distributed_table" && m[3] != "brand_id" {
			t.Errorf("citus.sql distributes %s by %s, not brand_id", m[2], m[3])
		}
	}

	for _, table := range tables {
		reference := slices.Contains(referenceTables, table)
		want := "create_distributed_table"
		if reference {
			want = "create_reference_table"
		}
		if named[table] != want {
			t.Errorf("citus.sql: %s is %q, want %s", table, named[table], want)
		}
		delete(named, table)
		if reference {
			continue
		}
		// Every unique index, the primary key among them, must hold brand_id.
		ix, err := db.r.QueryContext(ctx, `SELECT i.relname, x.indisprimary,
			EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey) AND a.attname = 'brand_id')
			FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
			WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace AND x.indisunique`, table)
		if err != nil {
			t.Fatal(err)
		}
		primary := false
		for ix.Next() {
			var name string
			var isPrimary, hasBrand bool
			if err := ix.Scan(&name, &isPrimary, &hasBrand); err != nil {
				t.Fatal(err)
			}
			primary = primary || isPrimary
			if !hasBrand {
				t.Errorf("tenant table %s: unique key %s does not hold brand_id", table, name)
			}
		}
		ix.Close()
		if !primary {
			t.Errorf("tenant table %s has no primary key", table)
		}
	}
	for table := range named {
		t.Errorf("citus.sql names %s, which the schema does not have", table)
	}
}
