package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/plain"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
	"vitrine/token"
)

// testNow is the reference day for seeded data, fixed so sentences and charts are stable.
var testNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

var sharedDB *store.DB

// afterTests are run when the package's tests and benchmarks have ended, to remove what they shared.
var afterTests []func()

// serverDBs remembers which database each test server serves, so links are signed with that database's keys.
var serverDBs sync.Map // URL -> *store.DB

// TestMain seeds one small demo database that read-mostly tests share; tests that need a pristine
// database call newSeededDB themselves.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vitrine-handlers")
	if err != nil {
		panic(err)
	}
	dsn, drop, err := store.TestDatabase(context.Background(), dir, "shared")
	if errors.Is(err, store.ErrNoTestPostgres) && os.Getenv("VITRINE_REQUIRE_POSTGRES") == "" {
		fmt.Println("skipping the handler tests on PostgreSQL:", err)
		os.Exit(0)
	}
	if err != nil {
		panic(err)
	}
	sharedDB = mustSeed(dsn)
	code := m.Run()
	for _, f := range afterTests {
		f()
	}
	sharedDB.Close()
	drop()
	os.RemoveAll(dir)
	os.Exit(code)
}

func mustSeed(dsn string) *store.DB {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.WithClock(func() time.Time { return testNow }))
	if err != nil {
		panic(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 60, Events: 8000, Seed: 7, Now: testNow}); err != nil {
		panic(err)
	}
	return db
}

// newTestServer serves the shared database as the real router does.
func newTestServer(t testing.TB) (*Server, *httptest.Server) {
	t.Helper()
	s := &Server{DB: sharedDB, Log: testLog(), SessionTTL: time.Hour}
	ts := httptest.NewServer(validateAPI(t, New(s)))
	s.BaseURL = ts.URL
	serverDBs.Store(ts.URL, s.DB)
	t.Cleanup(ts.Close)
	return s, ts
}

// client is a browser-like client with a cookie jar that does not follow redirects.
func client(t testing.TB) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// mint signs a token for a customer with the brand's current key in the shared database, valid around its clock.
func mint(t testing.TB, brandSlug, customer, aud string, ttl time.Duration) string {
	t.Helper()
	return mintIn(t, sharedDB, brandSlug, customer, aud, ttl)
}

// mintIn signs a token with the brand's current key in db.
func mintIn(t testing.TB, db *store.DB, brandSlug, customer, aud string, ttl time.Duration) string {
	t.Helper()
	ctx := context.Background()
	b, err := db.BrandBySlug(ctx, brandSlug)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := db.BrandKeys(ctx, b.ID, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := token.Sign(token.Key{KID: keys[0].KID, Secret: keys[0].Secret}, brandSlug, customer, aud, ttl, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// signIn opens a fresh session link for the persona and returns a client holding the session cookie.
func signIn(t testing.TB, ts *httptest.Server, brandSlug, customer string) *http.Client {
	t.Helper()
	c := client(t)
	db, _ := serverDBs.Load(ts.URL)
	resp, err := c.Get(ts.URL + "/s/" + mintIn(t, db.(*store.DB), brandSlug, customer, token.AudSession, 10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me" {
		t.Fatalf("session link: status %d location %q, want 303 to /me", resp.StatusCode, resp.Header.Get("Location"))
	}
	return c
}

func get(t testing.TB, c *http.Client, url string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// newIsolatedServer serves a database of its own, seeded small, for tests that write.
func newIsolatedServer(t testing.TB, tune func(*Server)) (*Server, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	db := openTestDB(t, "isolated")
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 1500, Seed: 3, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	s := &Server{DB: db, Log: testLog(), SessionTTL: time.Hour}
	if tune != nil {
		tune(s)
	}
	ts := httptest.NewServer(validateAPI(t, New(s)))
	s.BaseURL = ts.URL
	serverDBs.Store(ts.URL, db)
	t.Cleanup(ts.Close)
	return s, ts
}

// apiKey creates an ingest key for a brand of the server's database.
func apiKey(t testing.TB, s *Server, brandSlug string) string {
	t.Helper()
	ctx := context.Background()
	b, err := s.DB.BrandBySlug(ctx, brandSlug)
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := s.DB.CreateAPIKey(ctx, b.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// rawKeyRe finds a catalog key shown as text ("decisions.answer"): plain.Localizer.T returns a missing key as
// it is, which never breaks a page but always shows on one.
var keyTextRe = regexp.MustCompile(`>\s*([a-z_]+\.[a-z_.]+)\s*<`)

// assertNoRawText fails when a page shows a missing message's key or a message formatted with the wrong
// arguments ("%!s(MISSING)").
func assertNoRawText(t testing.TB, label, body string) {
	t.Helper()
	if i := strings.Index(body, "%!"); i >= 0 {
		t.Errorf("%s: a message was formatted with the wrong arguments: %q", label, body[max(0, i-80):min(len(body), i+40)])
	}
	prefixes := map[string]bool{}
	for _, k := range plain.Keys() {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
	}
	for _, m := range keyTextRe.FindAllStringSubmatch(body, -1) {
		if prefixes[strings.SplitN(m[1], ".", 2)[0]] {
			t.Errorf("%s shows the key %q instead of its message", label, m[1])
		}
	}
}

// openTestDB opens a fresh, empty database for the test on the run's engine, on the fixed clock testNow.
func openTestDB(t testing.TB, name string) *store.DB {
	t.Helper()
	return storetest.Open(t, name, store.WithClock(func() time.Time { return testNow }))
}

// testLog is where test servers log: nowhere, or standard error with VITRINE_TEST_LOG set, to see why a page
// failed.
func testLog() *slog.Logger {
	if os.Getenv("VITRINE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
