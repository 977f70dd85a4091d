package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"vitrine/seed"
	"vitrine/token"
)

func TestEmbedTokenChecks(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	northwind, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	mKeys, _ := s.DB.BrandKeys(ctx, maison.ID, testNow)
	nKeys, _ := s.DB.BrandKeys(ctx, northwind.ID, testNow)
	sign := func(k token.Key, iss, sub, aud string, ttl time.Duration, at time.Time) string {
		tok, err := token.Sign(k, iss, sub, aud, ttl, at)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	mk := token.Key{KID: mKeys[0].KID, Secret: mKeys[0].Secret}
	nk := token.Key{KID: nKeys[0].KID, Secret: nKeys[0].Secret}
	valid := sign(mk, maison.Slug, seed.CamilleID, token.AudEmbed, 10*time.Minute, testNow)
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"iss": maison.Slug, "sub": seed.CamilleID, "aud": token.AudEmbed,
		"exp": testNow.Add(time.Minute).Unix(), "iat": testNow.Unix(), "jti": "x"}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{"iss": maison.Slug, "sub": seed.CamilleID, "aud": token.AudEmbed,
		"exp": testNow.Add(time.Minute).Unix(), "iat": testNow.Unix(), "jti": "x"}).SignedString(mk.Secret)
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + strings.TrimRight(parts[1], "Q") + "R." + parts[2]

	cases := []struct {
		name      string
		tok       string
		status    int
		ancestors string
	}{
		{"valid", valid, 200, "http://127.0.0.1:8081 http://localhost:8081"},
		{"expired", sign(mk, maison.Slug, seed.CamilleID, token.AudEmbed, time.Minute, testNow.Add(-time.Hour)), 401, "http://127.0.0.1:8081"},
		{"session token used as embed token", sign(mk, maison.Slug, seed.CamilleID, token.AudSession, time.Minute, testNow), 401, "http://127.0.0.1:8081"},
		{"unknown brand", sign(mk, "no-such-brand", seed.CamilleID, token.AudEmbed, time.Minute, testNow), 401, "'none'"},
		{"signed with another brand's secret", sign(nk, maison.Slug, seed.CamilleID, token.AudEmbed, time.Minute, testNow), 401, "http://127.0.0.1:8081"},
		{"alg none", none, 401, "http://127.0.0.1:8081"},
		{"another algorithm", hs512, 401, "http://127.0.0.1:8081"},
		{"customer that does not exist", sign(mk, maison.Slug, "C-0000", token.AudEmbed, time.Minute, testNow), 401, "http://127.0.0.1:8081"},
		{"tampered payload", tampered, 401, ""},
		{"no token", "", 401, "'none'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, h, body := get(t, client(t), ts.URL+"/embed/v1?token="+url.QueryEscape(c.tok))
			if status != c.status {
				t.Fatalf("status %d, want %d", status, c.status)
			}
			csp := h.Get("Content-Security-Policy")
			if c.ancestors != "" && !strings.Contains(csp, "frame-ancestors "+c.ancestors) {
				t.Errorf("CSP %q, want frame-ancestors %s", csp, c.ancestors)
			}
			if h.Get("Set-Cookie") != "" {
				t.Error("the widget set a cookie")
			}
			if c.status == 200 {
				if h.Get("X-Frame-Options") != "" {
					t.Error("the widget sends X-Frame-Options, which would forbid every frame")
				}
				for _, want := range []string{`data-testid="summary"`, `data-testid="spark"`, `data-testid="embed-systems"`, `data-testid="consent-controls"`, `data-parent-origin=""`} {
					if !strings.Contains(body, want) {
						t.Errorf("widget lacks %s", want)
					}
				}
				return
			}
			if !strings.Contains(body, `data-testid="embed-error"`) || strings.Contains(body, "Camille") {
				t.Error("a refused token must get the small in-frame message and no data")
			}
		})
	}

	// Rotation: with a grace period old tokens keep working; retired at once, they stop.
	if _, err := s.DB.RotateBrandKey(ctx, maison.ID, false, 24*time.Hour, testNow); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := get(t, client(t), ts.URL+"/embed/v1?token="+url.QueryEscape(valid)); st != 200 {
		t.Fatalf("token of the previous key during the grace period: %d, want 200", st)
	}
	if _, err := s.DB.RotateBrandKey(ctx, maison.ID, true, 0, testNow); err != nil {
		t.Fatal(err)
	}
	if st, _, _ := get(t, client(t), ts.URL+"/embed/v1?token="+url.QueryEscape(valid)); st != 401 {
		t.Fatalf("token of a rotated-out key: %d, want 401", st)
	}
	// Northwind frames from its own origins, Maison from its own; other pages are never framed.
	s.DB.SetEmbedOrigins(ctx, northwind.ID, []string{"https://bank.example"})
	nTok := mintIn(t, s.DB, seed.BrandNorthwind, seed.SamID, token.AudEmbed, time.Minute)
	if _, h, _ := get(t, client(t), ts.URL+"/embed/v1?token="+url.QueryEscape(nTok)); !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors https://bank.example") {
		t.Errorf("Northwind widget CSP %q", h.Get("Content-Security-Policy"))
	}
}

func TestEmbedConsentToggleWithoutCookies(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	tok := mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudEmbed, 10*time.Minute)
	c := client(t)
	form := url.Values{"token": {tok}, "purpose": {"recommendations"}, "state": {"refused"}, "shown": {"granted"}, "parent": {"http://127.0.0.1:8081"}}
	resp, err := c.PostForm(ts.URL+"/embed/v1/consents", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "done=") || resp.Header.Get("Set-Cookie") != "" {
		t.Fatalf("widget consent: %d %q cookie %q", resp.StatusCode, loc, resp.Header.Get("Set-Cookie"))
	}
	status, _, body := get(t, c, ts.URL+loc)
	if status != 200 || !strings.Contains(body, `data-testid="notice"`) || !strings.Contains(body, `data-parent-origin="http://127.0.0.1:8081"`) {
		t.Fatalf("widget after the change: %d", status)
	}
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	hist, _ := s.DB.ConsentHistory(ctx, cust.ID, 0)
	if hist[0].Method != "widget" || hist[0].State != "refused" {
		t.Fatalf("latest choice = %+v, want refused through the widget", hist[0])
	}
	// The same form again is stale and changes nothing; a forged token changes nothing either.
	resp, _ = c.PostForm(ts.URL+"/embed/v1/consents", form)
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Location"), "error=stale") {
		t.Fatalf("replayed widget form: %q", resp.Header.Get("Location"))
	}
	form.Set("token", tok+"x")
	resp, _ = c.PostForm(ts.URL+"/embed/v1/consents", form)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged token: %d", resp.StatusCode)
	}
	if n, _ := s.DB.ConsentHistory(ctx, cust.ID, 0); len(n) != len(hist) {
		t.Fatal("a refused widget form changed the history")
	}
	// An untrusted parent origin is never given the resize messages.
	_, _, body = get(t, c, ts.URL+"/embed/v1?token="+url.QueryEscape(tok)+"&parent="+url.QueryEscape("https://evil.example"))
	if !regexp.MustCompile(`data-parent-origin=""`).MatchString(body) {
		t.Error("an unregistered parent origin was trusted")
	}
}
