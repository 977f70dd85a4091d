package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRegistryChangesAreRecordedAndAppendOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 14, 9, 0, 0, 0, time.UTC)
	s := AISystem{BrandID: f.brand.ID, Slug: "smart-search", Name: "Smart Search", Vendor: "Vendor X", Deployment: DeployVendorTool,
		OwnerTeam: "search", Texts: map[string]SystemText{"en": {What: "Ranks products.", How: "It reads what you type."}}}
	if _, err := f.db.SaveSystemAs(ctx, "priya@acme.example", s, true, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SaveSystemAs(ctx, "priya@acme.example", s, true, now); !errors.Is(err, ErrSlugTaken) {
		t.Fatalf("second create: %v, want ErrSlugTaken", err)
	}
	s.Status = "retired"
	if _, err := f.db.SaveSystemAs(ctx, "sam@acme.example", s, false, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Saving without any difference records nothing.
	if _, err := f.db.SaveSystemAs(ctx, "sam@acme.example", s, false, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	changes, err := f.db.RegistryChanges(ctx, f.brand.ID, time.Time{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].Change != ChangeRetired || changes[1].Change != ChangeCreated || changes[0].Actor != "sam@acme.example" {
		t.Fatalf("changes = %+v", changes)
	}
	if !strings.Contains(changes[0].Before, `"Status":"active"`) || !strings.Contains(changes[0].After, `"Status":"retired"`) {
		t.Errorf("before/after not kept: %s → %s", changes[0].Before, changes[0].After)
	}
	if _, err := f.db.w.Exec(`DELETE FROM registry_changes`); err == nil {
		t.Fatal("registry changes can be deleted")
	}
}

func TestCoverageFindsEachKindOfGap(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// An event from a system, purpose and category nobody registered.
	e := ev("g-1", "C-1", "mystery", ActionInference, f.db.Now().Add(-time.Hour))
	e.System, e.DataCategories = "shadow", []string{"user.odd"}
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{e}); err != nil {
		t.Fatal(err)
	}
	f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "judge", Name: "Judge", Deployment: DeployInHouse, AutomatedDecision: true, Registered: true,
		Texts: map[string]SystemText{"en": {What: "Decides.", How: "Rules."}}})
	f.db.SavePurpose(ctx, Purpose{BrandID: f.brand.ID, Slug: "trapped", LegalBasis: "consent", Refusable: false, Registered: true})
	gaps, err := f.db.Coverage(ctx, f.brand.ID, []string{"en", "fr"})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, g := range gaps {
		found[g.Kind+":"+g.Slug] = true
	}
	for _, want := range []string{"unregistered_system:shadow", "unregistered_purpose:mystery", "unregistered_category:user.odd",
		"no_refusal:trapped", "no_human_review:judge", "missing_text:judge", "no_owner:judge", "missing_text:recommender"} {
		if !found[want] {
			t.Errorf("coverage misses %s (found %v)", want, found)
		}
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestTouchVisit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t1 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if prev, err := f.db.TouchVisit(ctx, f.cust, t1); err != nil || prev != nil {
		t.Fatalf("first visit: %v %v", prev, err)
	}
	if prev, err := f.db.TouchVisit(ctx, f.cust, t1.Add(time.Hour)); err != nil || prev == nil || !prev.Equal(t1) {
		t.Fatalf("second visit: %v %v", prev, err)
	}
	// A later view of that visit: "since this visit began", from the pending time or the database.
	if prev, err := f.db.TouchVisit(ctx, f.cust, t1.Add(time.Hour+time.Minute)); err != nil || prev == nil || !prev.Equal(t1.Add(time.Hour)) {
		t.Fatalf("view within the second visit: %v %v", prev, err)
	}
	// The background writer stores the latest visit; a reopened database remembers it.
	path := f.db.Path()
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if prev, err := db.TouchVisit(ctx, f.cust, t1.Add(3*time.Hour)); err != nil || prev == nil || !prev.Equal(t1.Add(time.Hour)) {
		t.Fatalf("visit after reopening: %v %v, want the second visit %v", prev, err, t1.Add(time.Hour))
	}
}

// TestTouchVisitDoesNotWaitForTheWriter holds the writer in a long transaction, as an ingest batch would, and
// checks that the first view of a visit still answers.
func TestTouchVisitDoesNotWaitForTheWriter(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	release := make(chan struct{})
	held := make(chan struct{})
	go f.db.tx(ctx, func(*txn) error {
		close(held)
		<-release
		return nil
	})
	<-held
	done := make(chan error, 1)
	go func() {
		_, err := f.db.TouchVisit(ctx, f.cust, f.db.Now())
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("TouchVisit waited for the writer")
	}
	close(release)
}

func TestRegistryCacheSeesEveryWrite(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, _ := f.db.Registry(ctx, f.brand.ID)
	b, _ := f.db.Registry(ctx, f.brand.ID)
	if a != b {
		t.Fatal("two reads without a write in between did not share the cached registry")
	}
	if _, err := f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "new-one", Name: "New one", Deployment: DeployInHouse, Registered: true}); err != nil {
		t.Fatal(err)
	}
	c, _ := f.db.Registry(ctx, f.brand.ID)
	if c.SystemBySlug["new-one"] == nil {
		t.Fatal("the cached registry missed a system saved after it was loaded")
	}
	// A system created by an event from an unregistered system is seen at once too.
	e := ev("cache-1", "C-1", "service", ActionInference, f.db.Now().Add(-time.Hour))
	e.System = "fresh-shadow"
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{e}); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.db.Registry(ctx, f.brand.ID); d.SystemBySlug["fresh-shadow"] == nil {
		t.Fatal("the cached registry missed a system created by an event")
	}
}

func TestCreatingAnUnregisteredSystemDescribesIt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	e := ev("u-1", "C-1", "service", ActionInference, f.db.Now().Add(-time.Hour))
	e.System = "seen-in-events"
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{e}); err != nil {
		t.Fatal(err)
	}
	s := AISystem{BrandID: f.brand.ID, Slug: "seen-in-events", Name: "Seen in events", Deployment: DeployVendorTool, OwnerTeam: "ops"}
	if _, err := f.db.SaveSystemAs(ctx, "privacy@acme.example", s, true, f.db.Now()); err != nil {
		t.Fatalf("describing a system only seen in events: %v", err)
	}
	reg, _ := f.db.Registry(ctx, f.brand.ID)
	if got := reg.SystemBySlug["seen-in-events"]; got == nil || !got.Registered || got.Name != "Seen in events" {
		t.Fatalf("system = %+v", got)
	}
	changes, _ := f.db.RegistryChanges(ctx, f.brand.ID, time.Time{}, 5)
	if len(changes) != 1 || changes[0].Change != ChangeCreated || changes[0].Before == "" {
		t.Fatalf("changes = %+v, want one 'created' keeping the unregistered record as before", changes)
	}
	if _, err := f.db.SaveSystemAs(ctx, "privacy@acme.example", s, true, f.db.Now()); !errors.Is(err, ErrSlugTaken) {
		t.Fatalf("creating it again: %v, want ErrSlugTaken", err)
	}
}
