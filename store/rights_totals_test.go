package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The overdue count moves with each request opened, given a new deadline and answered, and equals, at any time, a
// count of the open requests past their deadline; the queues come in the order they are shown.
func TestOverdueRightsFollowTheRequests(t *testing.T) {
	f := newFixture(t)
	db := f.db
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var custs []int64
	for i := range 4 {
		id, err := db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: fmt.Sprintf("R-%d", i), Locale: "en"})
		if err != nil {
			t.Fatal(err)
		}
		custs = append(custs, id)
	}
	var reqs []RightsRequest
	for i, c := range custs {
		r, err := db.OpenRights(ctx, c, RightsErase, "", "web", t0.AddDate(0, 0, i/2)) // two deadlines, two requests each
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	check := func(step string) {
		t.Helper()
		for _, at := range []time.Time{t0, reqs[0].DueAt.Add(-time.Second), reqs[0].DueAt, reqs[2].DueAt, t0.AddDate(0, 2, 0), t0.AddDate(0, 4, 0)} {
			got, err := db.CountOverdueRights(ctx, f.brand.ID, at)
			if err != nil {
				t.Fatal(err)
			}
			var direct int
			db.queryRow(ctx, `SELECT count(*) FROM rights_requests WHERE brand_id = ? AND status IN ('received', 'in_progress', 'extended') AND due_at <= ?`,
				f.brand.ID, at.Unix()).Scan(&direct)
			if got != direct {
				t.Fatalf("%s: overdue at %s = %d, a count of the requests says %d", step, at, got, direct)
			}
			overdue, err := db.RightsQueue(ctx, f.brand.ID, RightsFilterOverdue, at, 50)
			if err != nil || len(overdue) != direct {
				t.Fatalf("%s: overdue queue at %s has %d, want %d (%v)", step, at, len(overdue), direct, err)
			}
		}
		if err := db.VerifyRollups(ctx); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	check("opened")
	if n, _ := db.CountOverdueRights(ctx, f.brand.ID, reqs[3].DueAt); n != 4 {
		t.Fatalf("overdue at the last deadline = %d, want 4", n)
	}
	if _, err := db.UpdateRights(ctx, f.brand.ID, reqs[0].ID, RightsUpdate{Status: RightsInProgress}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("in progress")
	longest, _ := RightsDeadline(reqs[1].CreatedAt, f.brand.Location(), RightsMaxMonths)
	if _, err := db.UpdateRights(ctx, f.brand.ID, reqs[1].ID, RightsUpdate{Status: RightsExtended, Note: "Backups.", DueDate: longest},
		t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("extended")
	if _, err := db.UpdateRights(ctx, f.brand.ID, reqs[2].ID, RightsUpdate{Status: RightsDone, Note: "Deleted."}, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateRights(ctx, f.brand.ID, reqs[0].ID, RightsUpdate{Status: RightsRefused, Note: "No."}, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("answered")
	open, err := db.RightsQueue(ctx, f.brand.ID, RightsFilterOpen, t0, 50)
	if err != nil || len(open) != 2 || open[0].ID != reqs[3].ID || open[1].ID != reqs[1].ID {
		t.Fatalf("open queue = %+v, %v; want the request due first, then the extended one", open, err)
	}
	done, err := db.RightsQueue(ctx, f.brand.ID, RightsFilterDone, t0, 50)
	if err != nil || len(done) != 2 || done[0].ID != reqs[0].ID || done[1].ID != reqs[2].ID {
		t.Fatalf("answered queue = %+v, %v; want the latest answer first", done, err)
	}
	var rows int
	db.queryRow(ctx, `SELECT count(*) FROM rights_open_due WHERE brand_id = ?`, f.brand.ID).Scan(&rows)
	if rows != 2 {
		t.Fatalf("%d deadlines kept, want 2: a deadline with no open request left is removed", rows)
	}
}
