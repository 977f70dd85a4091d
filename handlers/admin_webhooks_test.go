package handlers

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/webhook"
)

// hookReceiver is a brand's webhook endpoint that keeps what it receives.
type hookReceiver struct {
	mu     sync.Mutex
	bodies []string
	heads  []http.Header
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.bodies = append(h.bodies, string(b))
	h.heads = append(h.heads, r.Header.Clone())
	h.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (h *hookReceiver) all() ([]string, []http.Header) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...), append([]http.Header(nil), h.heads...)
}

// dispatchOnce runs one round of a webhook dispatcher on the server's database and waits for its sends.
func dispatchOnce(s *Server) {
	d := &webhook.Dispatcher{DB: s.DB, Client: webhook.Client(5*time.Second, true)}
	var wg sync.WaitGroup
	d.Step(context.Background(), make(chan struct{}, 4), &wg)
	wg.Wait()
}

var webhookSecretRe = regexp.MustCompile(`data-testid="webhook-secret">(whsec_[^<]+)<`)

// TestWebhookFromAdminFormToSignedDelivery: an admin adds an endpoint and reads its secret once; Camille then
// refuses training on her page, and the endpoint receives that change signed with the secret; the delivery log
// says so; a test message and a replay arrive too.
func TestWebhookFromAdminFormToSignedDelivery(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.InsecureWebhooks = true })
	rcv := &hookReceiver{}
	hook := httptest.NewServer(rcv)
	t.Cleanup(hook.Close)
	admin := staffSignIn(t, ts, adminA)

	status, _, body := staffSubmit(t, admin, ts.URL+"/admin/webhooks", ts.URL+"/admin/webhooks",
		url.Values{"url": {hook.URL + "/vitrine"}, "events": {store.ChangeConsent}, "description": {"training pipeline"}})
	m := webhookSecretRe.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("add webhook: status %d, secret shown: %v; page %.400s", status, m != nil, body)
	}
	secret := m[1]
	_, _, list := get(t, admin, ts.URL+"/admin/webhooks", "Accept-Language", "en")
	if strings.Contains(list, secret) || !strings.Contains(list, hook.URL+"/vitrine") {
		t.Fatal("the list must show the endpoint and never its secret again")
	}

	// Camille refuses model training on her consent page.
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	reg, _ := s.DB.Registry(ctx, b.ID)
	if _, err := s.DB.RecordConsent(ctx, store.ConsentChange{CustomerID: cust.ID, PurposeID: reg.PurposeBySlug["model-training"].ID, State: store.ConsentGranted, Method: "web", At: testNow.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	if status, _ := postForm(t, camille, ts.URL+"/me/consents?lang=en", ts.URL+"/me/consents", url.Values{"purpose": {"model-training"}, "state": {"refused"}, "shown": {"granted"}}); status != http.StatusSeeOther {
		t.Fatalf("refuse training: status %d", status)
	}
	dispatchOnce(s)
	bodies, heads := rcv.all()
	// The endpoint subscribed to consent changes only: the grant recorded above and the refusal.
	if len(bodies) != 2 {
		t.Fatalf("received %d messages, want 2: %v", len(bodies), bodies)
	}
	// Deliveries go out side by side, so they may arrive in either order: take the withdrawal.
	last, h := bodies[1], heads[1]
	if strings.Contains(bodies[0], `"withdrawn"`) {
		last, h = bodies[0], heads[0]
	}
	if err := webhook.Verify(secret, h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature"), []byte(last), 5*time.Minute, testNow); err != nil {
		t.Fatalf("the delivery does not verify with the secret shown: %v", err)
	}
	var msg struct {
		Type string
		Data store.ConsentChangeData
	}
	if err := json.Unmarshal([]byte(last), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != store.ChangeConsent || msg.Data.Customer != seed.CamilleID || msg.Data.Purpose != "model-training" || msg.Data.Meaning != "withdrawn" || msg.Data.Method != "web" {
		t.Errorf("message = %+v", msg)
	}

	eps, _ := s.DB.WebhookEndpoints(ctx, b.ID)
	page := ts.URL + "/admin/webhooks/" + itoa64(eps[0].ID)
	_, _, detail := get(t, admin, page, "Accept-Language", "en")
	if strings.Count(detail, "Delivered") < 2 {
		t.Errorf("the delivery log does not show two delivered messages: %.600s", detail)
	}
	// A test message, then a replay of the refusal with the same id.
	if status, loc, _ := staffSubmit(t, admin, page, page+"/ping", url.Values{}); status != http.StatusSeeOther || !strings.Contains(loc, "done=webhook.pinged") {
		t.Fatalf("ping: %d %q", status, loc)
	}
	dls, _ := s.DB.WebhookDeliveries(ctx, b.ID, eps[0].ID, 10)
	var refusal store.WebhookDelivery
	for _, d := range dls {
		if d.Seq != 0 && strings.Contains(d.Payload, `"withdrawn"`) {
			refusal = d
		}
	}
	if status, _, _ := staffSubmit(t, admin, page, page+"/deliveries/"+itoa64(refusal.ID)+"/replay", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("replay: %d", status)
	}
	dispatchOnce(s)
	bodies, heads = rcv.all()
	if len(bodies) != 4 || !strings.Contains(bodies[2]+bodies[3], `"webhook.test"`) {
		t.Fatalf("after ping and replay: %d messages", len(bodies))
	}
	if heads[2].Get("webhook-id") != refusal.MsgID && heads[3].Get("webhook-id") != refusal.MsgID {
		t.Error("the replay does not carry the original message id")
	}
}

// TestWebhookRulesAndRoles: unsafe URLs are refused with a field error and the typed URL kept; privacy staff see
// the list but cannot add; another brand's endpoint is a 404.
func TestWebhookRulesAndRoles(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	admin := staffSignIn(t, ts, adminA)
	for _, bad := range []string{"http://hooks.example.com/x", "https://127.0.0.1/x", "https://10.0.0.8/x", "not a url"} {
		status, _, body := staffSubmit(t, admin, ts.URL+"/admin/webhooks", ts.URL+"/admin/webhooks", url.Values{"url": {bad}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-url"`) || !strings.Contains(body, "public internet") {
			t.Errorf("%q: status %d, want 422 with the URL's error", bad, status)
		}
	}
	// The form offers each kind of change by its name, each checkbox with a label of its own.
	_, _, form := get(t, admin, ts.URL+"/admin/webhooks", "Accept-Language", "en")
	for i, typ := range store.ChangeTypes {
		id := "f-events-" + strconv.Itoa(i)
		if !strings.Contains(form, `id="`+id+`" name="events" value="`+typ+`"`) || !strings.Contains(form, `<label for="`+id+`">`) {
			t.Errorf("the form has no labelled checkbox for %s", typ)
		}
	}
	privacy := staffSignIn(t, ts, privacyA)
	if status, _, body := get(t, privacy, ts.URL+"/admin/webhooks", "Accept-Language", "en"); status != http.StatusOK || strings.Contains(body, `action="/admin/webhooks"`) {
		t.Errorf("privacy: status %d, add form shown: %v", status, strings.Contains(body, `action="/admin/webhooks"`))
	}
	ctx := context.Background()
	nw, _ := s.DB.BrandBySlug(ctx, "northwind-bank")
	ep, err := s.DB.CreateWebhookEndpoint(ctx, nw.ID, "https://hooks.northwind.example/v", "", nil, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _ := get(t, admin, ts.URL+"/admin/webhooks/"+itoa64(ep.ID)); status != http.StatusNotFound {
		t.Errorf("another brand's endpoint: status %d, want 404", status)
	}
	if status, _, _ := staffSubmit(t, admin, ts.URL+"/admin/webhooks", ts.URL+"/admin/webhooks/"+itoa64(ep.ID)+"/delete", url.Values{}); status != http.StatusNotFound {
		t.Errorf("removing another brand's endpoint: status %d, want 404", status)
	}
}
