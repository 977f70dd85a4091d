package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// TestUseCaseValuePage: marketing, privacy and admin open a system's use case (support cannot, another brand gets
// a 404); it shows whom the system reached, answers per month with the wording change marked, two wordings
// compared, and the owners' note, which marketing edits directly with clear errors that keep what was typed.
func TestUseCaseValuePage(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	page := ts.URL + "/admin/systems/product-recommender/value"
	for who, want := range map[string]int{marketingA: 200, privacyA: 200, adminA: 200, supportA: 403, privacyB: 404} {
		if status, _, _ := get(t, staffSignIn(t, ts, who), page); status != want {
			t.Errorf("%s: status %d, want %d", who, status, want)
		}
	}
	marketing := staffSignIn(t, ts, marketingA)
	_, _, body := get(t, marketing, page, "Accept-Language", "en")
	for _, want := range []string{`data-testid="value-reach"`, "This month it used the data of", `data-testid="value-purpose-recommendations"`,
		`data-testid="compare-recommendations"`, "Two wordings compared", "We process your purchase and browsing history",
		"We expect suggested products to make up a fifth", "Chloé Petit"} {
		if !strings.Contains(body, want) {
			t.Errorf("the use case page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="/admin/violations"`) {
		t.Error("marketing is sent to the violations list it may not open")
	}
	assertNoRawText(t, "use case (en)", body)
	_, _, fr := get(t, marketing, page, "Accept-Language", "fr")
	assertNoRawText(t, "use case (fr)", fr)

	// A support agent is no marketing owner; what was typed stays.
	brand, _ := s.DB.BrandBySlug(t.Context(), seed.BrandMaison)
	staff, _ := s.DB.StaffByBrand(t.Context(), brand.ID)
	var supportID, marketingID int64
	for _, u := range staff {
		switch u.Role {
		case store.RoleSupport:
			supportID = u.ID
		case store.RoleMarketing:
			marketingID = u.ID
		}
	}
	form := url.Values{"marketing_owner": {strconv.FormatInt(supportID, 10)}, "note": {"Basket size up 4% since May."}}
	status, _, body := staffSubmit(t, marketing, page, page, form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose a member of your team") || !strings.Contains(body, "Basket size up 4% since May.") {
		t.Fatalf("support as marketing owner: status %d", status)
	}
	form.Set("marketing_owner", strconv.FormatInt(marketingID, 10))
	form.Set("note", strings.Repeat("x", maxValueNote+1))
	if status, _, _ := staffSubmit(t, marketing, page, page, form); status != http.StatusUnprocessableEntity {
		t.Fatalf("a too long note: status %d", status)
	}
	form.Set("note", "Basket size up 4% since May.")
	if status, loc, _ := staffSubmit(t, marketing, page, page, form); status != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=value.saved") {
		t.Fatalf("save: status %d to %q", status, loc)
	}
	_, _, body = get(t, marketing, page, "Accept-Language", "en")
	if !strings.Contains(body, "Basket size up 4% since May.") || !strings.Contains(body, "Last changed by Chloé Petit") {
		t.Error("the saved note or who saved it is not shown")
	}
	// The note is the team's own: the customer never reads it.
	cust := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	for _, p := range []string{"/me", "/me/systems/product-recommender"} {
		if _, _, b := get(t, cust, ts.URL+p); strings.Contains(b, "Basket size") {
			t.Errorf("the customer reads the owners' note on %s", p)
		}
	}
}

// TestWordingComparisonArithmetic: two wordings read over the same number of days, the older one's last days
// and the newer one's first, with the choices of exactly those days.
func TestWordingComparisonArithmetic(t *testing.T) {
	ws := purposeWordings("p", []store.RegistryChange{
		{Entity: "purpose", Slug: "p", At: testNow, Before: `{"Texts":{"en":{"Name":"B"}}}`, After: `{"Texts":{"en":{"Name":"C"}}}`},
		{Entity: "purpose", Slug: "p", At: testNow.AddDate(0, 0, -10), Before: `{"Texts":{"en":{"Name":"A"}}}`, After: `{"Texts":{"en":{"Name":"B"}}}`},
		{Entity: "purpose", Slug: "other", At: testNow.AddDate(0, 0, -5), After: `{"Texts":{"en":{"Name":"Z"}}}`},
	})
	if len(ws) != 3 || !ws[0].from.IsZero() || ws[0].texts["en"].Name != "A" || ws[1].texts["en"].Name != "B" || ws[2].texts["en"].Name != "C" {
		t.Fatalf("wordings = %+v", ws)
	}
}

// TestWordingComparisonCountsTheRightDays checks the comparison's figures against the consent history itself:
// the older wording over its last N days, the newer over its first N, N the newer one's days in use so far.
func TestWordingComparisonCountsTheRightDays(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := t.Context()
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := s.DB.Registry(ctx, brand.ID)
	p := reg.PurposeBySlug["recommendations"]
	changes, _ := s.DB.RegistryChanges(ctx, brand.ID, time.Time{}, 50)
	var switched time.Time
	for _, ch := range changes {
		if ch.Entity == "purpose" && ch.Slug == "recommendations" {
			switched = ch.At
		}
	}
	if switched.IsZero() {
		t.Fatal("the demo has no wording change to compare")
	}
	// A few choices either side of the switch, so both periods have something to count.
	camille := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	for i, at := range []time.Time{switched.AddDate(0, 0, -3), switched.AddDate(0, 0, -2), switched.AddDate(0, 0, 1), switched.AddDate(0, 0, 2)} {
		state := store.ConsentGranted
		if i%2 == 1 {
			state = store.ConsentRefused
		}
		if _, err := s.DB.RecordConsent(ctx, store.ConsentChange{CustomerID: camille, PurposeID: p.ID, State: state, Method: "import", At: at}); err != nil {
			t.Fatal(err)
		}
	}
	days := int64(s.now().Sub(switched) / (24 * time.Hour))
	count := func(from, to time.Time) (yes, all int) {
		// Straight from the history, by UTC day as the page counts.
		d0, d1 := from.Unix()/86400, to.Unix()/86400
		rows, err := s.DB.Reader().QueryContext(ctx, `SELECT state, at FROM consent_history WHERE brand_id = ? AND purpose_id = ?`, brand.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var state string
			var at int64
			rows.Scan(&state, &at)
			if d := at / 86400; d >= d0 && d < d1 {
				all++
				if state == store.ConsentGranted {
					yes++
				}
			}
		}
		return yes, all
	}
	span := time.Duration(days) * 24 * time.Hour
	y1, a1 := count(switched.Add(-span), switched)
	y2, a2 := count(switched, switched.Add(span))
	_, _, body := get(t, staffSignIn(t, ts, privacyA), ts.URL+"/admin/systems/product-recommender/value", "Accept-Language", "en")
	for _, want := range []string{
		"Each wording is read over " + strconv.FormatInt(days, 10) + " days.",
		strconv.Itoa(y1) + " yes out of " + strconv.Itoa(a1),
		strconv.Itoa(y2) + " yes out of " + strconv.Itoa(a2),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the comparison lacks %q", want)
		}
	}
	if a1 == 0 || a2 == 0 {
		t.Errorf("the demo gives the comparison nothing to count: %d and %d answers", a1, a2)
	}
}
