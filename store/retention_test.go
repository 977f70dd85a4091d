package store

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestParseRetention(t *testing.T) {
	cases := []struct {
		in   string
		want Retention
	}{
		{"30 days", Retention{30, UnitDay}},
		{"13 months", Retention{13, UnitMonth}},
		{"6 months", Retention{6, UnitMonth}},
		{"1 year", Retention{1, UnitYear}},
		{"2 years", Retention{2, UnitYear}},
		{"24 hours", Retention{24, UnitHour}},
		{"3 weeks", Retention{3, UnitWeek}},
		{"1 month", Retention{1, UnitMonth}},
		{"13 mois", Retention{13, UnitMonth}},
		{"30 jours", Retention{30, UnitDay}},
		{"1 an", Retention{1, UnitYear}},
		{"5 ans", Retention{5, UnitYear}},
		{"2 années", Retention{2, UnitYear}},
		{"1 annee", Retention{1, UnitYear}},
		{"2 semaines", Retention{2, UnitWeek}},
		{"48 heures", Retention{48, UnitHour}},
		{"  90 Days ", Retention{90, UnitDay}},
		{"90days", Retention{90, UnitDay}},
		{"100 years", Retention{100, UnitYear}},
		{"", Retention{}},
		{"   ", Retention{}},
	}
	for _, c := range cases {
		got, err := ParseRetention(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseRetention(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"forever", "days", "30", "0 days", "-3 days", "1.5 years", "13 months ago", "13 minutes", "thirteen months",
		"13 moiss", "101 years", "9999999 days", "30 dаys" /* Cyrillic а */, "30 days\x00", "1 y"} {
		_, err := ParseRetention(in)
		if !errors.Is(err, ErrRetention) || !strings.Contains(err.Error(), "13 months") {
			t.Errorf("ParseRetention(%q): err %v, want ErrRetention with a hint", in, err)
		}
	}
}

func TestRetentionCutoff(t *testing.T) {
	now := time.Date(2026, 3, 31, 10, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"30 days", time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)},
		{"1 month", time.Date(2026, 2, 28, 10, 30, 0, 0, time.UTC)}, // 31 February is the month's last day
		{"13 months", time.Date(2025, 2, 28, 10, 30, 0, 0, time.UTC)},
		{"1 year", time.Date(2025, 3, 31, 10, 30, 0, 0, time.UTC)},
		{"2 weeks", time.Date(2026, 3, 17, 10, 30, 0, 0, time.UTC)},
		{"24 hours", time.Date(2026, 3, 30, 10, 30, 0, 0, time.UTC)},
	} {
		r, err := ParseRetention(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Cutoff(now); !got.Equal(c.want) {
			t.Errorf("%s before %s = %s, want %s", c.in, now, got, c.want)
		}
	}
}

// FuzzParseRetention: any text either parses to a period whose canonical words parse back to it, within the
// bounds, or is refused with ErrRetention; it never panics.
func FuzzParseRetention(f *testing.F) {
	for _, s := range []string{"30 days", "13 mois", "1 an", "24 hours", "", "forever", "0 days", "999999 years", "2 années", "1.5 months"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRetention(s)
		if err != nil {
			if !errors.Is(err, ErrRetention) {
				t.Fatalf("%q: error %v is not ErrRetention", s, err)
			}
			return
		}
		if r.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("%q read as no period", s)
			}
			return
		}
		if r.N < 1 || r.approxDays() > maxRetentionYears*366 {
			t.Fatalf("%q read as %+v, out of bounds", s, r)
		}
		back, err := ParseRetention(r.String())
		if err != nil || back != r {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, r, r.String(), back, err)
		}
		now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
		if c := r.Cutoff(now); !c.Before(now) {
			t.Fatalf("%q: limit %s not before %s", s, c, now)
		}
	})
}

// summary is what a customer's pages show from the rollups: it must not move when old raw events go.
type summary struct {
	Usage   []SystemUsage
	Months  []MonthCount
	AllTime AllTime
	Count   int
}

func customerSummary(t *testing.T, db *DB, cust int64) summary {
	t.Helper()
	ctx := context.Background()
	cd, err := db.CustomerData(ctx, cust, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	var s summary
	if s.Usage, err = cd.UsageBySystem(ctx, WindowStart(db.Now())); err != nil {
		t.Fatal(err)
	}
	if s.Months, err = cd.UsageByMonth(ctx, WindowStart(db.Now()), 0); err != nil {
		t.Fatal(err)
	}
	if s.AllTime, err = cd.AllTime(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Count, err = cd.CountEvents(ctx, EventFilter{From: db.Now().AddDate(-3, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	return s
}

// listed returns the keys of the customer's events as their activity list shows them, through the memo.
func listed(t *testing.T, db *DB, cust int64) []string {
	t.Helper()
	ctx := context.Background()
	cd, err := db.CustomerData(ctx, cust, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	page, err := cd.Events(ctx, EventFilter{}, Cursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range page.Events {
		out = append(out, e.Key)
	}
	sort.Strings(out)
	return out
}

func TestRetentionRemovesExactlyTheOldEventsOfEachSystem(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	db := f.db
	if _, err := db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "recommender", Name: "Recommender", Deployment: DeployInHouse, Learns: true,
		Registered: true, Retention: "30 days"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []AISystem{{Slug: "chat", Retention: "13 mois"}, {Slug: "scoring", Retention: ""}} {
		s.BrandID, s.Name, s.Deployment, s.Registered = f.brand.ID, s.Slug, DeployVendorTool, true
		if _, err := db.SaveSystem(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	limit := testNow.AddDate(0, 0, -30)
	on := func(sys string, e EventInput) EventInput { e.System = sys; return e }
	events := []EventInput{
		ev("rec-at-limit", "C-1", "service", ActionInference, limit),                      // exactly at the limit: kept
		ev("rec-just-before", "C-1", "service", ActionInference, limit.Add(-time.Second)), // a second older: goes
		ev("rec-old", "C-1", "service", ActionTraining, testNow.AddDate(0, -5, 0)),        // goes
		ev("rec-decided", "C-1", "service", ActionDecision, testNow.AddDate(0, -4, 0)),    // under review: kept
		ev("rec-new", "C-1", "service", ActionInference, testNow.Add(-time.Hour)),
		ev("rec-other", "C-2", "service", ActionInference, testNow.AddDate(0, -2, 0)), // another customer: goes
		on("chat", ev("chat-12m", "C-1", "service", ActionGeneration, testNow.AddDate(0, -12, 0))),
		on("chat", ev("chat-14m", "C-1", "service", ActionGeneration, testNow.AddDate(0, -14, 0))), // goes
		on("scoring", ev("score-5y", "C-1", "service", ActionInference, testNow.AddDate(-2, 0, 0))),
	}
	if _, err := db.InsertEvents(ctx, f.brand.ID, events); err != nil {
		t.Fatal(err)
	}
	var decided int64
	if err := db.Reader().QueryRow(`SELECT id FROM usage_events WHERE event_key = 'rec-decided'`).Scan(&decided); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RequestReview(ctx, f.cust, decided, KindReview, "Please look again", "web", testNow); err != nil {
		t.Fatal(err)
	}
	before := customerSummary(t, db, f.cust)
	if got := listed(t, db, f.cust); len(got) != 8 {
		t.Fatalf("before: list %v", got)
	}

	dry, err := db.EnforceRetention(ctx, RetentionOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	removed := func(res []RetentionResult) map[string]int {
		out := map[string]int{}
		for _, r := range res {
			out[r.SystemSlug] = r.Removed
		}
		return out
	}
	want := map[string]int{"recommender": 3, "chat": 1, "scoring": 0}
	if got := removed(dry); !reflect.DeepEqual(got, want) {
		t.Fatalf("dry run would remove %v, want %v", got, want)
	}
	var n int
	db.Reader().QueryRow(`SELECT count(*) FROM usage_events`).Scan(&n)
	if n != len(events) {
		t.Fatalf("dry run removed events: %d left of %d", n, len(events))
	}

	res, err := db.EnforceRetention(ctx, RetentionOptions{Batch: 1}) // one event per transaction: the batches chain
	if err != nil {
		t.Fatal(err)
	}
	if got := removed(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("run removed %v, want %v", got, want)
	}
	rows, err := db.Reader().Query(`SELECT event_key FROM usage_events ORDER BY event_key`)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for rows.Next() {
		var k string
		rows.Scan(&k)
		left = append(left, k)
	}
	rows.Close()
	if w := []string{"chat-12m", "rec-at-limit", "rec-decided", "rec-new", "score-5y"}; !reflect.DeepEqual(left, w) {
		t.Fatalf("events left %v, want %v", left, w)
	}
	// The list (memoised before the run) no longer shows them; the sentence, the charts and the counts stay.
	if got, w := listed(t, db, f.cust), []string{"chat-12m", "rec-at-limit", "rec-decided", "rec-new", "score-5y"}; !reflect.DeepEqual(got, w) {
		t.Fatalf("activity lists %v, want %v", got, w)
	}
	if after := customerSummary(t, db, f.cust); !reflect.DeepEqual(after, before) {
		t.Fatalf("summary moved:\nbefore %+v\nafter  %+v", before, after)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatalf("rollups after retention: %v", err)
	}
	marks, err := db.RetainedSince(ctx, f.brand.ID)
	if err != nil || !marks[f.sysID].Equal(limit) {
		t.Fatalf("mark %v (err %v), want %s", marks, err, limit)
	}
	// Again: nothing left to remove.
	res, err = db.EnforceRetention(ctx, RetentionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := removed(res); !reflect.DeepEqual(got, map[string]int{"recommender": 0, "chat": 0, "scoring": 0}) {
		t.Fatalf("second run removed %v", got)
	}
	// A removed event sent again is refused rather than counted twice; one still within the period goes in.
	again, err := db.InsertEvents(ctx, f.brand.ID, []EventInput{events[1], ev("rec-fresh", "C-1", "service", ActionInference, limit.Add(time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Status != StatusExpired || again[1].Status != StatusAccepted {
		t.Fatalf("re-sent old event and a fresh one: %+v", again)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatalf("rollups after a re-sent old event: %v", err)
	}
}

func TestRetentionLoopRunsDailyOnTheStoreClock(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	db := f.db
	if _, err := db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "recommender", Name: "Recommender", Deployment: DeployInHouse,
		Registered: true, Retention: "1 day"}); err != nil {
		t.Fatal(err)
	}
	clock := newTestClock(testNow)
	db.SetClock(clock.Now)
	if _, err := db.InsertEvents(ctx, f.brand.ID, []EventInput{
		ev("old", "C-1", "service", ActionInference, testNow.Add(-48*time.Hour)),
		ev("young", "C-1", "service", ActionInference, testNow.Add(-time.Hour)),
	}); err != nil {
		t.Fatal(err)
	}
	runs := make(chan []RetentionResult, 10)
	lctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		db.RetentionLoop(lctx, 5*time.Millisecond, func(r []RetentionResult, err error) {
			if err != nil {
				t.Error(err)
			}
			runs <- r
		})
		close(done)
	}()
	defer func() { stop(); <-done }()
	got := func() int {
		select {
		case r := <-runs:
			return r[0].Removed
		case <-time.After(10 * time.Second):
			t.Fatal("no retention run")
		}
		return 0
	}
	if n := got(); n != 1 {
		t.Fatalf("the run at start removed %d, want 1", n)
	}
	clock.Set(testNow.Add(23 * time.Hour)) // not a day yet: no run
	select {
	case <-runs:
		t.Fatal("ran again within the day")
	case <-time.After(50 * time.Millisecond):
	}
	clock.Set(testNow.Add(24 * time.Hour)) // a day later, "young" is older than a day
	if n := got(); n != 1 {
		t.Fatalf("the next day's run removed %d, want 1", n)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}

// testClock is a clock a test moves by hand while background work reads it.
type testClock struct{ p clockPtr }

func newTestClock(t time.Time) *testClock {
	c := &testClock{}
	c.Set(t)
	return c
}

func (c *testClock) Set(t time.Time) {
	f := Clock(func() time.Time { return t })
	c.p.Store(&f)
}

func (c *testClock) Now() time.Time { return (*c.p.Load())() }

func TestEraseDoneRemovesTheCustomerDataAndKeepsTheProofs(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	db := f.db
	other, err := db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: "C-2", Email: "c2@example.com", Name: "C Two"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: testNow.AddDate(0, -3, 0)}); err != nil {
		t.Fatal(err)
	}
	var events []EventInput
	for i := 0; i < 30; i++ {
		at := testNow.AddDate(0, 0, -7*i)
		events = append(events, ev("c1-"+at.Format("20060102"), "C-1", "personalisation", ActionInference, at),
			ev("c2-"+at.Format("20060102"), "C-2", "service", ActionTraining, at))
	}
	events = append(events, ev("c1-decision", "C-1", "service", ActionDecision, testNow.Add(-time.Hour)))
	if _, err := db.InsertEvents(ctx, f.brand.ID, events); err != nil {
		t.Fatal(err)
	}
	var decided int64
	db.Reader().QueryRow(`SELECT id FROM usage_events WHERE event_key = 'c1-decision'`).Scan(&decided)
	if _, err := db.RequestReview(ctx, f.cust, decided, KindReview, "Look again", "web", testNow); err != nil {
		t.Fatal(err)
	}
	staff := mustStaff(t, db, StaffUser{BrandID: f.brand.ID, Email: "agent@acme.example", Name: "Agent", Role: RoleSupport})
	if _, err := db.OpenAccess(ctx, staff.ID, f.cust, "Customer called about an order", "en", "overview", testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExchangeToken(ctx, "jti-erase", testNow.Add(time.Minute), f.cust, time.Hour, testNow); err != nil {
		t.Fatal(err)
	}
	otherBefore := customerSummary(t, db, other)
	listed(t, db, f.cust) // a memo to be found stale
	var brandTotal int
	db.Reader().QueryRow(`SELECT sum(n) FROM rollup_brand_totals WHERE brand_id = ?`, f.brand.ID).Scan(&brandTotal)

	req, err := db.OpenRights(ctx, f.cust, RightsErase, "Please delete everything.", "web", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateRights(ctx, f.brand.ID, req.ID, RightsUpdate{Status: RightsDone, Note: "We deleted your data.", Actor: "api"}, testNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	count := func(q string, args ...any) int {
		var n int
		if err := db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for _, table := range []string{"usage_events", "rollup_daily", "rollup_category_daily", "rollup_monthly", "rollup_category_monthly",
		"customer_system_stats", "customer_training", "review_requests", "customer_sessions"} {
		if n := count(`SELECT count(*) FROM `+table+` WHERE customer_id = ?`, f.cust); n != 0 {
			t.Errorf("%s keeps %d rows of the erased customer", table, n)
		}
	}
	if n := count(`SELECT count(*) FROM consent_history WHERE customer_id = ?`, f.cust); n != 1 {
		t.Errorf("consent history has %d rows, want the 1 proof kept", n)
	}
	if n := count(`SELECT count(*) FROM access_records WHERE customer_id = ?`, f.cust); n != 1 {
		t.Errorf("access records have %d rows, want the 1 kept", n)
	}
	if n := count(`SELECT count(*) FROM rights_requests WHERE customer_id = ?`, f.cust); n != 1 {
		t.Errorf("rights requests: %d, want the request kept", n)
	}
	c, err := db.CustomerByID(ctx, f.cust)
	if err != nil {
		t.Fatal(err)
	}
	if c.Email != "" || c.Name != "" || c.ExternalID != "C-1" || !c.ErasedAt.Equal(testNow.Add(time.Hour)) {
		t.Fatalf("customer after erasure %+v", c)
	}
	if got := listed(t, db, f.cust); len(got) != 0 {
		t.Fatalf("activity still lists %v", got)
	}
	if s := customerSummary(t, db, f.cust); s.AllTime.Events != 0 || s.Count != 0 || len(s.Usage) != 0 {
		t.Fatalf("erased customer's summary %+v", s)
	}
	if after := customerSummary(t, db, other); !reflect.DeepEqual(after, otherBefore) {
		t.Fatalf("the other customer's summary moved")
	}
	if n := count(`SELECT sum(n) FROM rollup_brand_totals WHERE brand_id = ?`, f.brand.ID); n != brandTotal {
		t.Fatalf("brand total %d, want the %d counted before", n, brandTotal)
	}
	if n, err := db.PendingReviewCount(ctx, f.brand.ID); err != nil || n != 0 {
		t.Fatalf("pending reviews %d (err %v), want 0", n, err)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatalf("rollups after erasure: %v", err)
	}
	// Again (by hand): nothing changes, the checks hold.
	if err := db.tx(ctx, func(tx *txn) error { return eraseCustomer(ctx, tx, f.brand.ID, f.cust, testNow.Add(2*time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.CustomerByID(ctx, f.cust); !c.ErasedAt.Equal(testNow.Add(time.Hour)) {
		t.Fatalf("a second erasure moved the time to %s", c.ErasedAt)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatalf("rollups after a second erasure: %v", err)
	}
}
