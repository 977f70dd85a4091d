package store

import (
	"context"
	"testing"
	"time"
)

// The uses per system and purpose that the registry pages show move with each batch, not with a duplicate, and
// always equal a count of the events themselves, over however many days they fall on.
func TestEntityUsesFollowTheEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := f.db.Now()
	other, err := f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployInHouse, Registered: true})
	if err != nil {
		t.Fatal(err)
	}
	chat := func(e EventInput) EventInput { e.System = "chat"; return e }
	batches := [][]EventInput{
		{ev("u-1", "C-1", "service", ActionInference, now.AddDate(0, 0, -400)), ev("u-2", "C-1", "service", ActionInference, now)},
		{ev("u-3", "C-2", "personalisation", ActionInference, now.AddDate(0, -2, 0)), chat(ev("u-4", "C-2", "service", ActionDecision, now))},
		{ev("u-2", "C-1", "service", ActionInference, now)}, // a duplicate: nothing moves
		{chat(ev("u-5", "C-3", "service", ActionInference, now.Add(-time.Hour))), ev("u-6", "C-3", "service", ActionTraining, now.AddDate(-2, 0, 0))},
	}
	for i, b := range batches {
		if _, err := f.db.InsertEvents(ctx, f.brand.ID, b); err != nil {
			t.Fatal(err)
		}
		systems, purposes, err := f.db.EntityUses(ctx, f.brand.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			col  string
			id   int64
			uses map[int64]int
		}{{"system_id", f.sysID, systems}, {"system_id", other, systems}, {"purpose_id", f.consent, purposes}, {"purpose_id", f.contract, purposes}} {
			var want int
			if err := f.db.queryRow(ctx, `SELECT count(*) FROM usage_events WHERE brand_id = ? AND `+c.col+` = ?`, f.brand.ID, c.id).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if c.uses[c.id] != want {
				t.Fatalf("after batch %d: %s %d has %d uses, the events say %d", i, c.col, c.id, c.uses[c.id], want)
			}
		}
	}
	if systems, purposes, _ := f.db.EntityUses(ctx, f.brand.ID); systems[f.sysID] != 4 || systems[other] != 2 || purposes[f.contract] != 5 {
		t.Fatalf("uses = %v by system, %v by purpose", systems, purposes)
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}
