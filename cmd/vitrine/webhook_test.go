package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
	"vitrine/webhook"
)

// TestKilledServerStillDeliversTheWebhook: a consent change commits, its webhook is on its way, and the server is
// killed with SIGKILL before the endpoint acknowledges it. Once the server is back every change arrives, signed,
// with its id, and is marked delivered.
func TestKilledServerStillDeliversTheWebhook(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	ctx := context.Background()
	dbPath := storetest.DSN(t, "hookcrash")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 10, Events: 300, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	brand, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	key, _, err := db.CreateAPIKey(ctx, brand.ID, "hookcrash")
	if err != nil {
		t.Fatal(err)
	}

	// The brand's receiver: it holds the first delivery without answering (the server dies meanwhile), then
	// acknowledges what it verifies.
	firstIn := make(chan struct{})
	release := make(chan struct{})
	var mu sync.Mutex
	var accepted []string
	var secret string
	var once sync.Once
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		held := false
		once.Do(func() { held = true })
		if held {
			close(firstIn)
			<-release
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if err := webhook.Verify(secret, r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Header.Get("webhook-signature"), body, 5*time.Minute, time.Now()); err != nil {
			t.Errorf("delivery does not verify: %v", err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		accepted = append(accepted, r.Header.Get("webhook-id"))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rcv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	ep, err := db.CreateWebhookEndpoint(ctx, brand.ID, rcv.URL+"/hook", "", []string{store.ChangeConsent}, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	secret = ep.Secret
	db.Close()

	addr := freeAddr(t)
	flags := []string{"--allow-insecure-webhooks", "--webhook-timeout", "1s"}
	srv := startServer(t, dbPath, addr, flags...)
	// Camille says yes to training, then no again, through the brand's API.
	for _, ch := range [][2]string{{"granted", "refused"}, {"refused", "granted"}} {
		body, _ := json.Marshal(map[string]string{"purpose": "model-training", "state": ch[0], "previous_state": ch[1]})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/customers/"+seed.CamilleID+"/consents", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s through the API: status %d", ch[0], resp.StatusCode)
		}
	}
	select {
	case <-firstIn:
	case <-time.After(10 * time.Second):
		t.Fatal("the webhook never left")
	}
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()
	close(release)

	srv = startServer(t, dbPath, addr, flags...)
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(accepted)
		mu.Unlock()
		ids := map[string]bool{}
		mu.Lock()
		for _, id := range accepted {
			ids[id] = true
		}
		mu.Unlock()
		if n > 0 && len(ids) >= 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	chs, _ := db.Changes(ctx, brand.ID, 0, []string{store.ChangeConsent}, 10)
	if len(chs) != 2 || !strings.Contains(string(chs[1].Data), `"withdrawn"`) {
		t.Fatalf("feed holds %d consent changes, want the grant and the withdrawal", len(chs))
	}
	// Delivery is at least once: a message the receiver took just before the kill, whose success the server had
	// no time to record, comes again with the same id, which is how the receiver knows it has it already.
	mu.Lock()
	ids := map[string]bool{}
	for _, id := range accepted {
		ids[id] = true
	}
	mu.Unlock()
	if len(ids) != 2 || !ids[chs[0].MsgID] || !ids[chs[1].MsgID] {
		t.Fatalf("after the restart the receiver accepted %v, want %s and %s", accepted, chs[0].MsgID, chs[1].MsgID)
	}
	// Give the server a moment to record the outcome, then check the log says delivered.
	var dls []store.WebhookDelivery
	for range 50 {
		if dls, _ = db.WebhookDeliveries(ctx, brand.ID, ep.ID, 10); len(dls) == 2 && dls[0].Status == store.DeliveryDelivered && dls[1].Status == store.DeliveryDelivered {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(dls) != 2 || dls[0].Status != store.DeliveryDelivered || dls[1].Status != store.DeliveryDelivered {
		t.Fatalf("deliveries after restart: %+v", dls)
	}
}

// TestWebhookCommand adds, lists and removes an endpoint from the command line; the secret is the last line.
func TestWebhookCommand(t *testing.T) {
	ctx := context.Background()
	dbPath := seededDB(t)
	var out bytes.Buffer
	if err := cmdWebhook(ctx, []string{"add", "--db", dbPath, "--brand", seed.BrandMaison, "--url", "https://hooks.example.com/vitrine", "--events", "consent.changed,review.answered"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "whsec_") {
		t.Fatalf("last line %q is not the secret", last)
	}
	for _, bad := range [][]string{
		{"add", "--db", dbPath, "--brand", seed.BrandMaison, "--url", "http://127.0.0.1/x"},
		{"add", "--db", dbPath, "--brand", seed.BrandMaison, "--url", "https://hooks.example.com/x", "--events", "consent.given"},
		{"remove", "--db", dbPath, "--brand", seed.BrandMaison, "--id", "999"},
	} {
		if err := cmdWebhook(ctx, bad, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	out.Reset()
	if err := cmdWebhook(ctx, []string{"list", "--db", dbPath, "--brand", seed.BrandMaison}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "https://hooks.example.com/vitrine") || !strings.Contains(out.String(), "consent.changed, review.answered") || strings.Contains(out.String(), "whsec_") {
		t.Fatalf("list:\n%s", out.String())
	}
	if err := cmdWebhook(ctx, []string{"remove", "--db", dbPath, "--brand", seed.BrandMaison, "--id", "1"}, io.Discard); err != nil {
		t.Fatal(err)
	}
}
