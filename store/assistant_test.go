package store

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
)

const testVerifier = "a-code-verifier-that-is-long-enough-0123456789"

func testChallenge() string {
	h := sha256.Sum256([]byte(testVerifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// newGrant saves a client and has the fixture's customer say yes to it, returning the code.
func newGrant(t *testing.T, f fixture, clientID string) (string, AssistantGrant) {
	t.Helper()
	ctx := context.Background()
	c := OAuthClient{ID: clientID, Name: "Assistant " + clientID, RedirectURIs: []string{"https://app.example/cb"}, Kind: "registered",
		CreatedAt: testNow, FetchedAt: testNow}
	if err := f.db.SaveOAuthClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	code, g, err := f.db.CreateAssistantGrant(ctx, GrantRequest{BrandID: f.brand.ID, CustomerID: f.cust, Client: c, Scopes: []string{"vitrine.read"},
		Resource: "https://v.example/mcp", RedirectURI: "https://app.example/cb", CodeChallenge: testChallenge()})
	if err != nil {
		t.Fatal(err)
	}
	return code, g
}

func TestAssistantCodeIsGoodOnceForItsClientAndVerifier(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code, g := newGrant(t, f, "vcl_one")
	for _, c := range []struct {
		name                           string
		client, redirect, verifier, rs string
		want                           error
	}{
		{"other client", "vcl_two", "https://app.example/cb", testVerifier, "", ErrTokenMismatch},
		{"other redirect", "vcl_one", "https://app.example/other", testVerifier, "", ErrTokenMismatch},
		{"other resource", "vcl_one", "https://app.example/cb", testVerifier, "https://evil.example/mcp", ErrTokenMismatch},
		{"wrong verifier", "vcl_one", "https://app.example/cb", "not-the-verifier", "", ErrPKCE},
	} {
		if _, err := f.db.ExchangeAssistantCode(ctx, code, c.client, c.redirect, c.verifier, c.rs); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	pair, err := f.db.ExchangeAssistantCode(ctx, code, "vcl_one", "https://app.example/cb", testVerifier, "https://v.example/mcp")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.db.AssistantTokenGrant(ctx, pair.Access, testNow)
	if err != nil || got.ID != g.ID || got.CustomerID != f.cust || got.BrandID != f.brand.ID {
		t.Fatalf("access token's grant %+v %v", got, err)
	}
	if _, err := f.db.AssistantTokenGrant(ctx, pair.Access, testNow.Add(AccessTokenLifetime)); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("an hour later the access token still works: %v", err)
	}
	// The code again: someone else holds it; the grant and its tokens end.
	if _, err := f.db.ExchangeAssistantCode(ctx, code, "vcl_one", "https://app.example/cb", testVerifier, ""); !errors.Is(err, ErrTokenReused) {
		t.Errorf("code used twice: %v", err)
	}
	if _, err := f.db.AssistantTokenGrant(ctx, pair.Access, testNow); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("token after the code's reuse: %v", err)
	}
	grants, err := f.db.AssistantGrants(ctx, f.brand.ID, f.cust)
	if err != nil || len(grants) != 1 || grants[0].RevokedAt == nil || grants[0].RevokedWhy != "code reused" {
		t.Errorf("grants after reuse: %+v %v", grants, err)
	}
	// A token whose brand part was changed finds nothing.
	forged := strings.Replace(pair.Access, "_"+strconv.FormatInt(f.brand.ID, 10)+"_", "_"+strconv.FormatInt(f.brand.ID+1, 10)+"_", 1)
	if _, err := f.db.AssistantTokenGrant(ctx, forged, testNow); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("forged brand: %v", err)
	}
}

func TestAssistantRefreshRotatesAndAReuseEndsTheGrant(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	code, _ := newGrant(t, f, "vcl_r")
	first, err := f.db.ExchangeAssistantCode(ctx, code, "vcl_r", "https://app.example/cb", testVerifier, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.RefreshAssistantToken(ctx, first.Refresh, "vcl_other"); !errors.Is(err, ErrTokenMismatch) {
		t.Errorf("another client's refresh: %v", err)
	}
	second, err := f.db.RefreshAssistantToken(ctx, first.Refresh, "vcl_r")
	if err != nil || second.Refresh == first.Refresh || second.Access == first.Access {
		t.Fatalf("rotation: %v", err)
	}
	if _, err := f.db.RefreshAssistantToken(ctx, first.Refresh, "vcl_r"); !errors.Is(err, ErrTokenReused) {
		t.Errorf("old refresh token: %v", err)
	}
	for _, tok := range []string{second.Access, first.Access} {
		if _, err := f.db.AssistantTokenGrant(ctx, tok, testNow); err == nil {
			t.Error("a token outlived the grant its reused refresh token revoked")
		}
	}
	if _, err := f.db.RefreshAssistantToken(ctx, second.Refresh, "vcl_r"); err == nil {
		t.Error("the new refresh token outlived the grant")
	}
}

func TestAssistantCallsAreCountedErasedCustomersLoseTheirAssistantsAndOldCallsGo(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	clock := newTestClock(testNow.AddDate(0, -2, 0))
	f.db.SetClock(clock.Now)
	code, g := newGrant(t, f, "vcl_c")
	pair, err := f.db.ExchangeAssistantCode(ctx, code, "vcl_c", "https://app.example/cb", testVerifier, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.RecordAssistantCall(ctx, g, "summary"); err != nil { // two months ago
		t.Fatal(err)
	}
	clock.Set(testNow)
	for _, tool := range []string{"list_uses", "receipts"} {
		if err := f.db.RecordAssistantCall(ctx, g, tool); err != nil {
			t.Fatal(err)
		}
	}
	calls, err := f.db.AssistantCalls(ctx, f.brand.ID, f.cust, Cursor{}, 10)
	if err != nil || len(calls) != 3 || calls[0].Tool != "receipts" || calls[0].ClientName != "Assistant vcl_c" {
		t.Fatalf("calls %+v %v", calls, err)
	}
	older, err := f.db.AssistantCalls(ctx, f.brand.ID, f.cust, Cursor{At: calls[1].At.Unix(), ID: calls[1].ID}, 10)
	if err != nil || len(older) != 1 || older[0].Tool != "summary" {
		t.Errorf("calls before the cursor: %+v %v", older, err)
	}
	use, err := f.db.AssistantUseAt(ctx, f.brand.ID, testNow)
	if err != nil || use.Connected != 1 || use.Calls30d != 2 {
		t.Errorf("use %+v %v, want 1 connected and the 2 calls of the last 30 days", use, err)
	}
	// Kept for the brand's legal period as staff visits are: at one month, the call of two months ago goes.
	if err := f.db.SetProofRetention(ctx, f.brand.ID, 1); err != nil {
		t.Fatal(err)
	}
	pruned, err := f.db.PruneProofs(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(pruned) != 1 || pruned[0].Calls != 1 {
		t.Errorf("pruned %+v, want the one old call", pruned)
	}
	// Erased: the assistant loses access, the calls it made stay as records of access.
	req, err := f.db.OpenRights(ctx, f.cust, RightsErase, "Delete everything.", "web", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.UpdateRights(ctx, f.brand.ID, req.ID, RightsUpdate{Status: RightsDone, Note: "Done.", Actor: "api"}, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AssistantTokenGrant(ctx, pair.Access, testNow); err == nil {
		t.Error("the erased customer's assistant still reads")
	}
	grants, _ := f.db.AssistantGrants(ctx, f.brand.ID, f.cust)
	if len(grants) != 1 || grants[0].RevokedWhy != "erased" {
		t.Errorf("grants after erasure %+v", grants)
	}
	if calls, _ := f.db.AssistantCalls(ctx, f.brand.ID, f.cust, Cursor{}, 10); len(calls) != 2 {
		t.Errorf("%d calls kept after erasure, want 2", len(calls))
	}
}

func TestRevokeAssistantGrantIsTheCustomersOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, g := newGrant(t, f, "vcl_x")
	other, err := f.db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: "C-9", Email: "c9@example.com", Name: "Nine"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.RevokeAssistantGrant(ctx, f.brand.ID, other, g.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another customer revoked the grant: %v", err)
	}
	if err := f.db.RevokeAssistantGrant(ctx, f.brand.ID, f.cust, g.ID); err != nil {
		t.Fatal(err)
	}
	grants, _ := f.db.AssistantGrants(ctx, f.brand.ID, f.cust)
	if grants[0].RevokedAt == nil || grants[0].RevokedWhy != "customer" {
		t.Errorf("after revoking: %+v", grants[0])
	}
}
