package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestRightsDeadlineIsOneMonthInTheBrandsTimeZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		received time.Time
		loc      *time.Location
		months   int
		want     string
	}{
		{"same day next month", time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), paris, 1, "2027-01-02"},
		{"short month ends on its last day", time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC), paris, 1, "2027-02-28"},
		{"leap year", time.Date(2028, 1, 30, 10, 0, 0, 0, time.UTC), paris, 1, "2028-02-29"},
		{"received after midnight in Paris, still the 31st in UTC", time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), paris, 1, "2027-02-01"},
		{"the same instant for a UTC brand", time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), time.UTC, 1, "2027-01-31"},
		{"longest extension", time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), paris, 3, "2027-02-28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, end := RightsDeadline(tc.received, tc.loc, tc.months)
			if got != tc.want {
				t.Fatalf("deadline %s, want %s", got, tc.want)
			}
			if day := end.Add(-time.Second).In(tc.loc).Format(time.DateOnly); day != tc.want || end.In(tc.loc).Hour() != 0 {
				t.Fatalf("deadline ends at %s, want the end of %s in %s", end.In(tc.loc), tc.want, tc.loc)
			}
		})
	}
}

func TestRightsRequestLifecycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	db := f.db
	if err := db.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE brands SET timezone = 'Europe/Paris' WHERE id = ?`, f.brand.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

	erase, err := db.OpenRights(ctx, f.cust, RightsErase, "Please delete everything.", "web", t0)
	if err != nil {
		t.Fatal(err)
	}
	if erase.DueDate != "2027-01-02" || erase.Status != RightsReceived {
		t.Fatalf("opened %+v; want received, due 2027-01-02", erase)
	}
	// One open request per kind; another kind is fine.
	if _, err := db.OpenRights(ctx, f.cust, RightsErase, "again", "web", t0.Add(time.Minute)); !errors.Is(err, ErrRightsOpen) {
		t.Fatalf("second open erase request: %v, want ErrRightsOpen", err)
	}
	if _, err := db.OpenRights(ctx, f.cust, "forget", "", "web", t0); !errors.Is(err, ErrRightsKind) {
		t.Fatalf("unknown kind: %v", err)
	}
	restrict, err := db.OpenRights(ctx, f.cust, RightsRestrict, "", "web", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	// Another brand cannot touch it.
	other, err := db.CreateBrand(ctx, Brand{Slug: "other", Name: "Other", DefaultLocale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateRights(ctx, other.ID, erase.ID, RightsUpdate{Status: RightsInProgress}, t0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another brand's update: %v, want ErrNotFound", err)
	}
	if _, err := db.RightsByID(ctx, other.ID, erase.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another brand's read: %v, want ErrNotFound", err)
	}

	steps := []struct {
		u    RightsUpdate
		want error
	}{
		{RightsUpdate{Status: RightsInProgress, Actor: "privacy@acme.example"}, nil},
		{RightsUpdate{Status: RightsInProgress}, ErrRightsStatus},
		{RightsUpdate{Status: RightsReceived}, ErrRightsStatus},
		{RightsUpdate{Status: RightsExtended, DueDate: "2027-02-02"}, ErrRightsNote},
		{RightsUpdate{Status: RightsExtended, Note: "Backups", DueDate: "2027-03-03"}, ErrRightsDeadline}, // past three months
		{RightsUpdate{Status: RightsExtended, Note: "Backups", DueDate: "2027-01-01"}, ErrRightsDeadline}, // earlier than now due
		{RightsUpdate{Status: RightsExtended, Note: "Backups", DueDate: "2 March"}, ErrRightsDeadline},
		{RightsUpdate{Status: RightsExtended, Note: "Our backups take time to clear.", DueDate: "2027-03-02", Actor: "api"}, nil},
		{RightsUpdate{Status: RightsExtended, Note: "More", DueDate: "2027-03-02"}, ErrRightsStatus}, // one extension only
		{RightsUpdate{Status: RightsDone, Note: "  "}, ErrRightsNote},
		{RightsUpdate{Status: RightsDone, Note: "We deleted your data.", Lang: "en", Actor: "privacy@acme.example"}, nil},
		{RightsUpdate{Status: RightsRefused, Note: "No"}, ErrRightsClosed},
	}
	for i, s := range steps {
		if _, err := db.UpdateRights(ctx, f.brand.ID, erase.ID, s.u, t0.Add(time.Duration(i+2)*time.Hour)); !errors.Is(err, s.want) {
			t.Fatalf("step %d %+v: %v, want %v", i, s.u, err, s.want)
		}
	}
	got, err := db.RightsByID(ctx, f.brand.ID, erase.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != RightsDone || got.Answer != "We deleted your data." || got.DueDate != "2027-03-02" || got.AnsweredBy != "privacy@acme.example" {
		t.Fatalf("answered request %+v", got)
	}
	var history []string
	for _, s := range got.Steps {
		history = append(history, s.Status+" "+s.DueDate+" "+s.Note)
	}
	want := []string{"received 2027-01-02 Please delete everything.", "in_progress 2027-01-02 ", "extended 2027-03-02 Our backups take time to clear.",
		"done 2027-03-02 We deleted your data."}
	if len(history) != len(want) {
		t.Fatalf("history %q, want %q", history, want)
	}
	for i := range want {
		if history[i] != want[i] {
			t.Fatalf("history %q, want %q", history, want)
		}
	}
	// Answered, a new request of the same kind can be made.
	if _, err := db.OpenRights(ctx, f.cust, RightsErase, "", "web", t0.AddDate(0, 4, 0)); err != nil {
		t.Fatalf("new erase request after the answer: %v", err)
	}

	// The feed holds an item per opening and per step, with the request's state at that moment.
	types, chs := feedTypes(t, f)
	wantTypes := []string{ChangeRightsOpened, ChangeRightsOpened, ChangeRightsUpdated, ChangeRightsUpdated, ChangeRightsUpdated, ChangeRightsOpened}
	if len(types) != len(wantTypes) {
		t.Fatalf("feed %v, want %v", types, wantTypes)
	}
	for i := range wantTypes {
		if types[i] != wantTypes[i] {
			t.Fatalf("feed %v, want %v", types, wantTypes)
		}
	}
	var ext RightsChangeData
	if err := json.Unmarshal(chs[3].Data, &ext); err != nil {
		t.Fatal(err)
	}
	if ext.RequestID != erase.ID || ext.Customer != "C-1" || ext.Kind != RightsErase || ext.Status != RightsExtended ||
		ext.Deadline != "2027-03-02" || ext.Note != "Our backups take time to clear." || ext.UpdatedBy != "api" || chs[3].CustomerID != f.cust {
		t.Fatalf("extension in the feed: %+v", ext)
	}

	// The queue: open ones by deadline, overdue first; the overdue count the privacy team sees.
	late := t0.AddDate(0, 1, 2) // the restrict request (due 2 Jan) is late, the new erase one is not due yet
	open, err := db.RightsQueue(ctx, f.brand.ID, RightsFilterOpen, late, 10)
	if err != nil || len(open) != 2 || open[0].ID != restrict.ID || !open[0].Overdue(late) || open[1].Overdue(late) {
		t.Fatalf("open queue %+v %v", open, err)
	}
	overdue, err := db.RightsQueue(ctx, f.brand.ID, RightsFilterOverdue, late, 10)
	if err != nil || len(overdue) != 1 || overdue[0].ID != restrict.ID {
		t.Fatalf("overdue queue %+v %v", overdue, err)
	}
	if n, err := db.CountOverdueRights(ctx, f.brand.ID, late); err != nil || n != 1 {
		t.Fatalf("overdue count %d %v, want 1", n, err)
	}
	if n, _ := db.CountOverdueRights(ctx, f.brand.ID, t0); n != 0 {
		t.Fatalf("overdue before any deadline: %d", n)
	}
	done, err := db.RightsQueue(ctx, f.brand.ID, RightsFilterDone, late, 10)
	if err != nil || len(done) != 1 || done[0].ID != erase.ID || len(done[0].Steps) != 4 {
		t.Fatalf("done queue %+v %v", done, err)
	}
	mine, err := db.CustomerRights(ctx, f.brand.ID, f.cust)
	if err != nil || len(mine) != 3 {
		t.Fatalf("customer's requests %d %v, want 3", len(mine), err)
	}
}
