package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// The uses per system and purpose that the registry pages show move with each batch, not with a duplicate, and
// always equal a count of the events themselves, over however many days they fall on.
func TestEntityUsesFollowTheEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := f.db.Now()
	other, err := f.db.SaveSystem(ctx, AISystem{BrandID: f.brand.ID, Slug: "chat", Name: "Chat", Deployment: DeployInHouse, Registered: true})
	if err != nil {
		t.Fatal(err)
	}
	chat := func(e EventInput) EventInput { e.System = "chat"; return e }
	batches := [][]EventInput{
		{ev("u-1", "C-1", "service", ActionInference, now.AddDate(0, 0, -400)), ev("u-2", "C-1", "service", ActionInference, now)},
		{ev("u-3", "C-2", "personalisation", ActionInference, now.AddDate(0, -2, 0)), chat(ev("u-4", "C-2", "service", ActionDecision, now))},
		{ev("u-2", "C-1", "service", ActionInference, now)}, // a duplicate: nothing moves
		{chat(ev("u-5", "C-3", "service", ActionInference, now.Add(-time.Hour))), ev("u-6", "C-3", "service", ActionTraining, now.AddDate(-2, 0, 0))},
	}
	for i, b := range batches {
		if _, err := f.db.InsertEvents(ctx, f.brand.ID, b); err != nil {
			t.Fatal(err)
		}
		systems, purposes, err := f.db.EntityUses(ctx, f.brand.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			col  string
			id   int64
			uses map[int64]int
		}{{"system_id", f.sysID, systems}, {"system_id", other, systems}, {"purpose_id", f.consent, purposes}, {"purpose_id", f.contract, purposes}} {
			var want int
			if err := f.db.queryRow(ctx, `SELECT count(*) FROM usage_events WHERE brand_id = ? AND `+c.col+` = ?`, f.brand.ID, c.id).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if c.uses[c.id] != want {
				t.Fatalf("after batch %d: %s %d has %d uses, the events say %d", i, c.col, c.id, c.uses[c.id], want)
			}
		}
	}
	if systems, purposes, _ := f.db.EntityUses(ctx, f.brand.ID); systems[f.sysID] != 4 || systems[other] != 2 || purposes[f.contract] != 5 {
		t.Fatalf("uses = %v by system, %v by purpose", systems, purposes)
	}
	pairs, err := f.db.SystemPurposePairs(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]int64{}
	rows, err := f.db.query(ctx, `SELECT DISTINCT system_id, purpose_id FROM usage_events WHERE brand_id = ? ORDER BY 1, 2`, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s, p int64
		if err := rows.Scan(&s, &p); err != nil {
			t.Fatal(err)
		}
		want[s] = append(want[s], p)
	}
	rows.Close()
	if fmt.Sprint(pairs) != fmt.Sprint(want) || len(pairs[other]) != 1 {
		t.Fatalf("system purposes = %v, the events say %v", pairs, want)
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}

// The brand's uses per month read from the monthly rollup (and the days before the first whole month from the
// daily one) equal a count of the events by month, from the first of a month or from a day within one, and the
// purposes a system served are the events' own.
func TestBrandUsageByMonthFollowsTheEvents(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := f.db.Now()
	if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentRefused, Method: "web",
		At: now.AddDate(0, -6, 0)}); err != nil {
		t.Fatal(err)
	}
	var batch []EventInput
	for i := range 40 {
		purpose := "service"
		if i%3 == 0 {
			purpose = "personalisation" // refused by C-1 six months ago: a violation each since
		}
		batch = append(batch, ev(fmt.Sprintf("m-%d", i), fmt.Sprintf("C-%d", 1+i%2), purpose, ActionInference, now.Add(-time.Duration(i)*97*time.Hour)))
	}
	for _, b := range [][]EventInput{batch[:25], batch[25:], batch[:5]} {
		if _, err := f.db.InsertEvents(ctx, f.brand.ID, b); err != nil {
			t.Fatal(err)
		}
	}
	ms := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	violations := 0
	for _, since := range []time.Time{ms.AddDate(0, -3, 0), ms.AddDate(0, -3, 11), ms.AddDate(0, -3, 20), ms, ms.AddDate(0, 0, 1), ms.AddDate(-1, 0, 0)} {
		for _, by := range []string{"system", "purpose"} {
			got, err := f.db.BrandUsageByMonth(ctx, f.brand.ID, since, by)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][2]int{}
			rows, err := f.db.query(ctx, `SELECT occurred_at, system_id, purpose_id, consent_violation FROM usage_events WHERE brand_id = ?`, f.brand.ID)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var at, sys, pur int64
				var violation bool
				if err := rows.Scan(&at, &sys, &pur, &violation); err != nil {
					t.Fatal(err)
				}
				if dayOf(at) < dayOf(since.Unix()) {
					continue
				}
				id := sys
				if by == "purpose" {
					id = pur
				}
				m := time.Unix(at, 0).UTC()
				k := fmt.Sprintf("%s %d", time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), id)
				w := want[k]
				w[0]++
				if violation {
					w[1]++
					violations++
				}
				want[k] = w
			}
			rows.Close()
			if len(got) != len(want) {
				t.Fatalf("since %s by %s: %d months, want %d (%+v)", since.Format("2006-01-02"), by, len(got), len(want), got)
			}
			for _, c := range got {
				if w := want[fmt.Sprintf("%s %d", c.Month.Format("2006-01"), c.ID)]; c.N != w[0] || c.Violations != w[1] {
					t.Fatalf("since %s by %s, %s %d: %d uses, %d violations; the events say %v", since.Format("2006-01-02"), by,
						c.Month.Format("2006-01"), c.ID, c.N, c.Violations, w)
				}
			}
		}
		ps, err := f.db.SystemPurposes(ctx, f.brand.ID, f.sysID, since)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, id := range []int64{f.consent, f.contract} {
			var n int
			f.db.queryRow(ctx, `SELECT count(*) FROM usage_events WHERE brand_id = ? AND purpose_id = ? AND occurred_at >= ?`, f.brand.ID, id,
				DayStart(dayOf(since.Unix())).Unix()).Scan(&n)
			if n > 0 {
				want = append(want, id)
			}
		}
		if fmt.Sprint(ps) != fmt.Sprint(sortInt64(want)) {
			t.Fatalf("since %s: purposes %v, want %v", since.Format("2006-01-02"), ps, want)
		}
	}
	if violations == 0 {
		t.Fatal("no violation among the events: the test checks nothing of their counts")
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}

func sortInt64(s []int64) []int64 {
	slices.Sort(s)
	return s
}
