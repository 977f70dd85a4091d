package store

import (
	"context"
	"testing"
	"time"
)

// The figures of a use case's page, on known rows: choices per month and between two dates, customers reached
// since a date, the purposes a system served, and the owners' note.
func TestUseCaseFigures(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c2, err := f.db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: "C-2", Locale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	oct := time.Date(2026, 10, 10, 9, 0, 0, 0, time.UTC)
	nov := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	for _, ch := range []ConsentChange{
		{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: oct},
		{CustomerID: c2, PurposeID: f.consent, State: ConsentRefused, Method: "web", At: oct.Add(time.Hour)},
		{CustomerID: f.cust, PurposeID: f.consent, State: ConsentRefused, Method: "web", At: nov},
		{CustomerID: c2, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: nov.Add(24 * time.Hour)},
		{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: nov.Add(48 * time.Hour)},
	} {
		if _, err := f.db.RecordConsent(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	months, err := f.db.ConsentChoicesByMonth(ctx, f.brand.ID, f.consent, oct.AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(months) != 2 || months[0].Granted != 1 || months[0].Refused != 1 || months[1].Granted != 2 || months[1].Refused != 1 ||
		months[1].Month != time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("choices by month = %+v", months)
	}
	// From 3 Nov (included) to 5 Nov (excluded): the refusal of the 3rd and the yes of the 4th.
	between, err := f.db.ConsentChoicesBetween(ctx, f.brand.ID, f.consent, nov, nov.AddDate(0, 0, 2))
	if err != nil || between.Granted != 1 || between.Refused != 1 || between.Answered() != 2 {
		t.Fatalf("choices between = %+v, %v", between, err)
	}

	now := f.db.Now()
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("r-1", "C-1", "personalisation", ActionInference, now.Add(-time.Hour)),
		ev("r-2", "C-2", "service", ActionInference, now.AddDate(0, -2, 0))}); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.SystemReach(ctx, f.brand.ID, f.sysID, now.Add(-24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("reach in the last day = %d, %v; want 1", n, err)
	}
	if n, _ := f.db.SystemReach(ctx, f.brand.ID, f.sysID, now.AddDate(0, -3, 0)); n != 2 {
		t.Fatalf("reach in three months = %d, want 2", n)
	}
	ps, err := f.db.SystemPurposes(ctx, f.brand.ID, f.sysID, now.AddDate(-1, 0, 0))
	if err != nil || len(ps) != 2 {
		t.Fatalf("system purposes = %v, %v", ps, err)
	}

	v, err := f.db.SystemValue(ctx, f.brand.ID, f.sysID)
	if err != nil || !v.UpdatedAt.IsZero() || v.Note != "" {
		t.Fatalf("value before any note = %+v, %v", v, err)
	}
	v.Note, v.MarketingOwner, v.UpdatedBy = "Expect 3% more basket size.", 42, "m@x"
	if err := f.db.SaveSystemValue(ctx, v); err != nil {
		t.Fatal(err)
	}
	v.PrivacyOwner = 43
	if err := f.db.SaveSystemValue(ctx, v); err != nil {
		t.Fatal(err)
	}
	got, _ := f.db.SystemValue(ctx, f.brand.ID, f.sysID)
	if got.Note != v.Note || got.MarketingOwner != 42 || got.PrivacyOwner != 43 || got.UpdatedAt.IsZero() {
		t.Fatalf("value = %+v", got)
	}
}
