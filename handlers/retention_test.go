package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// usesLine is the system page's sentence of uses in the last 12 months, read from the rollups.
var usesLine = regexp.MustCompile(`data-testid="uses"[^>]*>[^<]*`)

// listedTimes are the instants of the events a page lists.
func listedTimes(t *testing.T, body string) []time.Time {
	t.Helper()
	var out []time.Time
	for _, m := range regexp.MustCompile(`<time datetime="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		at, err := time.Parse(time.RFC3339, m[1])
		if err != nil {
			t.Fatalf("datetime %q: %v", m[1], err)
		}
		out = append(out, at)
	}
	return out
}

// TestRetentionIsToldAndKeepsTheCounts: Camille's activity and system pages say, per system, how long the
// details of each use are kept, in English and French; after a retention run her list shows none older than the
// period while the counts on her pages stay the same.
func TestRetentionIsToldAndKeepsTheCounts(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	for _, c := range []struct{ path, want string }{
		{"/me/activity?lang=en", "we keep the details of each use for 30 days. After that only the count remains."},
		{"/me/activity?lang=en", "we keep the details of each use for 13 months. After that only the count remains."},
		{"/me/activity?lang=en", "we keep the details of each use until you ask us to delete your data."},
		{"/me/activity?lang=fr", "nous gardons le détail de chaque utilisation pendant 13 mois. Ensuite, seul le nombre reste."},
		{"/me/systems/product-recommender?lang=en", "We keep the details of each use for 13 months. After that only the count remains."},
		{"/me/systems/beauty-chat?lang=fr", "Nous gardons le détail de chaque utilisation pendant 30 jours. Ensuite, seul le nombre reste."},
	} {
		if _, _, body := get(t, camille, ts.URL+c.path); !strings.Contains(body, c.want) {
			t.Errorf("%s lacks %q", c.path, c.want)
		}
	}
	// A system of Maison Lumière that used Camille's data longer ago than it keeps the details.
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, err := s.DB.Registry(ctx, maison.ID)
	if err != nil {
		t.Fatal(err)
	}
	var system, activity, usesBefore, countBefore string
	var limit time.Time
	for _, sys := range reg.SystemOrder {
		r, err := store.ParseRetention(sys.Retention)
		if err != nil || r.IsZero() {
			continue
		}
		system = ts.URL + "/me/systems/" + sys.Slug + "?lang=en"
		activity = ts.URL + "/me/activity?system=" + sys.Slug + "&lang=en"
		limit = r.Cutoff(testNow)
		_, _, body := get(t, camille, activity)
		old := 0
		for _, at := range listedTimes(t, body) {
			if at.Before(limit) {
				old++
			}
		}
		if old == 0 {
			continue
		}
		countBefore = regexp.MustCompile(`data-testid="activity-count">[^<]*`).FindString(body)
		_, _, body = get(t, camille, system)
		usesBefore = usesLine.FindString(body)
		break
	}
	if usesBefore == "" {
		t.Fatal("no system used Camille's data longer ago than it keeps the details; the test needs one")
	}
	if _, err := s.DB.EnforceRetention(ctx, store.RetentionOptions{}); err != nil {
		t.Fatal(err)
	}
	_, _, body := get(t, camille, system)
	if got := usesLine.FindString(body); got != usesBefore {
		t.Errorf("the system page's count moved: %q, was %q", got, usesBefore)
	}
	_, _, body = get(t, camille, activity)
	if got := regexp.MustCompile(`data-testid="activity-count">[^<]*`).FindString(body); got != countBefore {
		t.Errorf("the activity count moved: %q, was %q", got, countBefore)
	}
	for _, at := range listedTimes(t, body) {
		if at.Before(limit) {
			t.Fatalf("the activity still lists a use of %s, older than the system keeps (%s)", at, limit)
		}
	}
	if err := s.DB.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestErasureDoneDeletesAndTellsWhatWasKept: when Maison Lumière's case system marks Camille's erasure request
// done, her uses go, her consent proofs and the staff record stay, and the API, her rights page (when she comes
// back) and the staff view say what was kept and why.
func TestErasureDoneDeletesAndTellsWhatWasKept(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cust := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	count := func(q string) int {
		var n int
		if err := s.DB.Reader().QueryRow(q, cust).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// A staff visit first, so there is a record of it to keep.
	privacy := staffSignIn(t, ts, privacyA)
	if status, _, _ := staffSubmit(t, privacy, ts.URL+staffCustomerPath(cust), ts.URL+staffCustomerPath(cust),
		url.Values{"reason": {"Customer asked on the phone to delete her data"}}); status != http.StatusSeeOther {
		t.Fatalf("staff reason: status %d", status)
	}
	events, proofs, visits := count(`SELECT count(*) FROM usage_events WHERE customer_id = ?`),
		count(`SELECT count(*) FROM consent_history WHERE customer_id = ?`), count(`SELECT count(*) FROM access_records WHERE customer_id = ?`)
	if events == 0 || proofs == 0 || visits == 0 {
		t.Fatalf("the seed gives Camille %d events, %d consent proofs, %d staff records", events, proofs, visits)
	}
	req, err := s.DB.OpenRights(ctx, cust, store.RightsErase, "Please delete my data.", "web", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var got rightsAPIItem
	status, _ := apiCall(t, http.MethodPost, ts.URL+"/api/v1/rights-requests/"+strconv.FormatInt(req.ID, 10), apiKey(t, s, seed.BrandMaison),
		`{"status":"done","answer":"We deleted your data.","lang":"en"}`, &got)
	if status != http.StatusOK || got.Status != store.RightsDone || len(got.Kept) != 3 || got.Kept[0].Record != store.KeptConsentHistory ||
		got.Kept[0].Years != 5 || got.Kept[0].Reason == "" {
		t.Fatalf("done: %d %+v", status, got)
	}
	if n := count(`SELECT count(*) FROM usage_events WHERE customer_id = ?`); n != 0 {
		t.Errorf("%d events left", n)
	}
	if n := count(`SELECT count(*) FROM consent_history WHERE customer_id = ?`); n != proofs {
		t.Errorf("consent proofs %d, want the %d kept", n, proofs)
	}
	if n := count(`SELECT count(*) FROM access_records WHERE customer_id = ?`); n < visits {
		t.Errorf("staff records %d, want the %d kept", n, visits)
	}
	if err := s.DB.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
	// Her brand sends her a new link: her page has nothing left to show but what was kept.
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	for _, c := range []struct{ path, want string }{
		{"/me/rights?lang=en", "We kept the record of your consent choices, which the law requires us to keep as proof, for 5 years."},
		{"/me/rights?lang=en", "we deleted your data, as you asked"},
		{"/me/rights?lang=fr", "Nous avons gardé la trace de vos choix de consentement, que la loi nous oblige à garder comme preuve, pendant 5 ans."},
		{"/me/activity?lang=en", "No use of your data matches these filters."},
	} {
		if _, _, body := get(t, camille, ts.URL+c.path); !strings.Contains(body, c.want) {
			t.Errorf("%s lacks %q", c.path, c.want)
		}
	}
	_, _, body := get(t, privacy, ts.URL+staffCustomerPath(cust), "Accept-Language", "en")
	if !strings.Contains(body, "This customer&#39;s data was deleted on") && !strings.Contains(body, "This customer's data was deleted on") {
		t.Error("the staff view does not say the data was erased")
	}
	// The brand's counts keep the uses as numbers.
	var total int
	s.DB.Reader().QueryRow(`SELECT coalesce(sum(n), 0) FROM rollup_brand_totals WHERE brand_id = ?`, maison.ID).Scan(&total)
	if total == 0 {
		t.Error("the brand's counts lost the erased uses")
	}
}

// After a retention run, an event older than what it removed is refused with the reason, not counted twice.
func TestAPIRefusesEventsOlderThanRetentionRemoved(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	if _, err := s.DB.EnforceRetention(ctx, store.RetentionOptions{}); err != nil {
		t.Fatal(err)
	}
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	marks, err := s.DB.RetainedSince(ctx, maison.ID)
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := s.DB.Registry(ctx, maison.ID)
	var system string
	var since time.Time
	for id, at := range marks {
		system, since = reg.Systems[id].Slug, at
	}
	if system == "" {
		t.Fatal("no system of the demo lost events to a retention run")
	}
	key := apiKey(t, s, seed.BrandMaison)
	body := batch(event("too-old", map[string]any{"system": system, "occurred_at": since.Add(-time.Hour).Format(time.RFC3339)}),
		event("recent", nil))
	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", body)
	if status != http.StatusOK || !strings.Contains(string(raw), `"rejected":1`) || !strings.Contains(string(raw), "would be counted twice") ||
		!strings.Contains(string(raw), `"accepted":1`) {
		t.Fatalf("answer %d %s", status, raw)
	}
	if err := s.DB.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}
