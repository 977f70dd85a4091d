package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// testNow is the store tests' clock: a fixed instant, so that no test depends on the day it runs.
var testNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// newTestDB gives each test a fresh, migrated database file of its own, on the fixed clock testNow.
func newTestDB(t testing.TB) *DB {
	t.Helper()
	return openTestDB(t, WithClock(func() time.Time { return testNow }))
}

// openTestDB opens a fresh database for the test on the run's engine (TestDatabase): a SQLite file, or a schema of
// its own in the test PostgreSQL. Without a PostgreSQL server the PostgreSQL run skips, unless
// VITRINE_REQUIRE_POSTGRES is set, as in CI, where that is a failure.
func openTestDB(t testing.TB, opts ...Option) *DB {
	t.Helper()
	ctx := context.Background()
	dsn, drop, err := TestDatabase(ctx, t.TempDir(), "test")
	if errors.Is(err, ErrNoTestPostgres) && os.Getenv("VITRINE_REQUIRE_POSTGRES") == "" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, dsn, opts...)
	if err != nil {
		drop()
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close(); drop() })
	return db
}

// fixture is a brand with one registered system, two purposes (consent and contract) and a category.
type fixture struct {
	db       *DB
	brand    Brand
	sysID    int64
	consent  int64
	contract int64
	cust     int64
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	ctx := context.Background()
	db := newTestDB(t)
	b, err := db.CreateBrand(ctx, Brand{Slug: "acme", Name: "Acme", DefaultLocale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{db: db, brand: b}
	f.sysID, err = db.SaveSystem(ctx, AISystem{BrandID: b.ID, Slug: "recommender", Name: "Recommender", Deployment: DeployInHouse, Learns: true,
		Registered: true, Texts: map[string]SystemText{"en": {What: "Suggests products."}}})
	if err != nil {
		t.Fatal(err)
	}
	f.consent, err = db.SavePurpose(ctx, Purpose{BrandID: b.ID, Slug: "personalisation", LegalBasis: "consent", Refusable: true, Registered: true})
	if err != nil {
		t.Fatal(err)
	}
	f.contract, err = db.SavePurpose(ctx, Purpose{BrandID: b.ID, Slug: "service", LegalBasis: "contract", Registered: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveCategory(ctx, DataCategory{BrandID: b.ID, Slug: "user.behavior.purchase_history", Registered: true}); err != nil {
		t.Fatal(err)
	}
	f.cust, err = db.SaveCustomer(ctx, Customer{BrandID: b.ID, ExternalID: "C-1", Email: "c1@example.com", Name: "C One", Locale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func ev(id, customer, purpose, action string, at time.Time) EventInput {
	return EventInput{ID: id, Customer: customer, System: "recommender", Purpose: purpose, Action: action,
		DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: at, ModelVersion: "3"}
}

func TestMigrationsFromEmpty(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := migrationFS.ReadDir("migrations/" + db.d.String())
	var applied int
	db.r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&applied)
	if applied != len(names) || v < len(names) {
		t.Fatalf("%d migrations applied, schema version %d; want every one of the %d files", applied, v, len(names))
	}
	for _, table := range []string{"brands", "ai_systems", "purposes", "data_categories", "customers", "usage_events", "rollup_daily",
		"rollup_category_daily", "consents", "consent_history", "model_versions", "customer_sessions"} {
		var n int
		q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
		if db.d == dialectPostgres {
			q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
		}
		if err := db.r.QueryRow(q, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing after migrations (err %v)", table, err)
		}
	}
	// Reopening applies nothing twice.
	path := db.Path()
	db.Close()
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	if v2, _ := db2.SchemaVersion(ctx); v2 != v {
		t.Fatalf("version after reopen %d, want %d", v2, v)
	}
	if db2.d == dialectPostgres {
		return // the pragmas below are SQLite's
	}
	var mode string
	if err := db2.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q (err %v), want wal", mode, err)
	}
	var fk int
	if err := db2.r.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys %d on reader (err %v), want 1", fk, err)
	}
}

func TestInsertEventsIsIdempotentAndKeepsRollupsInStep(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	var batch []EventInput
	for i := range 200 {
		batch = append(batch, ev(fmt.Sprintf("e-%d", i), "C-1", "service", ActionInference, base.Add(time.Duration(i)*7*time.Hour)))
	}
	res, err := f.db.InsertEvents(ctx, f.brand.ID, batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != StatusAccepted {
			t.Fatalf("event %d: %s, want accepted", i, r.Status)
		}
	}
	// A retry of the same batch, and the same batch racing itself, change nothing.
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := f.db.InsertEvents(ctx, f.brand.ID, batch)
			if err != nil {
				t.Error(err)
				return
			}
			for _, r := range res {
				if r.Status != StatusDuplicate {
					t.Errorf("retry gave %s, want duplicate", r.Status)
					return
				}
			}
		}()
	}
	wg.Wait()
	assertRollupsMatchEvents(t, f.db)
	u, err := f.db.UsageBySystem(ctx, f.brand.ID, f.cust, base.AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(u) != 1 || u[0].Count != 200 {
		t.Fatalf("usage by system = %+v, want one system with 200 uses", u)
	}
}

// assertRollupsMatchEvents recomputes every rollup from raw events and compares.
func assertRollupsMatchEvents(t *testing.T, db *DB) {
	t.Helper()
	if err := db.VerifyRollups(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestUnregisteredSystemIsKeptAndFlagged(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	e := ev("x-1", "C-NEW", "mystery-purpose", ActionInference, f.db.Now().Add(-time.Hour))
	e.System = "shadow-ai"
	e.DataCategories = []string{"user.unknown.thing"}
	res, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{e})
	if err != nil || res[0].Status != StatusAccepted {
		t.Fatalf("insert: %v %+v", err, res)
	}
	reg, err := f.db.Registry(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := reg.SystemBySlug["shadow-ai"]
	if s == nil || s.Registered {
		t.Fatalf("system shadow-ai = %+v, want auto-created and unregistered", s)
	}
	if p := reg.PurposeBySlug["mystery-purpose"]; p == nil || p.Registered {
		t.Fatalf("purpose = %+v, want auto-created and unregistered", p)
	}
	if d := reg.CategoryBySlug["user.unknown.thing"]; d == nil || d.Registered {
		t.Fatalf("category = %+v, want auto-created and unregistered", d)
	}
	if _, err := f.db.CustomerByExternalID(ctx, f.brand.ID, "C-NEW"); err != nil {
		t.Fatalf("new customer not created: %v", err)
	}
	// An unregistered purpose has no known legal basis, so the use is flagged for the privacy team.
	if !res[0].Violation {
		t.Fatal("use for an unregistered purpose should be flagged")
	}
}

func TestConsentViolationAtOccurredAt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentRefused, Method: "web", At: t0.AddDate(0, 6, 0)}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		purpose   string
		at        time.Time
		violation bool
	}{
		{"before any consent", "personalisation", t0.Add(-time.Hour), true},
		{"while granted", "personalisation", t0.AddDate(0, 3, 0), false},
		{"after refusal", "personalisation", t0.AddDate(0, 7, 0), true},
		{"contract needs no consent", "service", t0.AddDate(0, 7, 0), false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev(fmt.Sprintf("v-%d", i), "C-1", c.purpose, ActionInference, c.at)})
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Violation != c.violation {
				t.Fatalf("violation = %v, want %v", res[0].Violation, c.violation)
			}
		})
	}
	cur, err := f.db.Consents(ctx, f.brand.ID, f.cust)
	if err != nil || cur[f.consent] != ConsentRefused {
		t.Fatalf("current consent = %v (err %v), want refused", cur, err)
	}
	if _, err := f.db.w.Exec(`UPDATE consent_history SET state = 'granted'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("updating consent history: err %v, want append-only refusal", err)
	}
	if _, err := f.db.w.Exec(`DELETE FROM consent_history`); err == nil {
		t.Fatal("deleting consent history should be refused")
	}
}

func TestEventsKeysetPaginationVisitsEveryEventOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var batch []EventInput
	for i := range 137 {
		// Several events share a second, so the id must break ties.
		batch = append(batch, ev(fmt.Sprintf("p-%d", i), "C-1", "service", ActionInference, base.Add(time.Duration(i/3)*time.Minute)))
	}
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, batch); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var cur Cursor
	pages := 0
	for {
		page, err := f.db.Events(ctx, f.cust, EventFilter{}, cur, 20)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for i, e := range page.Events {
			if seen[e.Key] {
				t.Fatalf("event %s seen twice", e.Key)
			}
			seen[e.Key] = true
			if i > 0 && e.OccurredAt.After(page.Events[i-1].OccurredAt) {
				t.Fatal("events not newest first")
			}
		}
		if page.Next == nil {
			break
		}
		cur = *page.Next
	}
	if len(seen) != 137 || pages != 7 {
		t.Fatalf("saw %d events in %d pages, want 137 in 7", len(seen), pages)
	}
	// A filter narrows the list.
	page, err := f.db.Events(ctx, f.cust, EventFilter{From: base.Add(10 * time.Minute), To: base.Add(20 * time.Minute)}, Cursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 30 {
		t.Fatalf("date filter gave %d events, want 30", len(page.Events))
	}
}

func TestEventListUsesIndexNotScan(t *testing.T) {
	db := newTestDB(t)
	skipPlansOnPostgres(t, db)
	rows, err := db.r.Query(`EXPLAIN QUERY PLAN SELECT ` + eventCols + ` FROM usage_events WHERE customer_id = 1 AND system_id = 2
		AND (occurred_at < 5 OR (occurred_at = 5 AND id < 9)) ORDER BY occurred_at DESC, id DESC LIMIT 51`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	joined := strings.Join(plan, "; ")
	if !strings.Contains(joined, "usage_events_customer_system_time") || strings.Contains(joined, "TEMP B-TREE") {
		t.Fatalf("plan %q: want the customer/system index and no sort", joined)
	}
}

func TestExchangeTokenOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	exp := f.db.Now().Add(time.Minute)
	id, err := f.db.ExchangeToken(ctx, "jti-1", exp, f.cust, time.Hour, f.db.Now())
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.db.SessionView(ctx, id, f.db.Now())
	if err != nil || v.Session.CustomerID != f.cust || v.Customer.ExternalID != "C-1" || v.Brand.Slug != "acme" || v.RegistryRev == 0 {
		t.Fatalf("session view = %+v, %v", v, err)
	}
	if _, err := f.db.SessionView(ctx, id, f.db.Now().Add(2*time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("expired session: %v, want ErrNotFound", err)
	}
	if _, err := f.db.ExchangeToken(ctx, "jti-1", exp, f.cust, time.Hour, f.db.Now()); !errors.Is(err, ErrTokenUsed) {
		t.Fatalf("second exchange: %v, want ErrTokenUsed", err)
	}
	if _, err := f.db.SessionView(ctx, "not-a-session", f.db.Now()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown session: %v, want ErrNotFound", err)
	}
}

func TestAPIKeys(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other, err := f.db.CreateBrand(ctx, Brand{Slug: "other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	key, k, err := f.db.CreateAPIKey(ctx, f.brand.ID, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, "vtr_") || len(key) < 40 || !strings.HasPrefix(key, k.Prefix) {
		t.Fatalf("key %q prefix %q", key, k.Prefix)
	}
	var stored int
	f.db.r.QueryRow(`SELECT count(*) FROM api_keys WHERE hash = ? OR prefix = ?`, key, key).Scan(&stored)
	if stored != 0 {
		t.Fatal("the key is stored in clear")
	}
	if b, err := f.db.APIKeyBrand(ctx, key, f.db.Now()); err != nil || b != f.brand.ID {
		t.Fatalf("APIKeyBrand = %d, %v", b, err)
	}
	if _, err := f.db.APIKeyBrand(ctx, key+"x", f.db.Now()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("wrong key: %v", err)
	}
	if err := f.db.RevokeAPIKey(ctx, other.ID, k.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another brand revoked the key: %v", err)
	}
	if err := f.db.RevokeAPIKey(ctx, f.brand.ID, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.APIKeyBrand(ctx, key, f.db.Now()); !errors.Is(err, ErrKeyRevoked) {
		t.Fatalf("revoked key: %v", err)
	}
	keys, _ := f.db.APIKeys(ctx, f.brand.ID)
	if len(keys) != 1 || keys[0].RevokedAt == nil || keys[0].LastUsedAt == nil {
		t.Fatalf("keys = %+v", keys)
	}
}

// TestUsageByMonth checks the monthly chart's numbers: uses per calendar month and system, oldest first, from
// whole months in the monthly rollups and the days of a window that starts mid-month in the daily ones.
func TestUsageByMonth(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployVendorTool, Registered: true}); err != nil {
		t.Fatal(err)
	}
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	var evs []EventInput
	add := func(system string, when time.Time, n int) {
		for range n {
			e := ev(fmt.Sprintf("m-%d", len(evs)), "C-1", "service", ActionInference, when)
			e.System = system
			evs = append(evs, e)
		}
	}
	add("recommender", at(1, 10), 2) // before a mid-January window
	add("recommender", at(1, 20), 3)
	add("chat", at(1, 31), 1)
	add("recommender", at(2, 1), 4)
	add("chat", at(3, 15), 5)
	add("recommender", at(3, 31), 1)
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, evs); err != nil {
		t.Fatal(err)
	}
	reg, err := f.db.Registry(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	chat := reg.SystemBySlug["chat"].ID
	month := func(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		since  time.Time
		system int64
		want   []MonthCount
	}{
		{"whole months, every system", month(1), 0, []MonthCount{
			{month(1), f.sysID, 5}, {month(1), chat, 1}, {month(2), f.sysID, 4}, {month(3), f.sysID, 1}, {month(3), chat, 5}}},
		{"from mid-January", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), 0, []MonthCount{
			{month(1), f.sysID, 3}, {month(1), chat, 1}, {month(2), f.sysID, 4}, {month(3), f.sysID, 1}, {month(3), chat, 5}}},
		{"one system", month(1), chat, []MonthCount{{month(1), chat, 1}, {month(3), chat, 5}}},
		{"after the last use", month(4), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.db.UsageByMonth(ctx, f.brand.ID, f.cust, tt.since, tt.system)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestCustomerFirstSeen keeps customers.created_at at the brand's first sight of the customer: their earliest use
// or recorded choice, even when it arrives later than other data, not the moment vitrine heard of them.
func TestCustomerFirstSeen(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	seen := func() time.Time {
		c, err := f.db.CustomerByID(ctx, f.cust)
		if err != nil {
			t.Fatal(err)
		}
		return c.CreatedAt
	}
	if !seen().Equal(testNow) {
		t.Fatalf("a customer saved now was first seen %v, want %v", seen(), testNow)
	}
	march := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("fs-1", "C-1", "service", ActionInference, march)}); err != nil {
		t.Fatal(err)
	}
	if !seen().Equal(march) {
		t.Errorf("after a use in March: first seen %v", seen())
	}
	january := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "import", At: january}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("fs-2", "C-1", "service", ActionInference, march.AddDate(0, 1, 0))}); err != nil {
		t.Fatal(err)
	}
	if !seen().Equal(january) {
		t.Errorf("after a choice recorded for January and a later use: first seen %v, want %v", seen(), january)
	}
}

// skipPlansOnPostgres skips a test of SQLite's query plans on PostgreSQL, whose planner picks plans from table
// statistics that a test's near-empty tables do not have (the benchmarks measure PostgreSQL's speed at size).
func skipPlansOnPostgres(t *testing.T, db *DB) {
	t.Helper()
	if db.d == dialectPostgres {
		t.Skip("SQLite query plans")
	}
}
