package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestCountEventsMatchesRawEvents compares CountEvents, which sums rollups and counts only part-days from the
// events, with count(*) over the events, for random filters: ranges that start and end at any second, in the
// brand's time zone (Paris, across both DST changes), across month ends and a 29 February, unbounded on either
// side, narrowed by system, purpose and action.
func TestCountEventsMatchesRawEvents(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	db := f.db
	if _, err := db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployVendorTool, Registered: true}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2027, 12, 20, 0, 0, 0, 0, time.UTC) // the data spans 29 February 2028
	db.SetClock(func() time.Time { return start.AddDate(0, 15, 0) })
	var batch []EventInput
	for i := range 3000 {
		e := ev(fmt.Sprintf("c-%d", i), "C-1", []string{"personalisation", "service"}[r.IntN(2)],
			[]string{ActionInference, ActionTraining, ActionDecision}[r.IntN(3)], start.Add(time.Duration(r.Int64N(int64(430*24*time.Hour)))))
		e.System = []string{"recommender", "chat"}[r.IntN(2)]
		batch = append(batch, e)
		if len(batch) == 500 {
			if _, err := db.InsertEvents(ctx, f.brand.ID, batch); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	reg, _ := db.Registry(ctx, f.brand.ID)
	systems := []int64{0, reg.SystemBySlug["recommender"].ID, reg.SystemBySlug["chat"].ID}
	purposes := []int64{0, f.consent, f.contract}
	actions := []string{"", ActionInference, ActionTraining, ActionDecision}
	paris, _ := time.LoadLocation("Europe/Paris")
	instant := func() time.Time {
		switch r.IntN(5) {
		case 0:
			return time.Time{} // no bound
		case 1: // a day in Paris, as the activity filter reads dates
			d := start.AddDate(0, 0, r.IntN(440))
			return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, paris)
		case 2: // a month boundary
			return time.Date(2028, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		default:
			return start.Add(time.Duration(r.Int64N(int64(440 * 24 * time.Hour))))
		}
	}
	fixed := []EventFilter{
		{},
		{From: time.Date(2028, 2, 29, 0, 0, 0, 0, paris), To: time.Date(2028, 3, 1, 0, 0, 0, 0, paris)},
		{From: time.Date(2028, 3, 26, 0, 0, 0, 0, paris), To: time.Date(2028, 3, 27, 0, 0, 0, 0, paris)},   // a 23-hour day
		{From: time.Date(2028, 10, 29, 0, 0, 0, 0, paris), To: time.Date(2028, 10, 30, 0, 0, 0, 0, paris)}, // a 25-hour day
		{From: time.Date(2028, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC)},
		{From: time.Date(2028, 2, 10, 13, 0, 0, 0, time.UTC), To: time.Date(2028, 2, 10, 14, 0, 0, 0, time.UTC)},
	}
	for i := range 400 {
		var fl EventFilter
		if i < len(fixed) {
			fl = fixed[i]
		} else {
			fl = EventFilter{SystemID: systems[r.IntN(3)], PurposeID: purposes[r.IntN(3)], Action: actions[r.IntN(4)], From: instant(), To: instant()}
		}
		got, err := db.CountEvents(ctx, f.brand.ID, f.cust, fl)
		if err != nil {
			t.Fatal(err)
		}
		where, args := eventWhere(f.cust, fl)
		q := `SELECT count(*) FROM usage_events WHERE ` + where[0]
		for _, w := range where[1:] {
			q += " AND " + w
		}
		var want int
		if err := db.r.QueryRowContext(ctx, q, args...).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("filter %+v: CountEvents %d, raw count %d", fl, got, want)
		}
	}
}

// TestEventsNewerPagesBack walks a customer's events page by page to the oldest, then back with EventsNewer:
// every page on the way back is the one seen on the way there, and the newest page says there is nothing newer.
func TestEventsNewerPagesBack(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var batch []EventInput
	at := testNow.Add(-time.Hour)
	for i := range 23 {
		// Several events share a second, so the keyset must order by id too.
		batch = append(batch, ev(fmt.Sprintf("p-%d", i), "C-1", "service", ActionInference, at.Add(-time.Duration(i/3)*time.Minute)))
	}
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, batch); err != nil {
		t.Fatal(err)
	}
	var pages []EventPage
	page, err := f.db.Events(ctx, f.cust, EventFilter{}, Cursor{}, 5)
	for {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page)
		if page.Next == nil {
			break
		}
		page, err = f.db.Events(ctx, f.cust, EventFilter{}, *page.Next, 5)
	}
	if len(pages) != 5 || pages[0].Prev != nil || pages[1].Prev == nil {
		t.Fatalf("%d pages going down; first Prev %v, second Prev %v", len(pages), pages[0].Prev, pages[1].Prev)
	}
	for i := len(pages) - 1; i > 0; i-- {
		back, err := f.db.EventsNewer(ctx, f.cust, EventFilter{}, *pages[i].Prev, 5)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(keys(back.Events)) != fmt.Sprint(keys(pages[i-1].Events)) {
			t.Fatalf("page %d back: %v, want %v", i-1, keys(back.Events), keys(pages[i-1].Events))
		}
		if (back.Prev == nil) != (i-1 == 0) {
			t.Errorf("page %d back: Prev %v", i-1, back.Prev)
		}
	}
}

func keys(evs []Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Key
	}
	return out
}
