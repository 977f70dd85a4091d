package handlers

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// apiCall sends a JSON request with an API key and decodes the answer into out (when not nil).
func apiCall(t *testing.T, method, u, key, body string, out any) (int, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, u, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode, resp.Header
}

// TestRightsRequests follows Camille asking Maison Lumière to delete her data and to pause its use: the page
// explains each choice with its deadline, one open request per kind, CSRF, the staff queue (support sees, privacy
// answers), the notice at her next visit, late requests flagged, the API, the feed, and her export.
func TestRightsRequests(t *testing.T) {
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	at := func(d time.Duration) { clock.Store(testNow.Add(d).Unix()) }
	s, ts := newIsolatedServer(t, func(s *Server) { s.DB.SetClock(func() time.Time { return time.Unix(clock.Load(), 0) }) })
	ctx := context.Background()
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	page := ts.URL + "/me/rights?lang=en"

	// 29 Nov 2026 at 13:00 in Paris: one month later is 29 Dec.
	_, _, body := get(t, camille, page)
	for _, want := range []string{"Delete my data", "Pause the use of my data", "Stop using my data", "If you ask today, Maison Lumière must answer you by 29 Dec 2026."} {
		if !strings.Contains(body, want) {
			t.Errorf("the rights page lacks %q", want)
		}
	}
	assertNoRawText(t, "/me/rights", body)

	// A forged form (no CSRF token) is refused and records nothing.
	if resp, err := camille.PostForm(ts.URL+"/me/rights", url.Values{"kind": {"erase"}}); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("request without CSRF token: %v %v, want 403", resp.StatusCode, err)
	}
	cust := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	if rs, _ := s.DB.CustomerRights(ctx, maison.ID, cust); len(rs) != 0 {
		t.Fatalf("a forged form opened %d requests", len(rs))
	}

	for _, tc := range []struct {
		kind, message, want string
	}{
		{"erase", "Please delete my account and my orders.", "rights=asked"},
		{"erase", "Again", "rights=again"}, // one open request of a kind at a time
		{"forget", "", "rights=kind"},
		{"restrict", strings.Repeat("a", 1001), "rights=long"},
		{"restrict", "", "rights=asked"},
	} {
		status, loc := postForm(t, camille, page, ts.URL+"/me/rights", url.Values{"kind": {tc.kind}, "message": {tc.message}})
		if status != http.StatusSeeOther || !strings.Contains(loc, tc.want) {
			t.Fatalf("%s request: status %d location %q, want %s", tc.kind, status, loc, tc.want)
		}
	}
	rs, err := s.DB.CustomerRights(ctx, maison.ID, cust)
	if err != nil || len(rs) != 2 {
		t.Fatalf("Camille's requests: %d %v, want 2", len(rs), err)
	}
	restrict, erase := rs[0], rs[1]
	if erase.Kind != store.RightsErase || erase.DueDate != "2026-12-29" || erase.Method != "web" {
		t.Fatalf("erase request %+v", erase)
	}
	_, _, body = get(t, camille, page+"&rights=asked")
	for _, want := range []string{"Your request is sent.", "Your request to delete your data", "Maison Lumière must answer by 29 Dec 2026.", "Please delete my account and my orders.", "You already asked."} {
		if !strings.Contains(body, want) {
			t.Errorf("after asking, the rights page lacks %q", want)
		}
	}
	assertNoRawText(t, "/me/rights after asking", body)

	// Support sees the queue but cannot answer; privacy answers.
	support := staffSignIn(t, ts, supportA)
	_, _, body = get(t, support, ts.URL+"/staff/rights", "Accept-Language", "en")
	if !strings.Contains(body, "Camille") || !strings.Contains(body, "Please delete my account") || strings.Contains(body, `name="status"`) {
		t.Fatalf("the support queue does not list Camille's request, or offers to answer it")
	}
	action := ts.URL + "/staff/rights/" + strconv.FormatInt(erase.ID, 10)
	if status, _, _ := staffSubmit(t, support, ts.URL+"/staff/rights", action, url.Values{"status": {"done"}, "note": {"Done."}}); status != http.StatusForbidden {
		t.Fatalf("support answering: status %d, want 403", status)
	}
	at(time.Hour)
	privacy := staffSignIn(t, ts, privacyA)
	for _, tc := range []struct {
		fields url.Values
		status int
		want   string
	}{
		{url.Values{"status": {"done"}, "note": {" "}}, http.StatusUnprocessableEntity, "Write the answer or reason the customer will read."},
		{url.Values{"status": {"extended"}, "note": {"Backups"}, "due_date": {"2027-06-01"}}, http.StatusUnprocessableEntity, "at most three months"},
		{url.Values{"status": {"in_progress"}}, http.StatusSeeOther, "/staff/rights?done="},
		{url.Values{"status": {"done"}, "note": {"We deleted your account and your orders."}}, http.StatusSeeOther, "/staff/rights?done="},
		{url.Values{"status": {"refused"}, "note": {"No"}}, http.StatusSeeOther, "/staff/rights?gone=1"},
	} {
		status, loc, body := staffSubmit(t, privacy, ts.URL+"/staff/rights", action, tc.fields)
		if status != tc.status || !strings.Contains(loc+body, tc.want) {
			t.Fatalf("privacy answer %v: status %d location %q, want %d with %q", tc.fields, status, loc, tc.status, tc.want)
		}
	}

	// At her next visit, Camille's overview says Maison Lumière answered; once seen, a reload or a later visit
	// does not say it again (the answer stays on her rights page).
	at(2 * time.Hour)
	notice := "Maison Lumière answered your request to delete your data."
	anchor := "/me/rights#request-" + strconv.FormatInt(erase.ID, 10)
	for _, step := range []struct {
		after time.Duration
		shown bool
	}{{2 * time.Hour, true}, {2*time.Hour + 10*time.Minute, false}, {5 * time.Hour, false}} {
		at(step.after)
		camille = signIn(t, ts, seed.BrandMaison, seed.CamilleID) // sessions last an hour; the visit is the customer's
		_, _, body = get(t, camille, ts.URL+"/me?lang=en")
		if strings.Contains(body, notice) != step.shown || (step.shown && !strings.Contains(body, anchor)) {
			t.Errorf("overview at +%s: notice shown %v, want %v", step.after, !step.shown, step.shown)
		}
	}
	_, _, body = get(t, camille, page)
	if !strings.Contains(body, "We deleted your account and your orders.") || !strings.Contains(body, "Maison Lumière did what you asked.") {
		t.Error("the rights page does not show the answer and its step")
	}

	// 40 days on, the restrict request is late: flagged to the privacy team, first in the queue, counted.
	at(40 * 24 * time.Hour)
	privacy = staffSignIn(t, ts, privacyA)
	camille = signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, body = get(t, privacy, ts.URL+"/staff/rights", "Accept-Language", "en")
	if !strings.Contains(body, "Late. The deadline has passed.") {
		t.Error("the queue does not flag the late request")
	}
	_, _, body = get(t, privacy, ts.URL+"/admin", "Accept-Language", "en")
	if !strings.Contains(body, "Data requests past their deadline: 1") {
		t.Error("the admin overview does not count the late request")
	}
	_, _, body = get(t, camille, page)
	if !strings.Contains(body, "Maison Lumière is late.") {
		t.Error("Camille is not told the brand is late")
	}

	// The API lists and answers, for the brand's own case system; another brand's key gets 404.
	key := apiKey(t, s, seed.BrandMaison)
	var list rightsAPIList
	if status, _ := apiCall(t, http.MethodGet, ts.URL+"/api/v1/rights-requests?status=overdue", key, "", &list); status != http.StatusOK ||
		len(list.Requests) != 1 || list.Requests[0].ID != restrict.ID || !list.Requests[0].Overdue || list.Requests[0].Customer != seed.CamilleID {
		t.Fatalf("overdue list: %d %+v", status, list)
	}
	if status, _ := apiCall(t, http.MethodGet, ts.URL+"/api/v1/rights-requests?status=done", key, "", &list); status != http.StatusOK ||
		len(list.Requests) != 1 || list.Requests[0].Answer != "We deleted your account and your orders." || len(list.Requests[0].History) != 3 {
		t.Fatalf("done list: %d %+v", status, list)
	}
	if status, h := apiCall(t, http.MethodGet, ts.URL+"/api/v1/rights-requests?status=late", key, "", nil); status != http.StatusBadRequest ||
		h.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("unknown filter: %d %s", status, h.Get("Content-Type"))
	}
	one := ts.URL + "/api/v1/rights-requests/" + strconv.FormatInt(restrict.ID, 10)
	other := apiKey(t, s, seed.BrandNorthwind)
	for _, tc := range []struct {
		key, body string
		status    int
	}{
		{other, `{"status":"in_progress"}`, http.StatusNotFound},
		{key, `{"status":"paused"}`, http.StatusUnprocessableEntity},
		{key, `{"status":"extended","answer":"We need to check with our partners.","deadline":"2027-03-29"}`, http.StatusUnprocessableEntity},
		{key, `not json`, http.StatusBadRequest},
		{key, `{"status":"extended","answer":"We need to check with our partners.","lang":"en","deadline":"2027-01-29"}`, http.StatusOK},
	} {
		var got rightsAPIItem
		var out any = &got
		if tc.status != http.StatusOK {
			out = nil
		}
		status, h := apiCall(t, http.MethodPost, one, tc.key, tc.body, out)
		if status != tc.status {
			t.Fatalf("POST %s: status %d, want %d", tc.body, status, tc.status)
		}
		if status >= 400 && h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("POST %s: %s, want a problem", tc.body, h.Get("Content-Type"))
		}
		if status == http.StatusOK && (got.Status != store.RightsExtended || got.Deadline != "2027-01-29" || got.Overdue) {
			t.Errorf("extended: %+v", got)
		}
	}
	northwind := staffSignIn(t, ts, "privacy@northwind-bank.example")
	if status, _, _ := staffSubmit(t, northwind, ts.URL+"/staff/rights", one[:len(ts.URL)]+"/staff/rights/"+strconv.FormatInt(restrict.ID, 10),
		url.Values{"status": {"done"}, "note": {"Done for you."}}); status != http.StatusNotFound {
		t.Errorf("another brand's staff answering: status %d, want 404", status)
	}

	// The feed holds each opening and each step, in order.
	chs, err := s.DB.Changes(ctx, maison.ID, 0, []string{store.ChangeRightsOpened, store.ChangeRightsUpdated}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ch := range chs {
		var d store.RightsChangeData
		json.Unmarshal(ch.Data, &d)
		got = append(got, ch.Type+" "+d.Kind+" "+d.Status)
	}
	want := "rights_request.opened erase received|rights_request.opened restrict received|rights_request.updated erase in_progress|" +
		"rights_request.updated erase done|rights_request.updated restrict extended"
	if strings.Join(got, "|") != want {
		t.Errorf("feed %q, want %q", strings.Join(got, "|"), want)
	}

	// Her export holds both requests with their history.
	_, _, body = get(t, camille, ts.URL+"/me/export.json")
	var export struct {
		Rights []rightsAPIItem `json:"rights_requests"`
	}
	if err := json.Unmarshal([]byte(body), &export); err != nil || len(export.Rights) != 2 || export.Rights[0].Deadline != "2027-01-29" || len(export.Rights[1].History) != 3 {
		t.Fatalf("export rights: %+v %v", export.Rights, err)
	}
}

// TestReviewAnswerIsToldAtTheNextVisit: when the brand answers Sam's review request, his overview says so at his
// next visit, linking to the decision; the visit after does not repeat it.
func TestReviewAnswerIsToldAtTheNextVisit(t *testing.T) {
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	s, ts := newIsolatedServer(t, func(s *Server) { s.DB.SetClock(func() time.Time { return time.Unix(clock.Load(), 0) }) })
	ctx := context.Background()
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	queue, err := s.DB.ReviewQueue(ctx, brand.ID, store.ReviewPending, 10)
	if err != nil || len(queue) == 0 {
		t.Fatalf("no pending review in the seed: %v", err)
	}
	notice := "Northwind Bank answered your request to check a decision."
	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	if _, _, body := get(t, sam, ts.URL+"/me?lang=en"); strings.Contains(body, notice) {
		t.Fatal("the notice shows before any answer")
	}
	clock.Store(testNow.Add(time.Hour).Unix())
	if err := s.DB.ResolveReview(ctx, brand.ID, queue[0].ID, "api", "A person checked it and kept the decision.", "en", s.now()); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		after time.Duration
		shown bool
	}{{3 * time.Hour, true}, {6 * time.Hour, false}} {
		clock.Store(testNow.Add(step.after).Unix())
		sam = signIn(t, ts, seed.BrandNorthwind, seed.SamID)
		_, _, body := get(t, sam, ts.URL+"/me?lang=en")
		if strings.Contains(body, notice) != step.shown || (step.shown && !strings.Contains(body, "#decisions")) {
			t.Errorf("overview at +%s: notice shown %v, want %v", step.after, !step.shown, step.shown)
		}
	}
}
