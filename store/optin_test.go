package store

import (
	"context"
	"testing"
	"time"
)

// The opt-in rates move with each change of a customer's state, never with a back-dated choice older than the
// current one, and always agree with a count of the consents themselves.
func TestOptInTotalsFollowTheCurrentState(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c2, _ := f.db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: "C-2", Locale: "en"})
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	rates := func() (granted, answered int) {
		t.Helper()
		rs, err := f.db.OptInRates(ctx, f.brand.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.PurposeID == f.consent {
				return r.Granted, r.Answered
			}
		}
		return 0, 0
	}
	steps := []struct {
		cust              int64
		state             string
		at                time.Time
		granted, answered int
	}{
		{f.cust, ConsentGranted, at, 1, 1},
		{c2, ConsentRefused, at, 1, 2},
		{f.cust, ConsentRefused, at.Add(time.Hour), 0, 2},  // withdrawn
		{f.cust, ConsentGranted, at.Add(-time.Hour), 0, 2}, // back-dated: the later refusal stands
		{c2, ConsentGranted, at.Add(2 * time.Hour), 1, 2},  // changes her mind
		{c2, ConsentGranted, at.Add(3 * time.Hour), 1, 2},  // says yes again: nothing moves
	}
	for i, s := range steps {
		if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: s.cust, PurposeID: f.consent, State: s.state, Method: "web", At: s.at}); err != nil {
			t.Fatal(err)
		}
		if g, a := rates(); g != s.granted || a != s.answered {
			t.Fatalf("after step %d: %d of %d said yes, want %d of %d", i, g, a, s.granted, s.answered)
		}
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}
