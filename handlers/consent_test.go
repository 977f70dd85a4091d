package handlers

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/proof"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/vocab"
)

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// postForm submits a form as the browser would, with the CSRF token of the page it came from.
func postForm(t *testing.T, c *http.Client, pageURL, action string, fields url.Values) (int, string) {
	t.Helper()
	_, _, page := get(t, c, pageURL)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s has no CSRF field", pageURL)
	}
	fields.Set("_csrf", m[1])
	resp, err := c.PostForm(action, fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func historyCount(t *testing.T, s *Server, brand, ext string) int {
	t.Helper()
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, brand)
	c, _ := s.DB.CustomerByExternalID(ctx, b.ID, ext)
	h, err := s.DB.ConsentHistory(ctx, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(h)
}

func TestConsentPageShowsEachPurposeWithItsControl(t *testing.T) {
	_, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	status, h, body := get(t, c, ts.URL+"/me/consents?lang=en")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	assertStrictHeaders(t, h, body)
	for _, want := range []string{
		`data-testid="consent-model-training"`, `data-testid="consent-recommendations"`,
		`data-state="refused"`,     // Camille refused training in the middle of the year
		"may learn from your data", // what saying yes to training again would do
		`data-testid="history"`, `data-testid="export-json"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("consents page lacks %q", want)
		}
	}
	// A contract purpose shows why it cannot be switched off, and no form.
	fixed := regexp.MustCompile(`(?s)<li class="consent consent-fixed" data-testid="consent-([a-z-]+)">(.*?)</li>`).FindAllStringSubmatch(body, -1)
	if len(fixed) == 0 {
		t.Fatal("no purpose that cannot be switched off")
	}
	for _, f := range fixed {
		if strings.Contains(f[2], "<form") {
			t.Errorf("purpose %s cannot be refused but has a form", f[1])
		}
	}
	// The overview carries the same controls.
	_, _, body = get(t, c, ts.URL+"/me")
	if !strings.Contains(body, `data-testid="overview-consents"`) {
		t.Error("overview lacks the consent controls")
	}
}

func TestConsentChangeGivesReceiptAndRefusesStaleForms(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	before := historyCount(t, s, seed.BrandMaison, seed.CamilleID)
	page := ts.URL + "/me/consents?lang=en"
	form := url.Values{"purpose": {"recommendations"}, "state": {"refused"}, "shown": {"granted"}}

	status, loc := postForm(t, c, page, ts.URL+"/me/consents", form)
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
		t.Fatalf("change: %d %q", status, loc)
	}
	_, _, body := get(t, c, ts.URL+loc)
	if !strings.Contains(body, `data-testid="notice"`) || !strings.Contains(body, "/me/consents/receipts/") {
		t.Fatal("no confirmation with a receipt link after the change")
	}
	if got := historyCount(t, s, seed.BrandMaison, seed.CamilleID); got != before+1 {
		t.Fatalf("history has %d rows, want %d", got, before+1)
	}
	receipt := regexp.MustCompile(`href="(/me/consents/receipts/[^"?]+)"`).FindStringSubmatch(body)[1]
	status, _, rpage := get(t, c, ts.URL+receipt)
	if status != 200 || !strings.Contains(rpage, `data-testid="receipt"`) {
		t.Fatalf("receipt page: %d", status)
	}
	status, _, raw := get(t, c, ts.URL+receipt+"?format=json")
	var r store.Receipt
	if err := json.Unmarshal([]byte(raw), &r); status != 200 || err != nil {
		t.Fatalf("receipt json: %d %v", status, err)
	}
	if r.ReceiptID == "" || r.RecordID == "" || r.SchemaVersion == "" || r.Language != "en" || r.Notice.Version == "" || r.Controller.Name != "Maison Lumière" ||
		r.Subject.ID != seed.CamilleID || len(r.Purposes) != 1 || r.Purposes[0].ID != "recommendations" || r.Purposes[0].DPVLegalBasis == "" ||
		r.Event.Type != "withdrawn" || r.Event.State != "refused" || r.Event.Method != "web" || r.RecordedBy.Type != "data_subject" ||
		!r.Validity.UntilWithdrawn || r.Chain.Seq == 0 || r.Jurisdiction == "" || len(r.Purposes[0].PersonalData) == 0 {
		t.Errorf("receipt lacks ISO/IEC TS 27560 fields: %s", raw)
	}
	// The download verifies against the published keys, and a changed copy does not.
	_, _, keys := get(t, c, ts.URL+"/.well-known/jwks.json")
	var set proof.JWKSet
	if err := json.Unmarshal([]byte(keys), &set); err != nil || len(set.Keys) == 0 {
		t.Fatalf("jwks: %v %s", err, keys)
	}
	if _, _, err := proof.VerifyFile([]byte(raw), set); err != nil {
		t.Errorf("the downloaded receipt does not verify: %v", err)
	}
	forged := strings.Replace(raw, `"state": "refused"`, `"state": "granted"`, 1)
	if _, _, err := proof.VerifyFile([]byte(forged), set); !errors.Is(err, proof.ErrMismatch) {
		t.Errorf("a receipt edited by hand verifies: %v", err)
	}
	if !strings.Contains(rpage, `data-testid="receipt-proof"`) {
		t.Error("the receipt page does not say how to check it")
	}

	cases := []struct {
		name string
		form url.Values
		code string
	}{
		{"replayed form", form, "stale"},
		{"purpose that cannot be refused", url.Values{"purpose": {"search"}, "state": {"refused"}, "shown": {""}}, "fixed"},
		{"purpose of another brand", url.Values{"purpose": {"credit-decisions"}, "state": {"refused"}, "shown": {""}}, "unknown"},
		{"nonsense state", url.Values{"purpose": {"recommendations"}, "state": {"maybe"}, "shown": {"refused"}}, "unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := historyCount(t, s, seed.BrandMaison, seed.CamilleID)
			status, loc := postForm(t, c, page, ts.URL+"/me/consents", tc.form)
			if status != http.StatusSeeOther || !strings.HasSuffix(loc, "error="+tc.code+"#notice") {
				t.Fatalf("got %d %q, want error=%s, with the focus on the notice", status, loc, tc.code)
			}
			if got := historyCount(t, s, seed.BrandMaison, seed.CamilleID); got != n {
				t.Fatalf("a refused change was recorded")
			}
			_, _, body := get(t, c, ts.URL+loc)
			if !strings.Contains(body, `role="alert"`) {
				t.Error("the refusal is not explained")
			}
		})
	}
	// Without the CSRF token nothing happens.
	resp, _ := c.PostForm(ts.URL+"/me/consents", url.Values{"purpose": {"recommendations"}, "state": {"granted"}, "shown": {"refused"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("form without CSRF token: %d, want 403", resp.StatusCode)
	}
}

func TestTrainingVersionStory(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	// Camille refused training mid-year, between two monthly runs: later versions leave her data out.
	_, _, body := get(t, c, ts.URL+"/me/systems/product-recommender?lang=en")
	if !strings.Contains(body, "learned from your data") || !strings.Contains(body, "did not learn from your data") {
		t.Fatal("the system page does not tell versions that learned from Camille from those that did not")
	}
	if !regexp.MustCompile(`Since version \d+, new versions are made without your data`).MatchString(body) {
		t.Error("no sentence saying from which version Camille's data is left out")
	}
	// Say yes again, then no today: the current version learned before, so the exclusion is pending.
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	reg, _ := s.DB.Registry(ctx, b.ID)
	tp := reg.PurposeBySlug["model-training"]
	if _, err := s.DB.ChangeConsent(ctx, store.ConsentChange{CustomerID: cust.ID, PurposeID: tp.ID, State: store.ConsentGranted, Method: "web", At: testNow.Add(-time.Hour)}, store.ConsentRefused); err != nil {
		t.Fatal(err)
	}
	status, loc := postForm(t, c, ts.URL+"/me/consents?lang=en", ts.URL+"/me/consents", url.Values{"purpose": {"model-training"}, "state": {"refused"}, "shown": {"granted"}})
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
		t.Fatalf("refuse training: %d %q", status, loc)
	}
	_, _, body = get(t, c, ts.URL+"/me/systems/product-recommender?lang=en")
	if !strings.Contains(body, `data-testid="pending-exclusion"`) || !strings.Contains(body, "will be made without it") {
		t.Fatal("no pending-exclusion story after refusing training today")
	}
}

func TestExportsHoldEverythingThePageShows(t *testing.T) {
	s, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	var events int
	s.DB.Reader().QueryRow(`SELECT count(*) FROM usage_events WHERE customer_id = ?`, cust.ID).Scan(&events)
	hist, _ := s.DB.ConsentHistory(ctx, cust.ID, 0)

	status, h, raw := get(t, c, ts.URL+"/me/export.json")
	if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export.json: %d", status)
	}
	var x struct {
		Customer       map[string]string `json:"customer"`
		Purposes       []map[string]any  `json:"purposes"`
		DataCategories []map[string]any  `json:"data_categories"`
		Consents       []map[string]any  `json:"consent_history"`
		Events         []map[string]any  `json:"events"`
	}
	if err := json.Unmarshal([]byte(raw), &x); err != nil {
		t.Fatalf("export.json does not parse: %v", err)
	}
	if len(x.Events) != events || len(x.Consents) != len(hist) || x.Customer["external_id"] != seed.CamilleID {
		t.Fatalf("export.json has %d events and %d choices, want %d and %d", len(x.Events), len(x.Consents), events, len(hist))
	}
	for _, p := range x.Purposes {
		if p["dpv_legal_basis"] == "" || p["dpv_legal_basis"] == nil {
			t.Errorf("purpose %v lacks its DPV legal basis", p["slug"])
		}
	}
	for _, d := range x.DataCategories {
		if term, _ := d["dpv_category"].(string); !vocab.DPVPersonalData.Has(term) && term != "dpv:PersonalData" {
			t.Errorf("category %v has %q, not a DPV personal data term", d["slug"], term)
		}
	}
	if x.Events[0]["sentence"] == "" {
		t.Error("exported events lack their sentence")
	}

	status, _, raw = get(t, c, ts.URL+"/me/export.csv")
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if status != 200 || err != nil {
		t.Fatalf("export.csv: %d %v", status, err)
	}
	if len(rows) != 1+events+len(hist) {
		t.Fatalf("export.csv has %d rows, want %d", len(rows), 1+events+len(hist))
	}
}

func TestHumanReviewRequest(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	sam, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.SamID)
	reviews, _ := s.DB.CustomerReviews(ctx, sam.ID)
	asked := map[int64]bool{}
	for _, r := range reviews {
		asked[r.EventID] = true
	}
	page, _ := s.DB.Events(ctx, sam.ID, store.EventFilter{Action: store.ActionDecision}, store.Cursor{}, 50)
	var decision store.Event
	for _, e := range page.Events {
		if !asked[e.ID] {
			decision = e
			break
		}
	}
	if decision.ID == 0 {
		t.Fatal("Sam has no decision without a review request")
	}
	reg, _ := s.DB.Registry(ctx, b.ID)
	sysPage := ts.URL + "/me/systems/" + reg.Systems[decision.SystemID].Slug + "?lang=en"
	c := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	_, _, body := get(t, c, sysPage)
	if !strings.Contains(body, `data-testid="decision-section"`) || !strings.Contains(body, `data-testid="review-button"`) {
		t.Fatal("Sam's decision has no way to ask for a human review")
	}
	form := url.Values{"event": {itoa64(decision.ID)}, "message": {"My income went up last month."}}
	status, loc := postForm(t, c, sysPage, ts.URL+"/me/reviews", form)
	if status != http.StatusSeeOther || !strings.Contains(loc, "review=asked") {
		t.Fatalf("review request: %d %q", status, loc)
	}
	if _, loc = postForm(t, c, sysPage, ts.URL+"/me/reviews", form); !strings.Contains(loc, "review=again") {
		t.Fatalf("second request: %q", loc)
	}
	queue, _ := s.DB.ReviewQueue(ctx, b.ID, store.ReviewPending, 100)
	found := false
	for _, r := range queue {
		found = found || (r.EventID == decision.ID && r.Message == "My income went up last month.")
	}
	if !found {
		t.Fatal("the request is not in the brand's review queue")
	}
	// Camille cannot ask for a review of Sam's decision.
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	status, _ = postForm(t, camille, ts.URL+"/me/consents", ts.URL+"/me/reviews", url.Values{"event": {itoa64(decision.ID)}})
	if status != http.StatusNotFound {
		t.Fatalf("Camille asking about Sam's decision: %d, want 404", status)
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
