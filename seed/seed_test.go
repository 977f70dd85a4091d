package seed

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"vitrine/store"
	"vitrine/store/storetest"
)

// testNow is a fixed reference day so the tests do not depend on the calendar.
var testNow = time.Date(2026, time.March, 18, 15, 4, 5, 0, time.UTC)

var small = Options{Customers: 40, Events: 4000, Seed: 7, Now: testNow}

func openDB(t testing.TB) *store.DB {
	t.Helper()
	return storetest.Open(t, "v")
}

func seeded(t testing.TB, opt Options) (*store.DB, Result) {
	t.Helper()
	db := openDB(t)
	res, err := Demo(context.Background(), db, opt)
	if err != nil {
		t.Fatalf("Demo: %v", err)
	}
	return db, res
}

func queryStrings(t testing.TB, db store.Raw, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func queryInt(t testing.TB, db store.Raw, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestDemo(t *testing.T) {
	ctx := context.Background()
	var progressCalls, lastDone, lastTotal int
	opt := small
	opt.Progress = func(done, total int) { progressCalls++; lastDone, lastTotal = done, total }
	db, res := seeded(t, opt)
	r := db.Reader()

	t.Run("result", func(t *testing.T) {
		if res.Brands != 2 || res.Customers != small.Customers {
			t.Errorf("result = %+v, want 2 brands and %d customers", res, small.Customers)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events`); n != res.Events {
			t.Errorf("stored %d events, result says %d", n, res.Events)
		}
		if d := float64(res.Events-small.Events) / float64(small.Events); d < -0.03 || d > 0.03 {
			t.Errorf("%d events for %d asked", res.Events, small.Events)
		}
		if progressCalls == 0 || lastDone != res.Events || lastTotal != res.Events {
			t.Errorf("progress: %d calls, last (%d, %d), want last (%d, %d)", progressCalls, lastDone, lastTotal, res.Events, res.Events)
		}
		if max := queryInt(t, r, `SELECT max(occurred_at) FROM usage_events`); int64(max) >= testNow.Unix() {
			t.Errorf("an event is dated after the reference time")
		}
		if min := queryInt(t, r, `SELECT min(occurred_at) FROM usage_events`); int64(min) < testNow.AddDate(-1, 0, -1).Unix() {
			t.Errorf("an event is dated more than a year before the reference time")
		}
	})

	t.Run("personas", func(t *testing.T) {
		for _, p := range []struct{ brand, ext, name, email, locale string }{
			{BrandMaison, CamilleID, "Camille Martin", "camille.martin@example.com", "fr"},
			{BrandNorthwind, SamID, "Sam Patel", "sam.patel@example.com", "en"},
		} {
			b, err := db.BrandBySlug(ctx, p.brand)
			if err != nil {
				t.Fatal(err)
			}
			c, err := db.CustomerByExternalID(ctx, b.ID, p.ext)
			if err != nil {
				t.Fatalf("%s: %v", p.ext, err)
			}
			if c.Name != p.name || c.Email != p.email || c.Locale != p.locale {
				t.Errorf("%s = %+v", p.ext, c)
			}
			if n := queryInt(t, r, `SELECT count(*) FROM usage_events WHERE customer_id = ?`, c.ID); n < 40 {
				t.Errorf("%s has only %d events", p.ext, n)
			}
		}
		b, _ := db.BrandBySlug(ctx, BrandMaison)
		if b.DefaultLocale != "fr" || b.Timezone != "Europe/Paris" || b.Theme.Primary != "#7a3b5e" || len(b.EmbedOrigins) != 2 {
			t.Errorf("maison-lumiere = %+v", b)
		}
	})

	t.Run("camille training stops at her refusal", func(t *testing.T) {
		b, _ := db.BrandBySlug(ctx, BrandMaison)
		c, _ := db.CustomerByExternalID(ctx, b.ID, CamilleID)
		refused := queryInt(t, r, `SELECT h.at FROM consent_history h JOIN purposes p ON p.id = h.purpose_id
			WHERE h.customer_id = ? AND p.slug = ? AND h.state = 'refused'`, c.ID, purposeTraining)
		before := queryInt(t, r, `SELECT count(*) FROM usage_events WHERE customer_id = ? AND action = 'training' AND occurred_at < ?`, c.ID, refused)
		after := queryInt(t, r, `SELECT count(*) FROM usage_events WHERE customer_id = ? AND action = 'training' AND occurred_at >= ? AND NOT consent_violation`, c.ID, refused)
		if before < 6 || after != 0 {
			t.Errorf("Camille: %d training events before her refusal, %d unflagged after", before, after)
		}
		trained, err := db.TrainedOn(ctx, b.ID, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(trained) < 6 {
			t.Errorf("Camille trained %d model versions, want several", len(trained))
		}
		// Her try-on happened only once she had said yes that day.
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events e JOIN ai_systems s ON s.id = e.system_id
			WHERE e.customer_id = ? AND s.slug = 'virtual-try-on' AND NOT e.consent_violation`, c.ID); n == 0 {
			t.Error("Camille has no try-on event within her consent")
		}
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events WHERE customer_id = ? AND action = 'agent_access' AND actor = 'ShopBot assistant'`, c.ID); n == 0 {
			t.Error("Camille has no agent access")
		}
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events WHERE customer_id = ? AND action = 'agent_access' AND act IS NULL`, c.ID); n != 0 {
			t.Errorf("%d of Camille's agent reads have no delegation chain", n)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM agent_actors WHERE brand_id = ? AND sub = ? AND type = 'vendor_agent' AND uses > 0`, b.ID, AcmeAgentSub); n != 1 {
			t.Error("Acme's support agent is not among the brand's agents")
		}
	})

	t.Run("sam credit decision", func(t *testing.T) {
		b, _ := db.BrandBySlug(ctx, BrandNorthwind)
		c, _ := db.CustomerByExternalID(ctx, b.ID, SamID)
		systems := queryStrings(t, r, `SELECT DISTINCT s.slug FROM usage_events e JOIN ai_systems s ON s.id = e.system_id
			WHERE e.customer_id = ? ORDER BY s.slug`, c.ID)
		for _, want := range []string{"banking-chat", "credit-limit", "fraud-scoring", "spending-insights"} {
			if !slices.Contains(systems, want) {
				t.Errorf("Sam's systems %v lack %s", systems, want)
			}
		}
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events e JOIN ai_systems s ON s.id = e.system_id
			WHERE e.customer_id = ? AND s.slug = 'credit-limit' AND e.action = 'decision' AND e.human_review AND e.decision LIKE 'credit limit %'`, c.ID); n == 0 {
			t.Error("Sam has no reviewable credit-limit decision")
		}
	})

	t.Run("training follows consent", func(t *testing.T) {
		// Every unflagged training event had a "granted" training consent in force when it happened.
		bad := queryInt(t, r, `SELECT count(*) FROM usage_events e JOIN purposes p ON p.id = e.purpose_id
			WHERE e.action = 'training' AND NOT e.consent_violation AND coalesce((SELECT h.state FROM consent_history h
				WHERE h.customer_id = e.customer_id AND h.purpose_id = e.purpose_id AND h.at <= e.occurred_at
				ORDER BY h.at DESC, h.id DESC LIMIT 1), '') != 'granted'`)
		if bad != 0 {
			t.Errorf("%d training events without consent are not flagged", bad)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events e JOIN model_versions v ON v.system_id = e.system_id AND v.version = e.model_version
			WHERE e.action = 'training'`); n != queryInt(t, r, `SELECT count(*) FROM usage_events WHERE action = 'training'`) {
			t.Error("a training event names a model version that does not exist")
		}
		if n := queryInt(t, r, `SELECT count(*) FROM model_versions WHERE status = 'live' AND next_retrain_at IS NOT NULL`); n != 4 {
			t.Errorf("%d live model versions with a retrain date, want one per in-house learner (4)", n)
		}
	})

	t.Run("violations and unregistered system", func(t *testing.T) {
		// Only the deliberate ones: Camille's share with Meta Ads, two training runs and one audience refresh after
		// a withdrawal at Maison Lumière, one training run at Northwind. More would mean the generator and the
		// store disagree about consent.
		if res.Violations == 0 || res.Violations > 5 {
			t.Errorf("%d consent violations, want 1 to 5", res.Violations)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM usage_events WHERE consent_violation`); n != res.Violations {
			t.Errorf("stored %d violations, result says %d", n, res.Violations)
		}
		unreg := queryStrings(t, r, `SELECT slug FROM ai_systems WHERE NOT registered`)
		if !slices.Equal(unreg, []string{unregisteredSystem}) {
			t.Errorf("unregistered systems = %v", unreg)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM purposes WHERE NOT registered`) + queryInt(t, r, `SELECT count(*) FROM data_categories WHERE NOT registered`); n != 0 {
			t.Errorf("%d unregistered purposes or categories", n)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM customers WHERE name = ''`); n != 0 {
			t.Errorf("%d customers created by events instead of by the seed", n)
		}
	})

	t.Run("rollups match events", func(t *testing.T) {
		diff := queryInt(t, r, `SELECT count(*) FROM customers c WHERE
			(SELECT count(*) FROM usage_events e WHERE e.customer_id = c.id) != (SELECT coalesce(sum(n), 0) FROM rollup_daily d WHERE d.customer_id = c.id)`)
		if diff != 0 {
			t.Errorf("%d customers whose rollup total differs from their event count", diff)
		}
		// Every rollup, row by row, equals what the raw events give.
		if err := db.VerifyRollups(context.Background()); err != nil {
			t.Error(err)
		}
	})

	t.Run("texts in both languages", func(t *testing.T) {
		for _, table := range []string{"ai_system_texts", "purpose_texts", "data_category_texts"} {
			locales := queryStrings(t, r, `SELECT DISTINCT locale FROM `+table+` ORDER BY locale`)
			if !slices.Equal(locales, []string{"en", "fr"}) {
				t.Errorf("%s locales = %v", table, locales)
			}
		}
		if n := queryInt(t, r, `SELECT count(*) FROM ai_systems s WHERE s.registered AND
			(SELECT count(*) FROM ai_system_texts x WHERE x.system_id = s.id AND x.what != '' AND x.how != '') != 2`); n != 0 {
			t.Errorf("%d registered systems lack a What or How text in en and fr", n)
		}
		if n := queryInt(t, r, `SELECT count(*) FROM ai_systems s WHERE s.automated_decision AND
			(SELECT count(*) FROM ai_system_texts x WHERE x.system_id = s.id AND x.human_review != '') != 2`); n != 0 {
			t.Errorf("%d automated-decision systems lack a human-review text", n)
		}
		// French sentences put "de" before a phrase ("a appris de votre historique"): a phrase starting with
		// an article would read "de les …", so French phrases are possessive.
		for _, ph := range queryStrings(t, r, `SELECT phrase FROM data_category_texts WHERE locale = 'fr'`) {
			if !strings.HasPrefix(ph, "votre ") && !strings.HasPrefix(ph, "vos ") {
				t.Errorf("French phrase %q should start with votre or vos", ph)
			}
		}
		for _, aim := range queryStrings(t, r, `SELECT aim FROM purpose_texts`) {
			if strings.HasPrefix(aim, "to ") || strings.HasPrefix(aim, "pour ") || aim == "" {
				t.Errorf("aim %q should be a bare infinitive clause", aim)
			}
		}
	})

	t.Run("not on a non-empty database", func(t *testing.T) {
		if _, err := Demo(ctx, db, small); err == nil {
			t.Error("Demo on a seeded database succeeded")
		}
	})
}

func TestDemoDeterministic(t *testing.T) {
	fingerprint := func() ([]string, []string) {
		db, _ := seeded(t, small)
		r := db.Reader()
		perCustomer := queryStrings(t, r, `SELECT b.slug || ' ' || c.external_id || ' ' || c.name || ' ' || count(e.id)
			FROM customers c JOIN brands b ON b.id = c.brand_id LEFT JOIN usage_events e ON e.customer_id = c.id
			GROUP BY b.slug, c.id, c.external_id, c.name ORDER BY b.slug, c.external_id`)
		keys := queryStrings(t, r, `SELECT b.slug || ' ' || e.event_key || ' ' || c.external_id || ' ' || s.slug || ' ' || e.action || ' ' ||
				e.occurred_at || ' ' || e.outcome || ' ' || e.consent_violation
			FROM usage_events e JOIN brands b ON b.id = e.brand_id JOIN customers c ON c.id = e.customer_id JOIN ai_systems s ON s.id = e.system_id
			ORDER BY b.slug, e.event_key`)
		return perCustomer, keys
	}
	c1, k1 := fingerprint()
	c2, k2 := fingerprint()
	if !slices.Equal(c1, c2) {
		t.Error("event counts per customer differ between two runs")
	}
	if !slices.Equal(k1, k2) {
		t.Error("events differ between two runs")
	}
	if len(k1) == 0 {
		t.Fatal("no events")
	}

	// Another seed gives other data.
	other := small
	other.Seed = 8
	db, _ := seeded(t, other)
	k3 := queryStrings(t, db.Reader(), `SELECT b.slug || ' ' || e.event_key || ' ' || c.external_id || ' ' || s.slug || ' ' || e.action || ' ' ||
			e.occurred_at || ' ' || e.outcome || ' ' || e.consent_violation
		FROM usage_events e JOIN brands b ON b.id = e.brand_id JOIN customers c ON c.id = e.customer_id JOIN ai_systems s ON s.id = e.system_id
		ORDER BY b.slug, e.event_key`)
	if slices.Equal(k1, k3) {
		t.Error("seed 8 gives the same events as seed 7")
	}
}

// TestPlanSizes checks the event budget at several sizes without touching a database.
func TestPlanSizes(t *testing.T) {
	for _, o := range []Options{
		{Customers: 2, Events: 500},
		{Customers: 10, Events: 200},
		{Customers: 300, Events: 40000},
		{Customers: 5000, Events: 1_000_000},
	} {
		o.Now = testNow
		o = o.withDefaults()
		p, err := newPlan(o)
		if err != nil {
			t.Fatal(err)
		}
		if d := float64(p.total-o.Events) / float64(o.Events); d < -0.03 || d > 0.03 {
			t.Errorf("%+v: plan holds %d events", o, p.total)
		}
		n := 0
		p.generate(batchSize, func(b batch) bool {
			for _, ev := range b.events {
				if !ev.OccurredAt.Before(testNow) || ev.OccurredAt.Before(testNow.AddDate(-1, 0, -1)) {
					t.Fatalf("%+v: event %s at %v is outside the window", o, ev.ID, ev.OccurredAt)
				}
			}
			n += len(b.events)
			return true
		})
		if n != p.total {
			t.Errorf("%+v: generated %d events, planned %d", o, n, p.total)
		}
	}
}

// BenchmarkDemo seeds the default demo (300 customers, 40,000 events) into a fresh database.
func BenchmarkDemo(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		res, err := Demo(context.Background(), db, Options{Now: testNow})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Events)/res.Duration.Seconds(), "events/s")
	}
}

// TestSameDaySameData checks that only the day of Now matters, not the time of day.
func TestSameDaySameData(t *testing.T) {
	events := func(now time.Time) []store.EventInput {
		o := Options{Customers: 20, Events: 3000, Seed: 3, Now: now}.withDefaults()
		p, err := newPlan(o)
		if err != nil {
			t.Fatal(err)
		}
		var out []store.EventInput
		p.generate(batchSize, func(b batch) bool { out = append(out, b.events...); return true })
		return out
	}
	morning := events(time.Date(2026, 3, 18, 0, 0, 1, 0, time.UTC))
	evening := events(time.Date(2026, 3, 18, 23, 59, 59, 0, time.UTC))
	if len(morning) == 0 || len(morning) != len(evening) {
		t.Fatalf("%d events in the morning, %d in the evening", len(morning), len(evening))
	}
	for i := range morning {
		a, b := morning[i], evening[i]
		if a.ID != b.ID || !a.OccurredAt.Equal(b.OccurredAt) || a.Customer != b.Customer || a.System != b.System || a.Outcome != b.Outcome {
			t.Fatalf("event %d differs: %+v vs %+v", i, a, b)
		}
	}
}
