package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vitrine/handlers"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// TestReceiptsVerifyWithTheREADMEsProgramsAndTheCLI downloads a real receipt from a running server and checks it
// the three ways the README gives (vitrine verify, Node's jose, Python's PyJWT), then sees each refuse the same
// receipt with one field changed; and checks a customer's whole chain before and after a row is edited behind
// vitrine's back.
func TestReceiptsVerifyWithTheREADMEsProgramsAndTheCLI(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, "receipts")
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 100, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handlers.New(&handlers.Server{DB: db, SessionTTL: time.Hour, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()
	brand, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := db.CustomerByExternalID(ctx, brand.ID, seed.CamilleID)
	hist, err := db.ConsentHistory(ctx, cust.ID, 0)
	if err != nil || len(hist) == 0 {
		t.Fatalf("Camille has no receipt: %v", err)
	}

	// Camille signs in with a link her brand made, and downloads her latest receipt and the published keys.
	var tok bytes.Buffer
	if err := cmdToken(ctx, []string{"--db", dsn, "--brand", seed.BrandMaison, "--customer", seed.CamilleID, "--aud", "session"}, &tok); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	fetch := func(u string) []byte {
		t.Helper()
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
		}
		return b
	}
	fetch(srv.URL + "/s/" + strings.TrimSpace(tok.String()))
	dir := t.TempDir()
	good, forged, keys := filepath.Join(dir, "receipt.json"), filepath.Join(dir, "forged.json"), filepath.Join(dir, "jwks.json")
	receipt := fetch(srv.URL + "/me/consents/receipts/" + hist[0].ReceiptID + "?format=json")
	write(t, good, string(receipt))
	changed := strings.Replace(string(receipt), `"state": "`+hist[0].State+`"`, `"state": "changed"`, 1)
	if changed == string(receipt) {
		t.Fatalf("no state in the receipt: %s", receipt)
	}
	write(t, forged, changed)
	write(t, keys, string(fetch(srv.URL+"/.well-known/jwks.json")))

	for _, from := range [][]string{{"--jwks", keys}, {"--jwks", srv.URL + "/.well-known/jwks.json"}, {"--db", dsn}} {
		var out bytes.Buffer
		if err := cmdVerify(ctx, append([]string{good}, from...), &out); err != nil || !strings.Contains(out.String(), "valid. Receipt "+hist[0].ReceiptID) {
			t.Errorf("vitrine verify %v: %v\n%s", from, err, out.String())
		}
		if err := cmdVerify(ctx, append([]string{forged}, from...), io.Discard); err == nil || !strings.Contains(err.Error(), "NOT VALID") {
			t.Errorf("vitrine verify %v accepts a changed receipt: %v", from, err)
		}
	}

	snippets := readmeSnippets(t)
	for _, file := range []string{"verify-receipt.mjs", "verify_receipt.py"} {
		t.Run(file, func(t *testing.T) {
			code, ok := snippets[file]
			if !ok {
				t.Fatalf("the README has no program %s", file)
			}
			run := t.TempDir()
			write(t, filepath.Join(run, file), code)
			runner := map[string]snippetRunner{"verify-receipt.mjs": nodeSnippet, "verify_receipt.py": pythonSnippet}[file]
			prepared := runner(t, run, file)
			for _, tc := range []struct {
				path string
				ok   bool
			}{{good, true}, {forged, false}} {
				cmd := exec.CommandContext(ctx, prepared.Path, append(prepared.Args[1:], tc.path, keys)...)
				cmd.Dir, cmd.Env = run, prepared.Env
				out, err := cmd.CombinedOutput()
				if tc.ok && (err != nil || !strings.HasPrefix(string(out), "valid ")) {
					t.Errorf("%s %s: %v\n%s", file, filepath.Base(tc.path), err, out)
				}
				if !tc.ok && err == nil {
					t.Errorf("%s accepts a changed receipt:\n%s", file, out)
				}
			}
		})
	}

	// The whole chain checks out; after a consent row is edited behind vitrine's back it does not.
	var out bytes.Buffer
	args := []string{"--customer", seed.CamilleID, "--brand", seed.BrandMaison, "--db", dsn}
	if err := cmdVerify(ctx, args, &out); err != nil || !strings.Contains(out.String(), "valid.") {
		t.Fatalf("verify --customer: %v\n%s", err, out.String())
	}
	tamper := []string{`DROP TRIGGER consent_history_append_only_update`, `UPDATE consent_history SET actor = 'someone else' WHERE receipt_id = '` + hist[0].ReceiptID + `'`}
	if db.Dialect() == "postgres" {
		tamper[0] = `DROP TRIGGER consent_history_append_only ON consent_history`
	}
	for _, q := range tamper {
		if _, err := db.Writer().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	out.Reset()
	if err := cmdVerify(ctx, args, &out); err == nil || !strings.Contains(out.String(), "was changed after it was written") {
		t.Fatalf("verify --customer after an edit: %v\n%s", err, out.String())
	}
	// The receipt she kept names its chain entry: with the database at hand, a chain cut behind vitrine's back
	// shows even though the receipt's own signature still holds.
	out.Reset()
	if err := cmdVerify(ctx, []string{good, "--db", dsn}, &out); err != nil || !strings.Contains(out.String(), "is still in the customer's chain") {
		t.Fatalf("verify --db: %v\n%s", err, out.String())
	}
	var kept store.Receipt
	if err := json.Unmarshal(receipt, &kept); err != nil || kept.Chain.Seq == 0 {
		t.Fatalf("receipt's chain: %v %+v", err, kept.Chain)
	}
	if _, err := db.Writer().ExecContext(ctx, `DELETE FROM proof_chain WHERE brand_id = `+itoa(int(brand.ID))+` AND customer_id = `+itoa(int(cust.ID))+
		` AND seq >= `+itoa(int(kept.Chain.Seq))); err != nil {
		t.Fatal(err)
	}
	if err := cmdVerify(ctx, []string{good, "--db", dsn}, io.Discard); err == nil || !strings.Contains(err.Error(), "entries were removed") {
		t.Fatalf("verify --db after the chain was cut: %v", err)
	}
	_ = os.Remove(forged)
}
