package store

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestAgentClientCredentialsAndTokens: a client's secret and tokens are kept hashed; a good secret gets a token
// that names the brand, the client's system and purpose; a wrong secret, an expired token or a revoked client
// are refused, each by its own error; and a token made up with another brand's id finds nothing.
func TestAgentClientCredentialsAndTokens(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var clock atomic.Int64
	clock.Store(testNow.Unix())
	f.db.SetClock(func() time.Time { return time.Unix(clock.Load(), 0).UTC() })

	a, secret, err := f.db.CreateAgentClient(ctx, f.brand.ID, "Support copilot", f.sysID, f.contract)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.ClientID, AgentClientIDPrefix) || secret == "" {
		t.Fatalf("client %q secret %q", a.ClientID, secret)
	}
	var stored string
	if err := f.db.w.QueryRowContext(ctx, `SELECT secret_hash FROM agent_clients WHERE brand_id = ? AND id = ?`, f.brand.ID, a.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == secret || strings.Contains(stored, secret) {
		t.Fatal("the secret is stored in clear")
	}
	if _, err := f.db.AuthenticateAgentClient(ctx, a.ClientID, secret+"x"); !errors.Is(err, ErrAgentBadSecret) {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, err := f.db.AuthenticateAgentClient(ctx, "vac_999_nope", secret); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown client: %v", err)
	}
	got, err := f.db.AuthenticateAgentClient(ctx, a.ClientID, secret)
	if err != nil || got.ID != a.ID {
		t.Fatalf("good secret: %+v %v", got, err)
	}
	tok, exp, err := f.db.IssueAgentToken(ctx, got, "brand.read", "https://vitrine.example/api/v1")
	if err != nil || !exp.Equal(testNow.Add(AgentTokenTTL)) {
		t.Fatalf("issue: exp %v err %v", exp, err)
	}
	var n int
	f.db.w.QueryRowContext(ctx, `SELECT count(*) FROM agent_client_tokens WHERE token_hash = ?`, tok).Scan(&n)
	if n != 0 {
		t.Fatal("the token is stored in clear")
	}
	g, err := f.db.AgentToken(ctx, tok)
	if err != nil || g.Client.BrandID != f.brand.ID || g.System != "recommender" || g.Purpose != "service" || g.Scope != "brand.read" {
		t.Fatalf("grant %+v err %v", g, err)
	}
	list, _ := f.db.AgentClients(ctx, f.brand.ID)
	if len(list) != 1 || list[0].LastUsedAt == nil {
		t.Fatalf("last used not noted: %+v", list)
	}
	// The same random part under another brand's id is another token, unknown.
	other := AgentTokenPrefix + "424242_" + strings.SplitN(strings.TrimPrefix(tok, AgentTokenPrefix), "_", 2)[1]
	if _, err := f.db.AgentToken(ctx, other); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another brand's id: %v", err)
	}

	clock.Add(int64(AgentTokenTTL / time.Second))
	if _, err := f.db.AgentToken(ctx, tok); !errors.Is(err, ErrAgentTokenExpired) {
		t.Fatalf("expired: %v", err)
	}
	tok2, _, err := f.db.IssueAgentToken(ctx, got, "brand.read", "https://vitrine.example/api/v1")
	if err != nil {
		t.Fatal(err)
	}
	f.db.w.QueryRowContext(ctx, `SELECT count(*) FROM agent_client_tokens WHERE brand_id = ?`, f.brand.ID).Scan(&n)
	if n != 1 {
		t.Fatalf("%d tokens kept, want the expired one gone", n)
	}
	if err := f.db.RevokeAgentClient(ctx, f.brand.ID+1, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke from another brand: %v", err)
	}
	if err := f.db.RevokeAgentClient(ctx, f.brand.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AgentToken(ctx, tok2); !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrAgentClientRevoked) {
		t.Fatalf("token of a revoked client: %v", err)
	}
	if _, err := f.db.AuthenticateAgentClient(ctx, a.ClientID, secret); !errors.Is(err, ErrAgentClientRevoked) {
		t.Fatalf("revoked client: %v", err)
	}
}
