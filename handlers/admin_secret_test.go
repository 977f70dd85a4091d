package handlers

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"html"
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

var secretLinesRe = regexp.MustCompile(`data-testid="secret-lines">VITRINE_KID=([0-9a-f]+)\nVITRINE_SECRET=([A-Za-z0-9_-]+)</code>`)

// TestAdminSecretShownOnce rotates the signing secret in /admin/settings: the admin reads the kid and secret
// once, on the page that answers the rotation; a token the brand signs with them opens the customer's link; the
// settings page afterwards lists the keys by kid and state without any secret; "stop the old one at once"
// refuses tokens of the old secret; privacy staff cannot rotate.
func TestAdminSecretShownOnce(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	admin, privacy := staffSignIn(t, ts, adminA), staffSignIn(t, ts, privacyA)
	settings, rotate := ts.URL+"/admin/settings", ts.URL+"/admin/settings/rotate"

	if status, _, _ := staffSubmit(t, privacy, settings, rotate, url.Values{}); status != http.StatusForbidden {
		t.Errorf("privacy rotated the signing secret: status %d, want 403", status)
	}
	// rotateSecret rotates as the admin and reads the kid and secret off the page.
	rotateSecret := func(form url.Values) (string, []byte, string) {
		t.Helper()
		status, _, body := staffSubmit(t, admin, settings, rotate, form)
		m := secretLinesRe.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			t.Fatalf("rotate: status %d, and the page shows no VITRINE_KID/VITRINE_SECRET lines", status)
		}
		if !strings.Contains(body, "We will not show this secret again") {
			t.Error("the new secret comes without the warning to store it now")
		}
		assertNoRawText(t, "rotation page", body)
		secret, err := base64.RawURLEncoding.DecodeString(m[2])
		if err != nil || len(secret) != 32 {
			t.Fatalf("secret %q: %v", m[2], err)
		}
		return m[1], secret, body
	}
	// opens reports whether a session link signed with kid and secret signs the customer in.
	opens := func(kid string, secret []byte) bool {
		t.Helper()
		tok, err := token.Sign(token.Key{KID: kid, Secret: secret}, seed.BrandMaison, seed.CamilleID, token.AudSession, 5*time.Minute, s.now())
		if err != nil {
			t.Fatal(err)
		}
		status, h, _ := get(t, client(t), ts.URL+"/s/"+tok)
		return status == http.StatusSeeOther && h.Get("Location") == "/me"
	}

	kid1, secret1, _ := rotateSecret(url.Values{})
	if !opens(kid1, secret1) {
		t.Fatal("a link signed with the secret shown after the rotation does not open")
	}
	status, _, page := get(t, admin, settings, "Accept-Language", "en")
	if status != http.StatusOK || strings.Contains(page, base64.RawURLEncoding.EncodeToString(secret1)) || strings.Contains(page, "VITRINE_SECRET") {
		t.Fatalf("the settings page shows the secret again (status %d)", status)
	}
	table := html.UnescapeString(page[strings.Index(page, `data-testid="signing-keys"`):])
	table = table[:strings.Index(table, "</table>")]
	if !strings.Contains(table, kid1) || !strings.Contains(table, "Signs new links") || !strings.Contains(table, "Still works until") {
		t.Errorf("the signing keys table does not show the new key signing and the old one still working:\n%s", table)
	}

	kid2, secret2, body := rotateSecret(url.Values{"now": {"1"}})
	if strings.Contains(body, base64.RawURLEncoding.EncodeToString(secret1)) {
		t.Error("the second rotation shows the first secret again")
	}
	if !opens(kid2, secret2) || opens(kid1, secret1) {
		t.Error("after stopping the old secret at once, only links of the new one must open")
	}
}

// TestAdminPublicKeys registers the brand's own Ed25519 public key in /admin/settings: a link the brand signs with
// the private key then opens, a private key pasted by mistake is refused and not echoed back, only admins may add
// or remove, and once removed the key's links are refused.
func TestAdminPublicKeys(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	admin, privacy := staffSignIn(t, ts, adminA), staffSignIn(t, ts, privacyA)
	settings, add, remove := ts.URL+"/admin/settings", ts.URL+"/admin/settings/public-keys", ts.URL+"/admin/settings/public-keys/remove"
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	x := base64.RawURLEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
	public := `{"kty":"OKP","crv":"Ed25519","x":"` + x + `","kid":"shop-2026"}`
	opens := func() bool {
		t.Helper()
		tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims{"iss": seed.BrandMaison, "sub": seed.CamilleID, "aud": token.AudSession,
			"iat": s.now().Unix(), "exp": s.now().Add(5 * time.Minute).Unix(), "jti": rand.Text()})
		tok.Header["kid"] = "shop-2026"
		raw, err := tok.SignedString(priv)
		if err != nil {
			t.Fatal(err)
		}
		status, h, _ := get(t, client(t), ts.URL+"/s/"+raw)
		return status == http.StatusSeeOther && h.Get("Location") == "/me"
	}

	if opens() {
		t.Fatal("a link signed by an unregistered key opened")
	}
	if status, _, _ := staffSubmit(t, privacy, settings, add, url.Values{"jwk": {public}}); status != http.StatusForbidden {
		t.Errorf("privacy added a public key: status %d, want 403", status)
	}
	seedB64 := base64.RawURLEncoding.EncodeToString(priv.Seed())
	for _, c := range []struct{ name, jwk, want string }{
		{"private key", `{"kty":"OKP","crv":"Ed25519","x":"` + x + `","d":"` + seedB64 + `"}`, "This is a private key"},
		{"RSA", `{"kty":"RSA","n":"AQAB","e":"AQAB"}`, "We cannot use this key"},
		{"empty", "", "required"},
	} {
		status, _, body := staffSubmit(t, admin, settings, add, url.Values{"jwk": {c.jwk}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), c.want) {
			t.Errorf("%s: status %d, want 422 saying %q", c.name, status, c.want)
		}
		if strings.Contains(body, seedB64) {
			t.Errorf("%s: the private key is sent back in the page", c.name)
		}
	}
	status, _, body := staffSubmit(t, admin, settings, add, url.Values{"jwk": {public}})
	if status != http.StatusOK || !strings.Contains(body, "VITRINE_KID=shop-2026") || !strings.Contains(body, `data-testid="public-keys"`) {
		t.Fatalf("adding the public key: status %d", status)
	}
	assertNoRawText(t, "settings with a public key", body)
	if !opens() {
		t.Fatal("a link signed with the registered key's private half does not open")
	}
	if status, _, _ := staffSubmit(t, admin, settings, add, url.Values{"jwk": {public}}); status != http.StatusUnprocessableEntity {
		t.Errorf("the same kid twice: status %d, want 422", status)
	}
	if status, _, _ := staffSubmit(t, privacy, settings, remove, url.Values{"kid": {"shop-2026"}}); status != http.StatusForbidden {
		t.Errorf("privacy removed a public key: status %d, want 403", status)
	}
	if status, _, _ := staffSubmit(t, admin, settings, remove, url.Values{"kid": {"shop-2026"}}); status != http.StatusOK {
		t.Fatalf("remove: status %d", status)
	}
	if opens() {
		t.Error("a link of the removed key still opens")
	}
}
