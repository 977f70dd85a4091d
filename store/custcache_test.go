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
		cd, err := db.CustomerData(ctx, f.cust)
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

	cd, err := db.CustomerData(ctx, f.cust)
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
	cd, _ = db.CustomerData(ctx, f.cust)
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
	if _, err := other.OpenAccess(ctx, staff.ID, f.cust, "Customer asked by phone", "overview", at); err != nil {
		t.Fatal(err)
	}
	cd, _ = db.CustomerData(ctx, f.cust)
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
		cd, err := f.db.CustomerData(ctx, id)
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
	if _, err := f.db.CustomerData(ctx, 1<<40); err != ErrNotFound {
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
