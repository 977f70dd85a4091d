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
	var applied []store.RegistryChange // the demo's own past changes aside
	for _, ch := range changes {
		if ch.Actor == "registry apply by test" {
			applied = append(applied, ch)
		}
	}
	if len(applied) != 2 || changes[0].Actor != "registry apply by test" {
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
    retention: forever
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
	}{{9, "colour"}, {17, "must be a list"}}
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
	}{{3, "slug"}, {3, "risk_level"}, {3, `retention: not a retention period: "forever" does not start with a number; write a number and a unit, such as "30 days"`},
		{10, "must be able to refuse"}, {13, "already defined at line 10"}, {13, "legal_basis"}} {
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

// northwind is the seeded bank and its registry file, whose credit-limit system makes automated decisions.
func northwind(t *testing.T) (*store.DB, store.Brand, string) {
	t.Helper()
	db, _ := seeded(t)
	ctx := context.Background()
	b, err := db.BrandBySlug(ctx, seed.BrandNorthwind)
	if err != nil {
		t.Fatal(err)
	}
	// The demo describes how credit-limit decides; the tests describe it themselves, from nothing.
	reg, _ := db.Registry(ctx, b.ID)
	sys := *reg.SystemBySlug["credit-limit"]
	sys.Counterfactuals, sys.Factors, sys.Texts = false, []store.DecisionFactor{}, map[string]store.SystemText{}
	for loc, tx := range reg.SystemBySlug["credit-limit"].Texts {
		tx.Decides = ""
		sys.Texts[loc] = tx
	}
	if _, err := db.SaveSystem(ctx, sys); err != nil {
		t.Fatal(err)
	}
	reg, _ = db.Registry(ctx, b.ID)
	out, err := Marshal(Export(b.Slug, reg))
	if err != nil {
		t.Fatal(err)
	}
	return db, b, string(out)
}

// decisionBlock is what a team adds under the credit-limit system to describe how it decides.
const decisionBlock = `    counterfactuals: true
    factors:
      - key: late_payments
        data_category: user.financial
        labels: {en: Payments you made late, fr: Vos paiements en retard}
      - key: income
        labels: {en: Your regular income, fr: Vos revenus réguliers}
`

func withDecisions(t *testing.T, file, block string) string {
	t.Helper()
	at := strings.Index(file, "slug: credit-limit")
	if at < 0 {
		t.Fatal("no credit-limit system in the export")
	}
	at += strings.Index(file[at:], "    texts:\n")
	return file[:at] + block + file[at:]
}

func TestDecisionsRoundTripAndTheFileIsTheTruthForFactors(t *testing.T) {
	db, b, file := northwind(t)
	ctx := context.Background()
	edited := withDecisions(t, file, decisionBlock)
	edited = strings.Replace(edited, "      en:\n        name: Credit limit decisions\n",
		"      en:\n        name: Credit limit decisions\n        decides: We add up points for income and for payments on time.\n", 1)
	f, errs := Parse([]byte(edited))
	if len(errs) > 0 {
		t.Fatalf("parse: %v", errs)
	}
	reg, _ := db.Registry(ctx, b.ID)
	if steps := Plan(reg, f); len(steps) != 1 || !strings.Contains(steps[0].String(), "factors") ||
		!strings.Contains(steps[0].String(), "counterfactuals") || !strings.Contains(steps[0].String(), "texts.en") {
		t.Fatalf("plan = %v, want one update of credit-limit's factors, counterfactuals and English texts", steps)
	}
	if _, err := Apply(ctx, db, b, reg, f, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	reg, _ = db.Registry(ctx, b.ID)
	sys := reg.SystemBySlug["credit-limit"]
	if !sys.Counterfactuals || sys.Texts["en"].Decides == "" || len(sys.Factors) != 2 ||
		sys.Factor("late_payments") == nil || sys.Factor("late_payments").Labels["fr"] != "Vos paiements en retard" ||
		sys.Factor("late_payments").DataCategory != "user.financial" {
		t.Fatalf("after apply, credit-limit = %+v", sys)
	}
	// Export, parse, plan: nothing changes, and the factors come out sorted by key.
	out, _ := Marshal(Export(b.Slug, reg))
	if i, j := strings.Index(string(out), "key: income"), strings.Index(string(out), "key: late_payments"); i < 0 || j < i {
		t.Fatalf("factors are not exported in key order:\n%s", out)
	}
	f2, errs := Parse(out)
	if len(errs) > 0 {
		t.Fatalf("the export does not parse: %v", errs)
	}
	if steps := Plan(reg, f2); len(steps) != 0 {
		t.Fatalf("export then apply would change %v", steps)
	}
	// A factor taken out of the file is taken out of the registry.
	removed := removeFactor(t, string(out), "income")
	f3, errs := Parse([]byte(removed))
	if len(errs) > 0 {
		t.Fatalf("parse: %v", errs)
	}
	if _, err := Apply(ctx, db, b, reg, f3, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	reg, _ = db.Registry(ctx, b.ID)
	if sys := reg.SystemBySlug["credit-limit"]; len(sys.Factors) != 1 || sys.Factor("income") != nil {
		t.Fatalf("a factor removed from the file stayed: %+v", sys.Factors)
	}
}

// removeFactor cuts the factor of that key (its key line and the lines under it) out of file.
func removeFactor(t *testing.T, file, key string) string {
	t.Helper()
	lines := strings.Split(file, "\n")
	var out []string
	skipping := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "- key: "+key {
			skipping = true
			continue
		}
		if skipping && strings.HasPrefix(l, "        ") {
			continue
		}
		skipping = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func TestDecisionFieldsAreValidatedWithLines(t *testing.T) {
	head := `brand: northwind-bank
systems:
  - slug: credit-limit
    name: Credit limit decisions
    deployment: in_house
    learns: true
    risk_level: high
    status: active
`
	texts := `    texts:
      en: {what: Decides your limit., how: It adds points.}
      fr: {what: Décide du plafond., how: Il ajoute des points.}
purposes: []
data_categories:
  - slug: user.financial
    sensitive: false
    texts: {}
`
	for _, tc := range []struct {
		name, body string
		line       int
		want       string
	}{
		{"factors on a system that does not decide", "    automated_decision: false\n    factors:\n      - key: income\n        labels: {en: Income, fr: Revenus}\n",
			11, "only for a system that makes automated decisions"},
		{"decides on a system that does not decide", "    automated_decision: false\n",
			3, "only for a system that makes automated decisions"},
		{"key not in slug form", "    automated_decision: true\n    factors:\n      - key: Late Payments\n        labels: {en: Late, fr: Retard}\n",
			11, "lowercase"},
		{"key twice", "    automated_decision: true\n    factors:\n      - key: income\n        labels: {en: Income, fr: Revenus}\n      - key: income\n        labels: {en: Income, fr: Revenus}\n",
			13, "already listed at line 11"},
		{"a label missing in a language the system speaks", "    automated_decision: true\n    factors:\n      - key: income\n        labels: {en: Income}\n",
			11, "needs a label in fr"},
		{"an unknown field in a factor", "    automated_decision: true\n    factors:\n      - key: income\n        weight: 3\n        labels: {en: Income, fr: Revenus}\n",
			12, "weight"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := head + tc.body + texts
			if tc.name == "decides on a system that does not decide" {
				file = strings.Replace(file, "how: It adds points.}", "how: It adds points., decides: We add points.}", 1)
			}
			_, errs := Parse([]byte(file))
			found := false
			for _, e := range errs {
				found = found || (e.Line == tc.line && strings.Contains(e.Message, tc.want))
			}
			if !found {
				t.Errorf("no error at line %d about %q in %v", tc.line, tc.want, errs)
			}
		})
	}
	// A valid factor parses; its data category must be one the file or the registry knows.
	file := head + "    automated_decision: true\n    factors:\n      - key: income\n        data_category: user.financial\n        labels: {en: Income, fr: Revenus}\n" +
		"      - key: savings\n        data_category: user.savings\n        labels: {en: Savings, fr: Épargne}\n" + texts
	f, errs := Parse([]byte(file))
	if len(errs) > 0 {
		t.Fatalf("a valid file is refused: %v", errs)
	}
	errs = Check(&store.Registry{CategoryBySlug: map[string]*store.DataCategory{}}, f)
	if len(errs) != 1 || errs[0].Line != 14 || !strings.Contains(errs[0].Message, "user.savings") {
		t.Fatalf("check = %v, want the unknown user.savings at line 14", errs)
	}
	if errs := Check(&store.Registry{CategoryBySlug: map[string]*store.DataCategory{"user.savings": {}}}, f); len(errs) != 0 {
		t.Fatalf("a category the registry knows is refused: %v", errs)
	}
}
