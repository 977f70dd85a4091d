package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestMain lets the test binary play the vitrine server, so the crash test can kill a real server process.
func TestMain(m *testing.M) {
	if os.Getenv("VITRINE_TEST_AS_SERVER") == "1" {
		os.Args = append([]string{"vitrine"}, os.Args[1:]...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startServer(t *testing.T, dbPath, addr string, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--db", dbPath, "--addr", addr}, extra...)...)
	cmd.Env = append(os.Environ(), "VITRINE_TEST_AS_SERVER=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("server did not come up")
	return nil
}

// TestKilledServerLosesNoAcknowledgedEvent streams batches to a real server process, kills it with SIGKILL
// while a batch is in flight, and checks after restart that every acknowledged event is stored and the
// rollups still equal the raw events.
func TestKilledServerLosesNoAcknowledgedEvent(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	ctx := context.Background()
	dbPath := storetest.DSN(t, "crash")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 1000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	brand, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	key, _, err := db.CreateAPIKey(ctx, brand.ID, "crash")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	addr := freeAddr(t)
	srv := startServer(t, dbPath, addr)
	acked := map[string]bool{}
	sent := 0
	killAfter := 12
	client := &http.Client{Timeout: 10 * time.Second}
	for b := 0; ; b++ {
		var evs []map[string]any
		for i := range 200 {
			evs = append(evs, map[string]any{"id": fmt.Sprintf("crash-%d-%d", b, i), "customer": fmt.Sprintf("K-%d", i%13),
				"system": "product-recommender", "purpose": "recommendations", "action": "inference",
				"data_categories": []string{"user.behavior.purchase_history"}, "occurred_at": time.Now().Add(-time.Duration(i) * time.Minute).UTC().Format(time.RFC3339)})
		}
		body, _ := json.Marshal(map[string]any{"events": evs})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/v1/events", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		if b == killAfter {
			// Kill while this batch is being read or written.
			go func() {
				time.Sleep(3 * time.Millisecond)
				srv.Process.Signal(syscall.SIGKILL)
			}()
		}
		resp, err := client.Do(req)
		sent++
		if err != nil {
			break // the server died mid-request: this batch was never acknowledged
		}
		var ans struct {
			Results []struct{ ID, Status string }
		}
		json.NewDecoder(resp.Body).Decode(&ans)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			break
		}
		for _, r := range ans.Results {
			if r.Status == "accepted" || r.Status == "duplicate" {
				acked[r.ID] = true
			}
		}
		if b > killAfter+5 {
			t.Fatal("the server survived SIGKILL")
		}
	}
	srv.Wait()
	if len(acked) < 200*killAfter {
		t.Fatalf("only %d events acknowledged before the kill", len(acked))
	}

	// Restart: the database opens (WAL recovery), every acknowledged event is there, rollups are exact.
	srv = startServer(t, dbPath, addr)
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	missing := 0
	for id := range acked {
		var n int
		db.Reader().QueryRow(`SELECT count(*) FROM usage_events WHERE brand_id = ? AND event_key = ?`, brand.ID, id).Scan(&n)
		if n != 1 {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged events are missing after SIGKILL", missing, len(acked))
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d batches sent, %d events acknowledged before SIGKILL, all present after restart", sent, len(acked))
}
