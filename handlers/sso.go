package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"vitrine/store"
	"vitrine/views"
)

// Single sign-on for staff through the brand's OpenID Connect provider: the authorization code flow with PKCE,
// one redirect URI for every brand (the attempt cookie says which brand a callback belongs to).

const (
	ssoCallbackPath = "/staff/sso/callback"
	ssoAttemptLasts = 10 * time.Minute // time to sign in at the provider, including a second factor
)

// ssoHTTP is the client for the providers: discovery, keys and code exchange. A provider that hangs must not
// hold a staff member's sign-in (and a server goroutine) for long.
var ssoHTTP = &http.Client{
	Timeout: 10 * time.Second,
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	},
}

// ssoProviders caches each brand's provider (its discovery document, and through it the signing keys, which
// go-oidc fetches again when a token names a key it does not know). A provider is fetched at its first use and
// fetched again when the brand's issuer changes; a failed fetch is not cached, so the next sign-in tries again.
type ssoProviders struct {
	mu sync.Mutex
	m  map[int64]ssoProviderEntry
}

type ssoProviderEntry struct {
	issuer string
	p      *oidc.Provider
}

// ssoProvider returns the brand's provider, discovering it on first use.
func (s *Server) ssoProvider(ctx context.Context, cfg store.SSOConfig) (*oidc.Provider, error) {
	c := &s.sso
	c.mu.Lock()
	e, ok := c.m[cfg.BrandID]
	c.mu.Unlock()
	if ok && e.issuer == cfg.Issuer {
		return e.p, nil
	}
	// go-oidc keeps the client of this context (not its deadline) for fetching the keys later.
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, ssoHTTP), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso: discover %s: %w", cfg.Issuer, err)
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[int64]ssoProviderEntry{}
	}
	c.m[cfg.BrandID] = ssoProviderEntry{issuer: cfg.Issuer, p: p}
	c.mu.Unlock()
	return p, nil
}

// oauthConfig is vitrine's client at the brand's provider.
func (s *Server) oauthConfig(cfg store.SSOConfig, p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: strings.TrimRight(s.BaseURL, "/") + ssoCallbackPath,
		Scopes:      []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// ssoAttempt is one sign-in on its way through the provider, kept in the browser that started it. It holds
// nothing that grants access by itself: the state must come back from the provider with the code, the nonce
// must be inside the ID token the provider signs, the PKCE verifier proves to the provider that the code is
// exchanged by whoever asked for it, and the brand only chooses which provider and client the token must be from.
type ssoAttempt struct {
	Brand    int64  `json:"b"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x,omitempty"`
	Expires  int64  `json:"e"`
}

// ssoCookieName is the attempt cookie's name; over https it has the __Host- prefix, so that no sibling
// subdomain can plant an attempt of its own in the browser.
func (s *Server) ssoCookieName() string {
	if s.secure() {
		return "__Host-vitrine_sso"
	}
	return "vitrine_sso"
}

// setSSOCookie stores the attempt (or clears it, when nil): HttpOnly, and SameSite=Lax because the provider
// sends the browser back with a top-level GET from its own site.
func (s *Server) setSSOCookie(c echo.Context, a *ssoAttempt, now time.Time) {
	ck := &http.Cookie{Name: s.ssoCookieName(), Path: "/", HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode}
	if a == nil {
		ck.MaxAge, ck.Expires = -1, time.Unix(0, 0)
	} else {
		raw, _ := json.Marshal(a)
		ck.Value = base64.RawURLEncoding.EncodeToString(raw)
		ck.MaxAge, ck.Expires = int(ssoAttemptLasts.Seconds()), now.Add(ssoAttemptLasts)
	}
	c.SetCookie(ck)
}

// ssoAttemptOf reads the browser's attempt, or nil when there is none or it has expired.
func (s *Server) ssoAttemptOf(c echo.Context, now time.Time) *ssoAttempt {
	ck, err := c.Cookie(s.ssoCookieName())
	if err != nil {
		return nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return nil
	}
	var a ssoAttempt
	if json.Unmarshal(raw, &a) != nil || a.State == "" || a.Nonce == "" || a.Verifier == "" || now.Unix() > a.Expires {
		return nil
	}
	return &a
}

// randomToken is 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameSecret compares two secrets in constant time.
func sameSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// ssoRedirect starts a sign-in at the brand's provider: a new attempt in the browser, and the browser sent to the
// provider with the state, the nonce, the PKCE challenge and the address typed as a hint.
func (s *Server) ssoRedirect(c echo.Context, cfg store.SSOConfig, email, next string) error {
	p, err := s.ssoProvider(c.Request().Context(), cfg)
	if err != nil {
		s.Log.Warn("single sign-on: provider unreachable", "brand", cfg.BrandID, "err", err)
		return s.ssoRefuse(c, http.StatusBadGateway, "sso.error.provider", email)
	}
	now := s.now()
	a := &ssoAttempt{Brand: cfg.BrandID, State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier(),
		Next: next, Expires: now.Add(ssoAttemptLasts).Unix()}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier)}
	if email != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", email))
	}
	s.setSSOCookie(c, a, now)
	c.Response().Header().Set("Cache-Control", "no-store")
	to := s.oauthConfig(cfg, p).AuthCodeURL(a.State, opts...)
	if c.Request().Method == http.MethodGet {
		return c.Redirect(http.StatusSeeOther, to)
	}
	// In answer to the sign-in form: see views.StaffSSOContinue for why this is not a redirect.
	c.Response().Header().Set("Refresh", "0; url="+to)
	vm := views.StaffSSOContinuePage{StaffPage: s.staffPage(c, "", "sso.continue.title"), URL: to}
	return Render(c, http.StatusOK, views.StaffSSOContinue(vm))
}

// ssoRefuse shows the sign-in page again with the reason a single sign-on did not go through.
func (s *Server) ssoRefuse(c echo.Context, status int, key, email string) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	vm := views.StaffLoginPage{StaffPage: s.staffPage(c, "", "staff.login.title"), SSOEmail: email}
	vm.SSOError = vm.L.T(key)
	return Render(c, status, views.StaffLogin(vm))
}

// claimStrings reads a claim that holds one string or a list of them (groups, roles).
func claimStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// claimTrue reads a boolean claim; a few providers send email_verified as the string "true".
func claimTrue(v any) bool {
	b, ok := v.(bool)
	return (ok && b) || v == "true"
}
