package handlers

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vitrine/plain"
	"vitrine/seed"
	"vitrine/store"
)

// samDecisions returns Sam's credit-limit decisions, oldest first, from a server's database.
func samDecisions(t *testing.T, s *Server) (store.Brand, store.Customer, []store.Event) {
	t.Helper()
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	sam, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.SamID)
	reg, _ := s.DB.Registry(ctx, b.ID)
	page, err := s.DB.Events(ctx, sam.ID, store.EventFilter{SystemID: reg.SystemBySlug["credit-limit"].ID, Action: store.ActionDecision}, store.Cursor{}, 50)
	if err != nil || len(page.Events) < 4 {
		t.Fatalf("Sam's credit decisions: %d, %v", len(page.Events), err)
	}
	ev := page.Events
	for i, j := 0, len(ev)-1; i < j; i, j = i+1, j-1 {
		ev[i], ev[j] = ev[j], ev[i]
	}
	return b, sam, ev
}

// TestDecisionPageExplainsWhatCounted: the page of a decision sent with factors tells, in the customer's language,
// how the system decides, each factor with its direction and source, and what would have changed it; a decision
// sent without factors says so plainly. Both are reached from the system page.
func TestDecisionPageExplainsWhatCounted(t *testing.T) {
	s, ts := newTestServer(t)
	_, _, ev := samDecisions(t, s)
	application, kept := ev[0], ev[2] // the first came without factors; the third with two and a what-if
	c := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	_, _, sys := get(t, c, ts.URL+"/me/systems/credit-limit?lang=en")
	if !strings.Contains(sys, `href="/me/decisions/`+itoa64(kept.ID)+`"`) {
		t.Fatal("the system page does not link to the decision's own page")
	}
	for _, tc := range []struct {
		lang, event string
		id          int64
		want        []string
		factors     int
	}{
		{"en", "kept", kept.ID, []string{"How Credit limit decisions decides", "It starts from your income over the last 12 months.",
			"Your regular income over 12 months", "It pushed the result up. It counted a lot. It comes from your income and repayment record.",
			"Two late payments in 2025", "It pushed the result down.",
			`If "Late payments in the last 12 months" had been 0, the result would have been: a limit of £3,000`}, 2},
		{"fr", "kept", kept.ID, []string{"Comment Décisions de plafond de crédit décide", "Vos revenus réguliers sur 12 mois",
			"Cela a fait monter le résultat.", "Deux retards de paiement en 2025",
			"Si «\u00a0Retards de paiement des 12 derniers mois\u00a0» avait été 0, le résultat aurait été\u00a0: un plafond de 3 000 £"}, 2},
		{"en", "application", application.ID, []string{"Northwind Bank did not tell us what counted in this decision.",
			"Northwind Bank did not say what would have changed this decision."}, 0},
		{"fr", "application", application.ID, []string{"Northwind Bank ne nous a pas dit ce qui a compté dans cette décision."}, 0},
	} {
		t.Run(tc.lang+"/"+tc.event, func(t *testing.T) {
			status, _, body := get(t, c, ts.URL+"/me/decisions/"+itoa64(tc.id)+"?lang="+tc.lang)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			text := html.UnescapeString(body)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("the page does not say %q", w)
				}
			}
			if n := strings.Count(body, `data-testid="factor"`); n != tc.factors {
				t.Errorf("%d factors shown, want %d", n, tc.factors)
			}
			assertNoRawText(t, "decision page", body)
		})
	}
}

// TestDecisionPageIsTheCustomersOwn: another customer's decision and an event that is not a decision are 404s.
func TestDecisionPageIsTheCustomersOwn(t *testing.T) {
	s, ts := newTestServer(t)
	_, sam, ev := samDecisions(t, s)
	ctx := context.Background()
	other, _ := s.DB.Events(ctx, sam.ID, store.EventFilter{Action: store.ActionInference}, store.Cursor{}, 1)
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	if status, _, _ := get(t, camille, ts.URL+"/me/decisions/"+itoa64(ev[1].ID)); status != http.StatusNotFound {
		t.Errorf("Camille opening Sam's decision: %d, want 404", status)
	}
	c := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	for _, path := range []string{"/me/decisions/abc", "/me/decisions/0"} {
		if status, _, _ := get(t, c, ts.URL+path); status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, status)
		}
	}
	if len(other.Events) == 1 {
		if status, _, _ := get(t, c, ts.URL+"/me/decisions/"+itoa64(other.Events[0].ID)); status != http.StatusNotFound {
			t.Errorf("an inference's decision page: %d, want 404", status)
		}
	}
}

// TestDecisionRequestsAreTrackedWithADeadline: a customer gives their point of view and contests a decision from
// its page; each is stored once with a deadline a month later, shown on the page, and reaches the staff queue
// with the explanation the customer read. A point of view without words is refused and stores nothing.
func TestDecisionRequestsAreTrackedWithADeadline(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	b, sam, ev := samDecisions(t, s)
	d := ev[len(ev)-1] // the latest review, sent with three factors
	page := ts.URL + "/me/decisions/" + itoa64(d.ID) + "?lang=en"
	c := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	send := func(kind, msg string) string {
		t.Helper()
		status, loc := postForm(t, c, page, ts.URL+"/me/reviews", url.Values{"event": {itoa64(d.ID)}, "kind": {kind}, "message": {msg}, "from": {"decision"}})
		if status != http.StatusSeeOther {
			t.Fatalf("%s: status %d", kind, status)
		}
		return loc
	}
	if loc := send(store.KindPointOfView, "   "); !strings.Contains(loc, "sent=empty") {
		t.Errorf("an empty point of view: redirected to %q, want sent=empty", loc)
	}
	if rs, _ := s.DB.CustomerReviews(ctx, sam.ID); len(rs) != countKind(rs, store.KindReview) {
		t.Fatal("an empty point of view was stored")
	}
	if loc := send(store.KindPointOfView, "I paid late because your app was down."); !strings.HasPrefix(loc, "/me/decisions/"+itoa64(d.ID)+"?sent=ok") {
		t.Errorf("point of view: redirected to %q", loc)
	}
	if loc := send(store.KindContest, "My income is higher than you think."); !strings.Contains(loc, "sent=ok") {
		t.Errorf("contest: redirected to %q", loc)
	}
	if loc := send(store.KindContest, "Again."); !strings.Contains(loc, "sent=again") {
		t.Errorf("a second contest: redirected to %q, want sent=again", loc)
	}
	if status, _ := postForm(t, c, page, ts.URL+"/me/reviews", url.Values{"event": {itoa64(d.ID)}, "kind": {"complain"}, "message": {"x"}}); status != http.StatusBadRequest {
		t.Errorf("an unknown kind: status %d, want 400", status)
	}
	rs, _ := s.DB.CustomerReviews(ctx, sam.ID)
	var contest store.ReviewRequest
	for _, r := range rs {
		if r.EventID == d.ID && r.Kind == store.KindContest {
			contest = r
		}
	}
	if contest.ID == 0 || !contest.DueAt.Equal(contest.CreatedAt.AddDate(0, 1, 0)) {
		t.Fatalf("contest stored as %+v, want due a month after it was made", contest)
	}
	l := plain.New("en", b.Location())
	_, _, body := get(t, c, page)
	want := "You sent this on " + l.Date(contest.CreatedAt) + ". Northwind Bank must answer by " + l.Date(contest.DueAt) + "."
	if text := html.UnescapeString(body); strings.Count(text, want) != 2 || !strings.Contains(text, "My income is higher than you think.") {
		t.Errorf("the page does not show both requests with their deadline (%q)", want)
	}
	if strings.Contains(body, `data-testid="send-contest"`) || !strings.Contains(body, `data-testid="send-review"`) {
		t.Error("the page offers to contest again, or no longer offers a review")
	}

	staff := staffSignIn(t, ts, "support@northwind-bank.example")
	_, _, queue := get(t, staff, ts.URL+"/staff/reviews?lang=en")
	text := html.UnescapeString(queue)
	for _, w := range []string{"Contests the decision", "Gives their point of view", "Answer by " + l.Date(contest.DueAt),
		"Your regular income over 12 months", "With no late payment in the last 12 months the limit would have been £4,000."} {
		if !strings.Contains(text, w) {
			t.Errorf("the staff queue does not say %q", w)
		}
	}
}

func countKind(rs []store.ReviewRequest, kind string) int {
	n := 0
	for _, r := range rs {
		if r.Kind == kind {
			n++
		}
	}
	return n
}
