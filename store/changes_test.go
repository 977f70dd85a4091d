package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// feedTypes reads the brand's whole feed and returns its types in order, checking the numbers run 1, 2, 3…
func feedTypes(t *testing.T, f fixture) ([]string, []Change) {
	t.Helper()
	chs, err := f.db.Changes(context.Background(), f.brand.ID, 0, nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for i, c := range chs {
		if c.Seq != int64(i+1) {
			t.Fatalf("change %d has number %d", i, c.Seq)
		}
		types = append(types, c.Type)
	}
	return types, chs
}

func TestChangeFeedRecordsWhatTheBrandMustActOn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

	// A choice loaded as history (the seed) is the brand's own record: not in the feed.
	if _, err := f.db.RecordConsents(ctx, []ConsentChange{{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: t0}}); err != nil {
		t.Fatal(err)
	}
	if types, _ := feedTypes(t, f); len(types) != 0 {
		t.Fatalf("history loaded by the seed reached the feed: %v", types)
	}
	// The customer withdraws on the web.
	if _, err := f.db.ChangeConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentRefused, Method: "web", At: t0.Add(time.Hour)}, ConsentGranted); err != nil {
		t.Fatal(err)
	}
	// An event then uses the data for the refused purpose: a violation.
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("e-1", "C-1", "personalisation", ActionDecision, t0.Add(2*time.Hour))}); err != nil {
		t.Fatal(err)
	}
	events, err := f.db.Events(ctx, f.cust, EventFilter{}, Cursor{}, 10)
	if err != nil || len(events.Events) != 1 {
		t.Fatalf("events: %v %v", events, err)
	}
	r, err := f.db.RequestReview(ctx, f.cust, events.Events[0].ID, KindReview, "Please look again", "web", t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.ResolveReview(ctx, f.brand.ID, r.ID, "privacy@acme.example", "A person checked it.", "en", t0.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SaveSystemAs(ctx, "admin@acme.example", AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployVendorTool,
		Registered: true}, true, t0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}

	types, chs := feedTypes(t, f)
	want := []string{ChangeConsent, ChangeViolation, ChangeReviewRequested, ChangeReviewAnswered, ChangeRegistry}
	if fmt.Sprint(types) != fmt.Sprint(want) {
		t.Fatalf("feed types = %v, want %v", types, want)
	}
	var consent ConsentChangeData
	if err := json.Unmarshal(chs[0].Data, &consent); err != nil {
		t.Fatal(err)
	}
	if consent.Customer != "C-1" || consent.Purpose != "personalisation" || consent.Meaning != "withdrawn" || consent.PreviousState != ConsentGranted || consent.ReceiptID == "" {
		t.Errorf("consent change = %+v", consent)
	}
	var review ReviewChangeData
	if err := json.Unmarshal(chs[3].Data, &review); err != nil {
		t.Fatal(err)
	}
	if review.EventID != "e-1" || review.Outcome != "A person checked it." || review.Status != ReviewReviewed {
		t.Errorf("review answered = %+v", review)
	}
	if chs[0].MsgID == chs[1].MsgID || len(chs[0].MsgID) < 10 {
		t.Errorf("message ids %q %q are not unique", chs[0].MsgID, chs[1].MsgID)
	}
	// Reading on from a cursor gives the rest, and a type filter keeps the cursor meaningful.
	rest, err := f.db.Changes(ctx, f.brand.ID, 2, nil, 10)
	if err != nil || len(rest) != 3 || rest[0].Seq != 3 {
		t.Fatalf("after 2: %v %v", rest, err)
	}
	only, err := f.db.Changes(ctx, f.brand.ID, 0, []string{ChangeReviewAnswered}, 10)
	if err != nil || len(only) != 1 || only[0].Seq != 4 {
		t.Fatalf("answered only: %v %v", only, err)
	}
	if last, err := f.db.LastChange(ctx, f.brand.ID); err != nil || last != 5 {
		t.Fatalf("last change = %d %v", last, err)
	}
}

func TestConsentMeaning(t *testing.T) {
	for _, c := range []struct{ state, previous, basis, want string }{
		{ConsentGranted, "", "consent", "given"},
		{ConsentRefused, "", "consent", "refused"},
		{ConsentRefused, ConsentGranted, "consent", "withdrawn"},
		{ConsentRefused, ConsentRefused, "consent", "refused"},
		{ConsentRefused, "", "legitimate_interest", "objected"},
		{ConsentGranted, ConsentRefused, "legitimate_interest", "given"},
	} {
		if got := ConsentMeaning(c.state, c.previous, c.basis); got != c.want {
			t.Errorf("ConsentMeaning(%q, %q, %q) = %q, want %q", c.state, c.previous, c.basis, got, c.want)
		}
	}
}

// Changes made at once from many goroutines get numbers without gap or repeat, and a reader polling meanwhile
// sees them in number order without ever passing one that commits later.
func TestChangeFeedNeverSkipsUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const writers, each = 4, 10
	var custs []int64
	for i := range writers {
		id, err := f.db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: fmt.Sprintf("W-%d", i), Locale: "en"})
		if err != nil {
			t.Fatal(err)
		}
		custs = append(custs, id)
	}
	done := make(chan struct{})
	var seen atomic.Int64
	var readErr error
	var rd sync.WaitGroup
	rd.Add(1)
	go func() {
		defer rd.Done()
		var cursor int64
		for {
			select {
			case <-done:
				return
			default:
			}
			chs, err := f.db.Changes(ctx, f.brand.ID, cursor, nil, 7)
			if err != nil {
				readErr = err
				return
			}
			for _, c := range chs {
				if c.Seq != cursor+1 {
					readErr = fmt.Errorf("after %d the reader got %d", cursor, c.Seq)
					return
				}
				seen.Add(1)
				cursor = c.Seq
			}
		}
	}()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			state := ConsentGranted
			for range each {
				if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: custs[w], PurposeID: f.consent, State: state, Method: "api"}); err != nil {
					t.Error(err)
					return
				}
				if state == ConsentGranted {
					state = ConsentRefused
				} else {
					state = ConsentGranted
				}
			}
		}()
	}
	wg.Wait()
	// Let the reader catch up with the last commits before stopping it.
	deadline := time.Now().Add(5 * time.Second)
	for seen.Load() < writers*each && time.Now().Before(deadline) && readErr == nil {
		time.Sleep(10 * time.Millisecond)
	}
	close(done)
	rd.Wait()
	if readErr != nil {
		t.Fatal(readErr)
	}
	if seen.Load() != writers*each {
		t.Fatalf("the reader saw %d changes, want %d", seen.Load(), writers*each)
	}
}
