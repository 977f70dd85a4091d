package store

import (
	"context"
	"testing"
	"time"
)

// A system's reach moves with each batch: a new customer, a later use moving a customer's last day, a late event
// that moves nothing, several systems and customers in one batch. After each, the reach since every day of the
// window equals a count of the per-customer stats themselves.
func TestSystemReachFollowsTheLastUse(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other, err := f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployInHouse, Registered: true})
	if err != nil {
		t.Fatal(err)
	}
	now := f.db.Now()
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	on := func(e EventInput, system string) EventInput { e.System = system; return e }
	batches := [][]EventInput{
		{ev("a-1", "C-1", "service", ActionInference, day(40))},
		{ev("a-2", "C-2", "service", ActionInference, day(20)), ev("a-3", "C-1", "service", ActionInference, day(10))}, // C-1 moves on
		{ev("a-4", "C-1", "service", ActionInference, day(30))},                                                        // late: nothing moves
		{ev("a-5", "C-1", "service", ActionInference, day(10).Add(time.Minute))},                                       // the same day
		{on(ev("a-6", "C-3", "service", ActionInference, day(5)), "chat"), on(ev("a-7", "C-2", "service", ActionInference, day(2)), "chat"),
			ev("a-8", "C-2", "service", ActionInference, day(1)), ev("a-9", "C-3", "service", ActionInference, day(60))},
		{ev("a-9", "C-3", "service", ActionInference, day(0))}, // a duplicate: nothing at all
	}
	for i, b := range batches {
		if _, err := f.db.InsertEvents(ctx, f.brand.ID, b); err != nil {
			t.Fatal(err)
		}
		for _, sys := range []int64{f.sysID, other} {
			for d := 0; d <= 70; d++ {
				since := DayStart(dayOf(day(d).Unix()))
				got, err := f.db.SystemReach(ctx, f.brand.ID, sys, since)
				if err != nil {
					t.Fatal(err)
				}
				var want int
				if err := f.db.queryRow(ctx, `SELECT count(*) FROM customer_system_stats WHERE brand_id = ? AND system_id = ? AND last_at >= ?`,
					f.brand.ID, sys, since.Unix()).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Fatalf("after batch %d, system %d since %s: reach %d, want %d", i, sys, since.Format("2006-01-02"), got, want)
				}
			}
		}
	}
	if n, _ := f.db.SystemReach(ctx, f.brand.ID, f.sysID, day(70)); n != 3 {
		t.Fatalf("reach of the recommender = %d, want 3", n)
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}
