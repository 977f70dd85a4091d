package handlers

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestBusyDatabaseAnswers503 holds the database's write lock from another connection, as another process
// would, past the server's (shortened) busy timeout. A batch of events then gets 503 with Retry-After as a
// problem, a consent form gets the error page with Retry-After, and a read of the API still answers: noting
// that its key was used does not wait for the lock. Once the lock is gone, the key's use is written.
func TestBusyDatabaseAnswers503(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "busy", store.WithClock(func() time.Time { return testNow }), store.WithBusyTimeout(300*time.Millisecond))
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 300, Seed: 3, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	s := &Server{DB: db, Log: testLog(), SessionTTL: time.Hour}
	ts := httptest.NewServer(validateAPI(t, New(s)))
	s.BaseURL = ts.URL
	serverDBs.Store(ts.URL, db)
	t.Cleanup(ts.Close)
	key := apiKey(t, s, seed.BrandMaison)
	customer := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	b, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	_, _, page := get(t, customer, ts.URL+"/me/consents?lang=en")
	csrf := csrfRe.FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("the consent page has no CSRF field")
	}

	// The form says what the page showed: send the training choice as it is, and ask for the other one.
	cust, _ := db.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	reg, _ := db.Registry(ctx, b.ID)
	current, _ := db.Consents(ctx, b.ID, cust.ID)
	shown := current[reg.PurposeBySlug["model-training"].ID]
	want := store.ConsentRefused
	if shown == store.ConsentRefused {
		want = store.ConsentGranted
	}

	release := holdWriteLock(t, db)
	start := time.Now()
	status, h, body := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", batch(event("busy-1", nil)))
	if status != http.StatusServiceUnavailable || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("ingest while locked: %d %s, want 503 problem", status, body)
	}
	if n, err := strconv.Atoi(h.Get("Retry-After")); err != nil || n < 1 || n > 30 {
		t.Errorf("Retry-After %q, want a few seconds", h.Get("Retry-After"))
	}
	var p map[string]any
	if json.Unmarshal(body, &p) != nil || p["status"] != float64(503) || !strings.Contains(p["detail"].(string), "nothing in this request was stored") {
		t.Errorf("problem %s", body)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the 503 took %v: the busy timeout was not used", took)
	}

	resp, err := customer.PostForm(ts.URL+"/me/consents", url.Values{"_csrf": {csrf[1]}, "purpose": {"model-training"}, "state": {want}, "shown": {shown}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if status, h = resp.StatusCode, resp.Header; status != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
		t.Errorf("consent form while locked: %d, Retry-After %q; want 503 with Retry-After", status, h.Get("Retry-After"))
	}

	start = time.Now()
	status, _, body = apiDo(t, http.MethodGet, ts.URL+"/api/v1/customers/"+seed.CamilleID+"/consents", key, "", nil)
	if status != http.StatusOK {
		t.Fatalf("a read while locked: %d %s, want 200", status, body)
	}
	if took := time.Since(start); took > 250*time.Millisecond {
		t.Errorf("a read while locked took %v: it waited for the lock", took)
	}
	if keys, _ := db.APIKeys(ctx, b.ID); len(keys) == 0 || keys[0].LastUsedAt == nil {
		t.Error("the key list does not show the use waiting to be written")
	}

	release()
	if status, _, body := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", batch(event("busy-1", nil))); status != http.StatusOK {
		t.Fatalf("ingest after the lock: %d %s", status, body)
	}
	db.Close() // writes the pending uses
	reopened, err := store.Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if keys, _ := reopened.APIKeys(ctx, b.ID); len(keys) == 0 || keys[0].LastUsedAt == nil || !keys[0].LastUsedAt.Equal(testNow) {
		t.Errorf("the key's use was not written at close: %+v", keys)
	}
}

// holdWriteLock takes the database's write lock from a connection of its own, as another process would, until
// the returned function (also run at cleanup) lets it go: on SQLite an immediate transaction, on PostgreSQL a
// lock on the tables every write of a customer's data goes through.
func holdWriteLock(t *testing.T, db *store.DB) func() {
	t.Helper()
	ctx := context.Background()
	driver, dsn, lock := "sqlite", "file:"+db.Path()+"?_pragma=busy_timeout(0)", "BEGIN IMMEDIATE"
	if db.Dialect() == "postgres" {
		driver, dsn, lock = "pgx", db.Path(), "BEGIN; LOCK TABLE customers, usage_events, consents IN EXCLUSIVE MODE"
	}
	other, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, lock); err != nil {
		t.Fatal(err)
	}
	done := false
	release := func() {
		if !done {
			done = true
			conn.ExecContext(ctx, "ROLLBACK")
			conn.Close()
			other.Close()
		}
	}
	t.Cleanup(release)
	return release
}
