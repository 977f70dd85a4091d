package handlers

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
	"vitrine/webhook"
)

// TestBrowserRefusingTrainingReachesTheBrand is the loop closed end to end: Camille refuses model training on her
// page in a real browser; the brand's webhook receiver gets the change, signed with its endpoint's secret, within
// seconds, from a dispatcher running as `vitrine serve` runs it; the feed lists the same change; and the list of
// customers to leave out of training names her.
func TestBrowserRefusingTrainingReachesTheBrand(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.InsecureWebhooks = true })
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	reg, _ := s.DB.Registry(ctx, b.ID)
	if _, err := s.DB.RecordConsent(ctx, store.ConsentChange{CustomerID: cust.ID, PurposeID: reg.PurposeBySlug["model-training"].ID,
		State: store.ConsentGranted, Method: "web", At: testNow.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}

	type received struct {
		header http.Header
		body   []byte
	}
	got := make(chan received, 4)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- received{r.Header.Clone(), body}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rcv.Close)
	ep, err := s.DB.CreateWebhookEndpoint(ctx, b.ID, rcv.URL+"/vitrine", "training pipeline", []string{store.ChangeConsent}, s.now())
	if err != nil {
		t.Fatal(err)
	}
	d := &webhook.Dispatcher{DB: s.DB, Client: webhook.Client(5*time.Second, true)}
	d.Attach()
	s.Webhooks = d
	dctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); d.Run(dctx) }()
	t.Cleanup(func() { stop(); wg.Wait() })

	bctx, errs := browser(t)
	link := ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	if err := chromedp.Do(bctx, chromedp.Navigate(link), chromedp.Navigate(ts.URL+"/me/consents?lang=en"), chromedp.WaitReady("main"),
		chromedp.Click(`[data-testid="consent-model-training"] [data-testid="consent-button"]`),
		chromedp.WaitVisible(`[data-testid="notice"]`)); err != nil {
		t.Fatalf("refuse training in the browser: %v", err)
	}
	var msg received
	select {
	case msg = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook within 10 s of the click")
	}
	h := msg.header
	if err := webhook.Verify(ep.Secret, h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature"), msg.body, 5*time.Minute, testNow); err != nil {
		t.Fatalf("the webhook does not verify with the endpoint's secret: %v", err)
	}
	var payload struct {
		ID   string
		Type string
		Data store.ConsentChangeData
	}
	if err := json.Unmarshal(msg.body, &payload); err != nil {
		t.Fatal(err)
	}
	if payload.Type != store.ChangeConsent || payload.Data.Customer != seed.CamilleID || payload.Data.Purpose != "model-training" ||
		payload.Data.Meaning != "withdrawn" || payload.Data.Method != "web" || payload.ID != h.Get("webhook-id") {
		t.Fatalf("webhook = %+v (webhook-id %s)", payload, h.Get("webhook-id"))
	}

	key := apiKey(t, s, seed.BrandMaison)
	api := func(path string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", path, resp.StatusCode, body)
		}
		return string(body)
	}
	if feed := api("/api/v1/changes?types=consent.changed&limit=100"); !strings.Contains(feed, `"id":"`+payload.ID+`"`) {
		t.Errorf("the feed does not list the change the webhook carried (%s):\n%.800s", payload.ID, feed)
	}
	excluded := api("/api/v1/purposes/model-training/excluded")
	if !strings.Contains(excluded, `{"customer":"`+seed.CamilleID+`","reason":"withdrawn"`) {
		t.Errorf("the training exclusion list does not name Camille as withdrawn:\n%.800s", excluded)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
