package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
	"vitrine/token"
)

// TestSIGTERMDrainsRequests sends SIGTERM to a real server process while clients send ingest batches and open
// customer pages: every request sent before the signal is answered 2xx or never reached the server, every acknowledged event is stored,
// no request gets a 5xx or a cut connection (after the listener closed, new connections are refused, which a
// client or proxy retries elsewhere), and the process exits 0 after logging each step of its shutdown.
func TestSIGTERMDrainsRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	ctx := context.Background()
	dbPath := storetest.DSN(t, "drain")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 1000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	brand, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	key, _, err := db.CreateAPIKey(ctx, brand.ID, "drain")
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for range 2 {
		tok, err := mintToken(ctx, db, seed.BrandMaison, seed.CamilleID, token.AudSession, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		links = append(links, tok)
	}
	db.Close()

	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "serve", "--db", dbPath, "--addr", addr, "--shutdown-timeout", "20s")
	cmd.Env = append(os.Environ(), "VITRINE_TEST_AS_SERVER=1")
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	up := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !up; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			up = resp.StatusCode == 200
		}
	}
	if !up {
		t.Fatal("server did not come up")
	}

	var (
		mu         sync.Mutex
		signalled  time.Time // zero until SIGTERM is sent
		acked      []string
		problems   []string
		beforeSent int
	)
	sentBefore := func(start time.Time) bool {
		mu.Lock()
		defer mu.Unlock()
		return signalled.IsZero() || start.Before(signalled)
	}
	// outcome records one request's answer; done reports that the client should stop (the server is gone).
	outcome := func(what string, start time.Time, status int, err error) (done bool) {
		before := sentBefore(start)
		mu.Lock()
		defer mu.Unlock()
		if before {
			beforeSent++
		}
		switch {
		case err != nil && errors.Is(err, syscall.ECONNREFUSED):
			return true // the listener is closed: this request never reached the server
		case err != nil && before:
			problems = append(problems, fmt.Sprintf("%s sent before SIGTERM was cut: %v", what, err))
			return true
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s after SIGTERM was cut instead of refused: %v", what, err))
			return true
		case status == http.StatusTooManyRequests:
			// The API's per-key rate limit: a clear answer the client retries, not a cut or a lost event.
			time.Sleep(50 * time.Millisecond)
		case status >= 500 || (before && status/100 != 2):
			problems = append(problems, fmt.Sprintf("%s answered %d", what, status))
		}
		return false
	}
	// Each client keeps its connection, as a proxy does. A request that meets an idle connection the server is
	// closing is sent again on a new one by Go's client (customer pages are GETs, ingest batches carry an
	// Idempotency-Key), and that one is refused: it never reached the server.
	newClient := func() *http.Client {
		jar, _ := cookiejar.New(nil)
		return &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: &http.Transport{},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient()
			for b := 0; ; b++ {
				var evs []map[string]any
				var ids []string
				for i := range 100 {
					id := fmt.Sprintf("drain-%d-%d-%d", w, b, i)
					ids = append(ids, id)
					evs = append(evs, map[string]any{"id": id, "customer": fmt.Sprintf("K-%d", i%13),
						"system": "product-recommender", "purpose": "recommendations", "action": "inference",
						"data_categories": []string{"user.behavior.purchase_history"}, "occurred_at": time.Now().Add(-time.Duration(i) * time.Minute).UTC().Format(time.RFC3339)})
				}
				body, _ := json.Marshal(map[string]any{"events": evs})
				req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/events", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+key)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", ids[0]) // events are idempotent by id: the batch may be sent again
				start := time.Now()
				resp, err := c.Do(req)
				status := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
					if status == 200 {
						mu.Lock()
						acked = append(acked, ids...)
						mu.Unlock()
					}
				}
				if outcome("ingest batch", start, status, err) {
					return
				}
			}
		}()
	}
	for _, link := range links {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient()
			resp, err := c.Get("http://" + addr + "/s/" + link)
			if err != nil {
				outcome("sign-in link", time.Now(), 0, err)
				return
			}
			resp.Body.Close()
			for {
				start := time.Now()
				resp, err := c.Get("http://" + addr + "/me")
				status := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				if outcome("customer page", start, status, err) {
					return
				}
			}
		}()
	}
	// Signal half a second after the load is under way (20 requests answered and a batch acknowledged): a fixed
	// sleep gave a loaded machine too few requests before the signal to test anything.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		mu.Lock()
		ready := beforeSent >= 20 && len(acked) > 0
		mu.Unlock()
		if ready || time.Now().After(deadline) {
			break
		}
	}
	time.Sleep(500 * time.Millisecond)
	mu.Lock()
	signalled = time.Now()
	mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the server did not exit 0 after SIGTERM: %v\n%s", err, logs.String())
	}
	for _, p := range problems {
		t.Error(p)
	}
	for _, step := range []string{"stopped accepting connections", "every request in flight was answered", "webhook deliveries in flight finished", "closed the database"} {
		if !strings.Contains(logs.String(), step) {
			t.Errorf("the shutdown log lacks %q:\n%s", step, logs.String())
		}
	}

	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	missing := 0
	for _, id := range acked {
		var n int
		db.Reader().QueryRow(`SELECT count(*) FROM usage_events WHERE brand_id = ? AND event_key = ?`, brand.ID, id).Scan(&n)
		if n != 1 {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged events are missing after SIGTERM", missing, len(acked))
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if len(acked) == 0 || beforeSent < 10 {
		t.Fatalf("too little load to test anything: %d requests before the signal, %d events acknowledged", beforeSent, len(acked))
	}
	t.Logf("%d requests sent before SIGTERM, %d events acknowledged, all stored", beforeSent, len(acked))
}
