package regfile

import (
	"context"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

func seeded(t *testing.T) (*store.DB, store.Brand) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, "r")
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 6, Events: 200, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	b, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	return db, b
}

func TestExportApplyRoundTripsToNoChange(t *testing.T) {
	db, b := seeded(t)
	ctx := context.Background()
	reg, _ := db.Registry(ctx, b.ID)
	out, err := Marshal(Export(b.Slug, reg))
	if err != nil {
		t.Fatal(err)
	}
	f, errs := Parse(out)
	if len(errs) > 0 {
		t.Fatalf("the export does not parse: %v", errs)
	}
	if steps := Plan(reg, f); len(steps) != 0 {
		t.Fatalf("export then apply would change %v", steps)
	}
	if len(f.Systems) == 0 || len(f.Purposes) == 0 || len(f.DataCategories) == 0 {
		t.Fatal("export is missing entries")
	}
	for _, s := range f.Systems {
		if s.Slug == "sentiment-tagger" {
			t.Error("an unregistered system was exported as if described")
		}
	}
}

func TestApplyRecordsChangesAndCreates(t *testing.T) {
	db, b := seeded(t)
	ctx := context.Background()
	reg, _ := db.Registry(ctx, b.ID)
	out, _ := Marshal(Export(b.Slug, reg))
	// A new system at the top of the list, and a renamed one.
	edited := strings.Replace(string(out), "systems:\n", "systems:\n"+`  - slug: smart-search
    name: Smart Search
    vendor: Vendor X
    deployment: vendor_tool
    learns: false
    risk_level: minimal
    automated_decision: false
    status: active
    texts:
      en: {what: Ranks products by what you search., how: It reads the words you type.}
`, 1)
	edited = strings.Replace(edited, "name: Recherche du site", "name: Recherche intelligente", 1)
	f, errs := Parse([]byte(edited))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	steps := Plan(reg, f)
	if len(steps) != 2 {
		t.Fatalf("plan = %v, want a new system and a renamed one", steps)
	}
	if _, err := Apply(ctx, db, b, reg, f, "registry apply by test", time.Now()); err != nil {
		t.Fatal(err)
	}
	reg, _ = db.Registry(ctx, b.ID)
	if reg.SystemBySlug["smart-search"] == nil || reg.SystemBySlug["search-ranking"].Name != "Recherche intelligente" {
		t.Fatal("apply did not change the registry")
	}
	if steps := Plan(reg, f); len(steps) != 0 {
		t.Fatalf("applying twice would change %v", steps)
	}
	changes, _ := db.RegistryChanges(ctx, b.ID, time.Time{}, 10)
	if len(changes) != 2 || changes[0].Actor != "registry apply by test" {
		t.Fatalf("changes = %+v", changes)
	}
}

func TestParseRefusesInvalidFilesWithLineNumbers(t *testing.T) {
	file := `brand: maison-lumiere
systems:
  - slug: Bad Slug
    name: X
    deployment: vendor_tool
    risk_level: extreme
    status: active
    colour: blue
purposes:
  - slug: ads
    legal_basis: consent
    refusable: false
  - slug: ads
    legal_basis: whatever
    refusable: true
data_categories: 12
`
	_, errs := Parse([]byte(file))
	want := []struct {
		line int
		text string
	}{{8, "colour"}, {16, "must be a list"}}
	for _, w := range want {
		found := false
		for _, e := range errs {
			found = found || (e.Line == w.line && strings.Contains(e.Message, w.text))
		}
		if !found {
			t.Errorf("no error at line %d about %q in %v", w.line, w.text, errs)
		}
	}
	// Once the structure is right, values are checked, still with lines.
	file = strings.Replace(strings.Replace(file, "    colour: blue\n", "", 1), "data_categories: 12\n", "data_categories: []\n", 1)
	_, errs = Parse([]byte(file))
	for _, w := range []struct {
		line int
		text string
	}{{3, "slug"}, {3, "risk_level"}, {9, "must be able to refuse"}, {12, "already defined at line 9"}, {12, "legal_basis"}} {
		found := false
		for _, e := range errs {
			found = found || (e.Line == w.line && strings.Contains(e.Message, w.text))
		}
		if !found {
			t.Errorf("no error at line %d about %q in %v", w.line, w.text, errs)
		}
	}
	if _, errs := Parse([]byte("brand: [unclosed")); len(errs) != 1 || errs[0].Line == 0 {
		t.Errorf("broken YAML: %v", errs)
	}
}
