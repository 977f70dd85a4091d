package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestExportEventsAreEventsPagedAlike pages through a customer's events, some sharing their second, with Events
// and with ExportEvents and checks both give the same events in the same pages, ExportEvents without the
// columns no export writes.
func TestExportEventsAreEventsPagedAlike(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var batch []EventInput
	for i := range 137 {
		e := ev(fmt.Sprintf("x-%d", i), "C-1", "service", ActionInference, base.Add(time.Duration(i/3)*time.Minute))
		e.Outcome, e.Actor, e.Channel, e.Lang = fmt.Sprint("outcome ", i%4), "Acme", "web", "fr"
		batch = append(batch, e)
	}
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, batch); err != nil {
		t.Fatal(err)
	}
	var cur, xcur Cursor
	n := 0
	for {
		page, err := f.db.Events(ctx, f.cust, EventFilter{}, cur, 20)
		if err != nil {
			t.Fatal(err)
		}
		xpage, err := f.db.ExportEvents(ctx, f.cust, xcur, 20)
		if err != nil {
			t.Fatal(err)
		}
		for i := range page.Events {
			page.Events[i].Channel, page.Events[i].IngestedAt, page.Events[i].Lang = "", time.Time{}, ""
		}
		if !reflect.DeepEqual(page, xpage) {
			t.Fatalf("page %d:\nEvents       %+v\nExportEvents %+v", n, page, xpage)
		}
		n += len(page.Events)
		if page.Next == nil {
			break
		}
		cur, xcur = *page.Next, *xpage.Next
	}
	if n != 137 {
		t.Fatalf("paged through %d events, want 137", n)
	}
}

// TestEventPagesSearchFromTheirCursor checks, with the cursor's values bound as the pages bind them, that the
// query of a page after the first starts the index range at the cursor rather than reading the customer's
// events from the newest.
func TestEventPagesSearchFromTheirCursor(t *testing.T) {
	db := newTestDB(t)
	skipPlansOnPostgres(t, db)
	for _, cols := range []string{eventCols, exportCols} {
		q, args := eventsQuery(cols, 1, EventFilter{}, Cursor{At: 1_780_000_000, ID: 9}, 500)
		rows, err := db.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "usage_events_customer_time (customer_id=? AND occurred_at<?)") || strings.Contains(joined, "TEMP B-TREE") {
			t.Fatalf("plan %q: want a search of the customer's index from the cursor, and no sort", joined)
		}
	}
}

func TestSplitIDs(t *testing.T) {
	for in, want := range map[string][]int64{
		"": nil, "7": {7}, "1,22,333": {1, 22, 333}, "1,,2": {1, 2}, ",1": {1}, "1,": {1}, "1,x,3": {1, 3},
	} {
		if got := splitIDs(in); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("splitIDs(%q) = %v, want %v", in, got, want)
		}
	}
}
