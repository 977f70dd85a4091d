package store

import (
	"context"
	"testing"
	"time"
)

// TestWebhookQueueCountsPendingAndDue: the metrics' queue depths count the pending deliveries of every brand, the
// due ones apart, and leave out those delivered.
func TestWebhookQueueCountsPendingAndDue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ep, err := f.db.CreateWebhookEndpoint(ctx, f.brand.ID, "https://hooks.acme.example/v", "", nil, testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{testNow.Add(-time.Minute), testNow, testNow.Add(time.Hour)} {
		if err := f.db.QueueTestDelivery(ctx, f.brand.ID, ep.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	due, err := f.db.ClaimDue(ctx, time.Minute, 1, testNow)
	if err != nil || len(due) != 1 {
		t.Fatalf("claim: %v, %v", due, err)
	}
	if err := f.db.RecordAttempt(ctx, due[0], DeliveryOutcome{OK: true, Code: 200}, 24*time.Hour, testNow); err != nil {
		t.Fatal(err)
	}
	pending, dueNow, err := f.db.WebhookQueue(ctx)
	if err != nil || pending != 2 || dueNow != 1 {
		t.Errorf("WebhookQueue: %d pending, %d due, %v; want 2 and 1 (one delivered, one due in an hour)", pending, dueNow, err)
	}
	if pools := f.db.Pools(); len(pools) == 0 || (f.db.Dialect() == "sqlite") != (len(pools) == 2) {
		t.Errorf("Pools on %s: %v", f.db.Dialect(), pools)
	}
}

// TestPendingVisitsCountsTheWritersQueue: a visit handed to the background writer counts until it is written.
func TestPendingVisitsCountsTheWritersQueue(t *testing.T) {
	f := newFixture(t)
	f.db.visitMu.Lock() // put in the writer's map without waking it, so it stays there
	f.db.visitPending[42] = testNow.Unix()
	f.db.visitMu.Unlock()
	if n := f.db.PendingVisits(); n != 1 {
		t.Errorf("PendingVisits = %d, want 1", n)
	}
}
