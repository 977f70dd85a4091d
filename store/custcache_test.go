package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestCachesFollowOtherWriters checks the per-customer memo and the registry cache against a second handle on
// the same file, as `vitrine import` or `vitrine registry apply` would be beside a running server: every
// committed change shows on the next read, and reads with no change in between come from memory.
func TestCachesFollowOtherWriters(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	db := f.db
	other, err := Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	since := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

	usage := func() []SystemUsage {
		t.Helper()
		cd, err := db.CustomerData(ctx, f.cust, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		u, err := cd.UsageBySystem(ctx, since)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if u := usage(); len(u) != 0 {
		t.Fatalf("usage before any event: %+v", u)
	}
	if _, err := other.InsertEvents(ctx, f.brand.ID, []EventInput{
		ev("a", "C-1", "service", ActionInference, at), ev("b", "C-1", "service", ActionTraining, at.Add(time.Hour)),
	}); err != nil {
		t.Fatal(err)
	}
	first := usage()
	if len(first) != 1 || first[0].Count != 2 {
		t.Fatalf("usage after two events from another writer: %+v", first)
	}
	// A visit's write touches the customer row but not their data: still served from memory.
	if _, err := db.TouchVisit(ctx, f.cust, at); err != nil {
		t.Fatal(err)
	}
	if again := usage(); &again[0] != &first[0] {
		t.Errorf("unchanged usage was read again instead of coming from memory")
	}
	if _, err := other.InsertEvents(ctx, f.brand.ID, []EventInput{ev("c", "C-1", "service", ActionInference, at.Add(2*time.Hour))}); err != nil {
		t.Fatal(err)
	}
	if u := usage(); u[0].Count != 3 {
		t.Errorf("usage after a third event: %d, want 3", u[0].Count)
	}

	cd, err := db.CustomerData(ctx, f.cust, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	page, err := cd.Events(ctx, EventFilter{}, Cursor{}, 8)
	if err != nil || len(page.Events) != 3 || page.Events[0].Key != "c" {
		t.Fatalf("recent events: %+v, %v", page.Events, err)
	}
	trained, err := cd.TrainedOn(ctx, 0)
	if err != nil || len(trained) != 1 {
		t.Fatalf("trained on: %+v, %v", trained, err)
	}

	// Consents given through the other handle.
	if _, err := other.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentRefused, Method: "web", At: at}); err != nil {
		t.Fatal(err)
	}
	cd, _ = db.CustomerData(ctx, f.cust, db.Now())
	if cur, err := cd.Consents(ctx); err != nil || cur[f.consent] != ConsentRefused {
		t.Errorf("consents after a refusal: %v, %v", cur, err)
	}
	if hist, err := cd.ConsentHistory(ctx, 0); err != nil || len(hist) != 1 {
		t.Errorf("consent history: %+v, %v", hist, err)
	}

	// A staff look-up recorded by the other handle shows in the customer's access list.
	staff, err := other.CreateStaff(ctx, StaffUser{BrandID: f.brand.ID, Email: "s@example.com", Name: "Sue", Role: RoleSupport}, "a long enough password", at)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.OpenAccess(ctx, staff.ID, f.cust, "Customer asked by phone", "en", "overview", at); err != nil {
		t.Fatal(err)
	}
	cd, _ = db.CustomerData(ctx, f.cust, db.Now())
	if recs, err := cd.RecentAccess(ctx, 3); err != nil || len(recs) != 1 {
		t.Errorf("recent access after a look-up: %+v, %v", recs, err)
	}

	// The registry: a new system, a changed text and a model version, each written by the other handle.
	reg, err := db.Registry(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := db.Registry(ctx, f.brand.ID); again != reg {
		t.Errorf("unchanged registry was loaded again")
	}
	if _, err := other.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployVendorTool, Registered: true}); err != nil {
		t.Fatal(err)
	}
	if reg, _ = db.Registry(ctx, f.brand.ID); reg.SystemBySlug["chat"] == nil {
		t.Errorf("system added by another writer missing from the registry")
	}
	if _, err := other.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "recommender", Name: "Recommender", Deployment: DeployInHouse,
		Learns: true, Registered: true, Texts: map[string]SystemText{"en": {What: "Suggests what you might like."}}}); err != nil {
		t.Fatal(err)
	}
	if reg, _ = db.Registry(ctx, f.brand.ID); reg.Systems[f.sysID].Texts["en"].What != "Suggests what you might like." {
		t.Errorf("text changed by another writer: registry still says %q", reg.Systems[f.sysID].Texts["en"].What)
	}
	if err := other.SaveModelVersion(ctx, ModelVersion{SystemID: f.sysID, Version: "4", TrainedAt: at, WindowStart: since, WindowEnd: at, Status: "live"}); err != nil {
		t.Fatal(err)
	}
	if reg, _ = db.Registry(ctx, f.brand.ID); len(reg.Versions[f.sysID]) != 1 || reg.Versions[f.sysID][0].Version != "4" {
		t.Errorf("model versions after another writer saved one: %+v", reg.Versions[f.sysID])
	}
}

// TestCustomerDataIsBounded keeps the memo to maxCachedCustomers however many customers are seen.
func TestCustomerDataIsBounded(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cs := make([]Customer, maxCachedCustomers+50)
	for i := range cs {
		cs[i] = Customer{BrandID: f.brand.ID, ExternalID: fmt.Sprintf("B-%d", i)}
	}
	ids, err := f.db.SaveCustomers(ctx, cs)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		cd, err := f.db.CustomerData(ctx, id, f.db.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cd.Consents(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.db.custCache); n > maxCachedCustomers {
		t.Errorf("%d customers cached, bound is %d", n, maxCachedCustomers)
	}
	if _, err := f.db.CustomerData(ctx, 1<<40, f.db.Now()); err != ErrNotFound {
		t.Errorf("unknown customer: %v, want ErrNotFound", err)
	}
}

// TestChangesSince checks the cached registry's answer to "what changed since": from memory when the cached
// list reaches back far enough, from the database when it may not.
func TestChangesSince(t *testing.T) {
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	mk := func(n int) *Registry {
		r := &Registry{}
		for i := n - 1; i >= 0; i-- { // newest first, an hour apart
			r.Changes = append(r.Changes, RegistryChange{ID: int64(i + 1), At: base.Add(time.Duration(i) * time.Hour)})
		}
		return r
	}
	tests := []struct {
		name      string
		reg       *Registry
		since     time.Time
		limit     int
		wantIDs   []int64
		wantCache bool
	}{
		{"none recorded", mk(0), base, 20, nil, true},
		{"since the third", mk(5), base.Add(2 * time.Hour), 20, []int64{5, 4, 3}, true},
		{"limit", mk(5), base, 2, []int64{5, 4}, true},
		{"after the newest", mk(5), base.Add(10 * time.Hour), 20, nil, true},
		{"full list, inside it", mk(recentChanges), base.Add(time.Duration(recentChanges-2) * time.Hour), 20, []int64{recentChanges, recentChanges - 1}, true},
		{"full list, at its oldest", mk(recentChanges), base, 20, nil, false},
		{"full list, before it", mk(recentChanges), base.Add(-time.Hour), 20, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.reg.ChangesSince(tt.since, tt.limit)
			if ok != tt.wantCache {
				t.Fatalf("from memory %v, want %v", ok, tt.wantCache)
			}
			var ids []int64
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.wantIDs) {
				t.Errorf("changes %v, want %v", ids, tt.wantIDs)
			}
		})
	}
}

// TestWindowMatchesRollups checks the memo's split of a window into closed months and the current one against
// the rollup queries, as new events arrive in the current month (the closed sums are kept) and late ones in a
// closed month (past_rev moves and they are summed again).
func TestWindowMatchesRollups(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	db := f.db
	if _, err := db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployVendorTool, Registered: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveCategory(ctx, DataCategory{BrandID: f.brand.ID, Slug: "user.contact.email", Registered: true}); err != nil {
		t.Fatal(err)
	}
	now := db.Now().UTC()
	n := 0
	insert := func(system, purpose, action string, at time.Time, cats ...string) {
		t.Helper()
		e := ev(fmt.Sprintf("w-%d", n), "C-1", purpose, action, at)
		n++
		e.System = system
		if len(cats) > 0 {
			e.DataCategories = cats
		}
		if _, err := db.InsertEvents(ctx, f.brand.ID, []EventInput{e}); err != nil {
			t.Fatal(err)
		}
	}
	insert("recommender", "service", ActionInference, now.AddDate(0, -3, 0))
	insert("recommender", "personalisation", ActionTraining, now.AddDate(0, -2, 0), "user.contact.email")
	insert("chat", "service", ActionInference, now.AddDate(0, -1, 0), "user.contact.email", "user.behavior.purchase_history")
	insert("chat", "service", ActionInference, now.Add(-time.Minute))

	since := time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	reg, _ := db.Registry(ctx, f.brand.ID)
	chat := reg.SystemBySlug["chat"].ID
	revs := func() (int64, int64) {
		var d, p int64
		if err := db.r.QueryRow(`SELECT data_rev, past_rev FROM customers WHERE id = ?`, f.cust).Scan(&d, &p); err != nil {
			t.Fatal(err)
		}
		return d, p
	}
	compare := func(label string, since time.Time) *CustomerData {
		t.Helper()
		cd, err := db.CustomerData(ctx, f.cust, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, got, want any, gotErr, wantErr error) {
			t.Helper()
			if gotErr != nil || wantErr != nil {
				t.Fatalf("%s %s: %v / %v", label, what, gotErr, wantErr)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s:\n memo %v\n rollups %v", label, what, got, want)
			}
		}
		a, errA := cd.UsageBySystem(ctx, since)
		b, errB := db.UsageBySystem(ctx, f.brand.ID, f.cust, since)
		check("by system", a, b, errA, errB)
		c, errC := cd.CategoriesBySystem(ctx, since)
		d, errD := db.CategoriesBySystem(ctx, f.brand.ID, f.cust, since)
		check("categories by system", c, d, errC, errD)
		for _, sys := range []int64{0, f.sysID, chat} {
			m1, e1 := cd.UsageByMonth(ctx, since, sys)
			m2, e2 := db.UsageByMonth(ctx, f.brand.ID, f.cust, since, sys)
			check(fmt.Sprintf("by month (system %d)", sys), m1, m2, e1, e2)
			c1, e3 := cd.UsageByCategory(ctx, since, sys)
			c2, e4 := db.UsageByCategory(ctx, f.brand.ID, f.cust, since, sys)
			check(fmt.Sprintf("by category (system %d)", sys), c1, c2, e3, e4)
		}
		return cd
	}
	compare("first view", since)
	_, past0 := revs()

	// New data in the current month: past_rev stays, the closed sums carry over to the new memo.
	insert("recommender", "service", ActionInference, now.Add(-30*time.Second), "user.contact.email")
	if _, past := revs(); past != past0 {
		t.Fatalf("an event of the current month moved past_rev from %d to %d", past0, past)
	}
	cd := compare("after a current event", since)
	if len(cd.e.past) == 0 {
		t.Errorf("the closed months' sums did not carry over to the new data revision")
	}

	// A late event in a closed month: past_rev moves, the closed months are summed again.
	insert("chat", "personalisation", ActionTraining, now.AddDate(0, -2, -3))
	if _, past := revs(); past == past0 {
		t.Fatalf("a late event in a closed month left past_rev at %d", past)
	}
	compare("after a late event", since)

	// A window that does not start on the 1st is read from the rollups directly.
	compare("mid-month window", since.AddDate(0, 0, 9))
}

// TestLateEventRereadsOnlyItsMonth checks that after a late event, written by another process, the memo of a
// customer's closed months keeps the sums of the months it did not change and sums again only the one it did
// (whole month or the window's partial first month), and that the result still equals the rollup queries.
func TestLateEventRereadsOnlyItsMonth(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	db := f.db
	other, err := Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	now := db.Now().UTC()
	since := WindowStart(now)
	n := 0
	insert := func(on *DB, at time.Time) {
		t.Helper()
		e := ev(fmt.Sprintf("late-%d", n), "C-1", "service", ActionInference, at)
		n++
		if _, err := on.InsertEvents(ctx, f.brand.ID, []EventInput{e}); err != nil {
			t.Fatal(err)
		}
	}
	for _, months := range []int{-10, -6, -3, -2, -1, 0} {
		insert(db, now.AddDate(0, months, 0).Add(-time.Hour))
	}
	insert(db, since.Add(36*time.Hour)) // in the window's first, partial month

	view := func(label string) *CustomerData {
		t.Helper()
		cd, err := db.CustomerData(ctx, f.cust, db.Now())
		if err != nil {
			t.Fatal(err)
		}
		got, err := cd.UsageByMonth(ctx, since, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.UsageByMonth(ctx, f.brand.ID, f.cust, since, 0)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: memo %v, rollups %v", label, got, want)
		}
		return cd
	}
	parts := func(cd *CustomerData) map[[2]int64]*windowSums {
		cd.e.mu.Lock()
		defer cd.e.mu.Unlock()
		out := map[[2]int64]*windowSums{}
		for k, w := range cd.e.parts {
			out[k] = w
		}
		return out
	}
	before := parts(view("first view"))
	if len(before) < 12 {
		t.Fatalf("the closed part of the window is in %d parts, want the partial first month and 11 or 12 whole months", len(before))
	}

	for _, c := range []struct {
		label string
		at    time.Time
	}{
		{"a late event in a whole closed month", now.AddDate(0, -3, 0).Add(-2 * time.Hour)},
		{"a late event in the window's partial first month", since.Add(60 * time.Hour)},
	} {
		insert(other, c.at)
		month := monthOf(dayOf(c.at.Unix()))
		after := parts(view("after " + c.label))
		reread := 0
		for k, w := range after {
			if old, ok := before[k]; ok && old != w {
				reread++
				if monthOf(k[0]) != month {
					t.Errorf("after %s: the part %v of another month was summed again", c.label, k)
				}
			}
		}
		if reread != 1 {
			t.Errorf("after %s: %d parts summed again, want 1 (its month's)", c.label, reread)
		}
		before = after
	}
}
