package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

// secondServer serves the same database as s through a store handle of its own, as another vitrine process
// behind the same load balancer would: its own memos, registry cache and statements.
func secondServer(t *testing.T, s *Server) (*Server, *httptest.Server) {
	t.Helper()
	db, err := store.Open(context.Background(), s.DB.Path(), store.WithClock(s.DB.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s2 := &Server{DB: db, Log: testLog(), SessionTTL: time.Hour}
	ts := httptest.NewServer(validateAPI(t, New(s2)))
	s2.BaseURL = ts.URL
	serverDBs.Store(ts.URL, db)
	t.Cleanup(ts.Close)
	return s2, ts
}

// TestTwoServersServeOneCustomerConsistently runs two servers on one database, as behind a load balancer (on
// PostgreSQL in the PostgreSQL run; on SQLite two processes share the file the same way): a page read from one
// after a change made through the other shows the change, however warm the first one's memos were; a link works
// once across both; a registry change made through one is seen by the other; 8 copies of a batch sent to both at
// once count once.
func TestTwoServersServeOneCustomerConsistently(t *testing.T) {
	a, tsA := newIsolatedServer(t, nil)
	_, tsB := secondServer(t, a)
	ctx := context.Background()
	brand, _ := a.DB.BrandBySlug(ctx, seed.BrandMaison)

	// One session, pages from either server: A's memos are warm, B makes the change, A shows it at once.
	c := signIn(t, tsA, seed.BrandMaison, seed.CamilleID)
	state := func(ts *httptest.Server) string {
		_, _, body := get(t, c, ts.URL+"/me/consents?lang=en")
		i := strings.Index(body, `data-testid="consent-model-training"`)
		j := strings.Index(body[i:], `data-state="`)
		return body[i+j+12 : i+j+12+strings.Index(body[i+j+12:], `"`)]
	}
	before := state(tsA)
	state(tsA) // from A's memo
	target := map[string]string{"granted": "refused", "refused": "granted", "": "granted"}[before]
	status, _ := postForm(t, c, tsB.URL+"/me/consents", tsB.URL+"/me/consents",
		url.Values{"purpose": {"model-training"}, "state": {target}, "shown": {before}})
	if status != http.StatusSeeOther {
		t.Fatalf("consent change through B: %d", status)
	}
	if got := state(tsA); got != target {
		t.Errorf("A shows %q after B changed the consent to %q", got, target)
	}

	// A single-use link opened on A is refused on B.
	link := mintIn(t, a.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	if resp, err := client(t).Get(tsA.URL + "/s/" + link); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("link on A: %v %v", resp, err)
	}
	if status, _, body := get(t, client(t), tsB.URL+"/s/"+link); status != http.StatusUnauthorized || !strings.Contains(body, "Ce lien a déjà servi") {
		t.Errorf("the same link on B: status %d", status)
	}

	// A registry change made through A (B's cache already holds the registry) is seen by B.
	_, _, page := get(t, c, tsB.URL+"/me/systems/product-recommender?lang=en")
	if !strings.Contains(page, "Product recommendations") {
		t.Fatal("B does not name the system")
	}
	reg, _ := a.DB.Registry(ctx, brand.ID)
	sys := *reg.SystemBySlug["product-recommender"]
	sys.Texts = map[string]store.SystemText{"en": {Name: "Suggestions for you", What: sys.Texts["en"].What, How: sys.Texts["en"].How}}
	if _, err := a.DB.SaveSystemAs(ctx, "privacy@maison-lumiere.example", sys, false, a.DB.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, page = get(t, c, tsB.URL+"/me/systems/product-recommender?lang=en"); !strings.Contains(page, "Suggestions for you") {
		t.Error("B still names the system as before A changed it")
	}

	// Events sent to B are counted by A's next page (its memo was warm).
	count := func() string {
		_, _, body := get(t, c, tsA.URL+"/me")
		m := dataEventsRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no summary count on /me")
		}
		return m[1]
	}
	n0 := count()
	var evs []map[string]any
	for i := range 40 {
		evs = append(evs, event(fmt.Sprintf("two-%d", i), map[string]any{"occurred_at": testNow.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)}))
	}
	body := batch(evs...)
	key := apiKey(t, a, seed.BrandMaison)
	// 8 copies of the batch at once, half to each server: exactly one counts.
	var wg sync.WaitGroup
	answers := make([]answer, 8)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := tsA
			if i%2 == 1 {
				ts = tsB
			}
			status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", body)
			if status != http.StatusOK {
				t.Errorf("copy %d: status %d: %s", i, status, raw)
				return
			}
			answers[i] = decodeAnswer(t, raw)
		}()
	}
	wg.Wait()
	accepted, dup := 0, 0
	for _, r := range answers {
		accepted += r.Accepted
		dup += r.Duplicates
	}
	if accepted != 40 || dup != 7*40 {
		t.Fatalf("8 copies on two servers: %d accepted, %d duplicates; want 40 and 280", accepted, dup)
	}
	if err := a.DB.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
	var was, now int
	fmt.Sscan(n0, &was)
	fmt.Sscan(count(), &now)
	if now != was+40 {
		t.Errorf("A counts %d uses after 40 new ones sent to both servers, had %d", now, was)
	}
}
