package store

import (
	"context"
	"testing"
	"time"
)

// BenchmarkRecordConsent is one customer's choice recorded end to end: history, current state, totals, feed and,
// since the proofs, the chain entry and the signed receipt.
func BenchmarkRecordConsent(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("e1", "C-1", "personalisation", "inference", at)}); err != nil {
		b.Fatal(err)
	}
	states := []string{ConsentGranted, ConsentRefused}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: states[i%2], Method: "web",
			At: at.Add(time.Duration(i) * time.Second)}); err != nil {
			b.Fatal(err)
		}
	}
}
