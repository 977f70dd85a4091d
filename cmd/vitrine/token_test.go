package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"vitrine/handlers"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestTokenURLOpensTheCustomersPage prints links with `vitrine token --url` and opens them on a real vitrine
// server: the session link signs Camille in, the embed link opens her widget. Without --url the output stays
// the bare token that scripts read.
func TestTokenURLOpensTheCustomersPage(t *testing.T) {
	ctx := context.Background()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 200, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handlers.New(&handlers.Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	token := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := cmdToken(ctx, append([]string{"--db", dbPath, "--brand", seed.BrandMaison, "--customer", seed.CamilleID}, args...), &out)
		return out.String(), err
	}

	bare, err := token()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(bare, "\n") != 1 || strings.Count(bare, ".") != 2 || strings.Contains(bare, "http") {
		t.Fatalf("without --url the output is %q, want the bare token on one line", bare)
	}

	// Without --base-url nor VITRINE_BASE_URL, the link is on the address `vitrine serve` listens on by default.
	t.Setenv("VITRINE_BASE_URL", "")
	os.Unsetenv("VITRINE_BASE_URL") // t.Setenv puts back what the environment had
	if link, err := token("--url"); err != nil || !strings.HasPrefix(link, "http://127.0.0.1:8080/s/") {
		t.Fatalf("default base: %q, %v", link, err)
	}

	// The trailing slash of --base-url is dropped, and the link is the whole output.
	link, err := token("--url", "--base-url", srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	link = strings.TrimSuffix(link, "\n")
	if !strings.HasPrefix(link, srv.URL+"/s/") || strings.Contains(link, "\n") {
		t.Fatalf("session link = %q, want %s/s/TOKEN", link, srv.URL)
	}
	resp, err := client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me" {
		t.Fatalf("opening %s: %d to %q, want a redirect to /me", link, resp.StatusCode, resp.Header.Get("Location"))
	}

	// VITRINE_BASE_URL gives the base when the flag does not.
	t.Setenv("VITRINE_BASE_URL", srv.URL)
	link, err = token("--aud", "embed", "--url")
	if err != nil {
		t.Fatal(err)
	}
	link = strings.TrimSuffix(link, "\n")
	if !strings.HasPrefix(link, srv.URL+"/embed/v1?token=") {
		t.Fatalf("embed link = %q, want %s/embed/v1?token=TOKEN", link, srv.URL)
	}
	resp, err = client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// The widget's forms carry the token it was opened with: it accepted this one.
	tok := strings.TrimPrefix(link, srv.URL+"/embed/v1?token=")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `name="token" value="`+tok+`"`) {
		t.Fatalf("opening %s: %d, want Camille's widget:\n%.500s", link, resp.StatusCode, body)
	}

	if _, err := token("--url", "--base-url", "127.0.0.1:8080"); err == nil || !strings.Contains(err.Error(), "--base-url must be an http") {
		t.Fatalf("--base-url without a scheme: err %v", err)
	}
}
