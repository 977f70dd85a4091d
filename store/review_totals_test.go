package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The console's count of reviews waiting moves with each request made and answered, and equals a count of the
// queue itself.
func TestPendingReviewCountFollowsTheQueue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := f.db.Now()
	var batch []EventInput
	for i := range 3 {
		batch = append(batch, ev(fmt.Sprintf("d-%d", i), "C-1", "service", ActionDecision, now.Add(-time.Duration(i+1)*time.Hour)))
	}
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, batch); err != nil {
		t.Fatal(err)
	}
	events, err := f.db.Events(ctx, f.cust, EventFilter{}, Cursor{}, 10)
	if err != nil || len(events.Events) != 3 {
		t.Fatalf("events: %v %v", events, err)
	}
	check := func(want int) {
		t.Helper()
		got, err := f.db.PendingReviewCount(ctx, f.brand.ID)
		if err != nil {
			t.Fatal(err)
		}
		var direct int
		f.db.queryRow(ctx, `SELECT count(*) FROM review_requests WHERE brand_id = ? AND status = 'pending'`, f.brand.ID).Scan(&direct)
		if got != want || direct != want {
			t.Fatalf("pending reviews = %d (a count of the queue: %d), want %d", got, direct, want)
		}
	}
	check(0)
	var ids []int64
	for i, e := range events.Events {
		r, err := f.db.RequestReview(ctx, f.cust, e.ID, KindReview, "Please look again", "web", now.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
		check(i + 1)
	}
	if _, err := f.db.RequestReview(ctx, f.cust, events.Events[0].ID, KindReview, "again", "web", now); err == nil {
		t.Fatal("a second request about the same decision was accepted")
	}
	check(3)
	if err := f.db.ResolveReview(ctx, f.brand.ID, ids[1], "p@acme.example", "Checked.", "en", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	check(2)
	if err := f.db.ResolveReview(ctx, f.brand.ID, ids[1], "p@acme.example", "Again.", "en", now.Add(time.Hour)); err == nil {
		t.Fatal("a review was answered twice")
	}
	check(2)
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}
