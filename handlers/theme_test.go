package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

// TestBrandColoursReachEveryPage checks that each brand's colours arrive as real CSS, in a <style> carrying the
// response's CSP nonce, on the customer's pages, the widget, the error pages of its links and the staff console:
// once, the rule reached every page as template source and no brand colour ever showed.
func TestBrandColoursReachEveryPage(t *testing.T) {
	_, ts := newTestServer(t)
	styleRe := regexp.MustCompile(`<style nonce="([^"]+)">([^<]*)</style>`)
	nonceRe := regexp.MustCompile(`'nonce-([^']+)'`)
	check := func(what string, h http.Header, body, want string) {
		t.Helper()
		m := styleRe.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s: no nonce'd <style> with the brand colours", what)
			return
		}
		if m[2] != want {
			t.Errorf("%s: brand CSS is %q, want %q", what, m[2], want)
		}
		if n := nonceRe.FindStringSubmatch(h.Get("Content-Security-Policy")); n == nil || n[1] != m[1] {
			t.Errorf("%s: the <style> nonce %q is not the response's CSP nonce", what, m[1])
		}
		if strings.Contains(body, `{ "`) || strings.Contains(body, "if p.") {
			t.Errorf("%s: template source reached the page", what)
		}
	}
	maison := ":root{--brand:#7a3b5e;--accent:#c9a227;}"
	northwind := ":root{--brand:#0b4f6c;--accent:#20a39e;}"

	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, h, body := get(t, camille, ts.URL+"/me")
	check("Camille's /me", h, body, maison)
	_, h, body = get(t, camille, ts.URL+"/me/systems/product-recommender")
	check("Camille's system page", h, body, maison)
	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	_, h, body = get(t, sam, ts.URL+"/me/consents")
	check("Sam's /me/consents", h, body, northwind)

	widget := mint(t, seed.BrandMaison, seed.CamilleID, token.AudEmbed, 10*time.Minute)
	_, h, body = get(t, client(t), ts.URL+"/embed/v1?token="+widget)
	check("Camille's widget", h, body, maison)

	// A used link is refused on a page in the brand's colours, in the customer's language, with the brand's way
	// back in.
	link := mint(t, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	get(t, client(t), ts.URL+"/s/"+link)
	status, h, body := get(t, client(t), ts.URL+"/s/"+link, "Accept-Language", "en")
	if status != http.StatusUnauthorized {
		t.Fatalf("used link: status %d", status)
	}
	check("the used-link page", h, body, maison)
	for _, want := range []string{`<html lang="fr"`, "Ce lien a déjà servi", "Maison Lumière", `href="http://127.0.0.1:8081/mon-compte/ia"`, "Ouvrir ma page IA sur le site de Maison Lumière"} {
		if !strings.Contains(body, want) {
			t.Errorf("the used-link page lacks %q", want)
		}
	}

	staff := staffSignIn(t, ts, supportA)
	_, h, body = get(t, staff, ts.URL+"/staff", "Accept-Language", "en")
	check("the staff console", h, body, maison)
}

// TestThemeContrastIsEnforced refuses, in the admin form, a main colour white text cannot be read on (with the
// measured contrast and a colour that passes), saves a readable one normalised, and shows a colour stored
// before the rule adjusted to one that reads.
func TestThemeContrastIsEnforced(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	admin := staffSignIn(t, ts, adminA)
	status, _, body := staffSubmit(t, admin, ts.URL+"/admin/settings", ts.URL+"/admin/settings/theme",
		url.Values{"primary": {"#f4d35e"}, "accent": {"#c9a227"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "White text on #f4d35e has a contrast of 1.5 to 1") || !strings.Contains(body, "Try #") {
		t.Fatalf("a pale main colour: status %d; page: %.400s", status, body[strings.Index(body, "<main"):])
	}
	status, _, _ = staffSubmit(t, admin, ts.URL+"/admin/settings", ts.URL+"/admin/settings/theme",
		url.Values{"primary": {"#5B2A45"}, "accent": {"#c9a227"}})
	if status != http.StatusSeeOther {
		t.Fatalf("a readable theme: status %d", status)
	}
	ctx := t.Context()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	if b.Theme.Primary != "#5b2a45" {
		t.Errorf("saved main colour %q, want it normalised to #5b2a45", b.Theme.Primary)
	}

	// A colour written before the rule (or by hand) is shown adjusted, never as it is.
	if err := s.DB.SetTheme(ctx, b.ID, store.Theme{Primary: "#f4d35e", Accent: "#c9a227"}); err != nil {
		t.Fatal(err)
	}
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, body = get(t, camille, ts.URL+"/me")
	m := regexp.MustCompile(`--brand:(#[0-9a-f]{6});`).FindStringSubmatch(body)
	if m == nil || m[1] == "#f4d35e" || store.Contrast(m[1], "#ffffff") < store.MinContrast {
		t.Errorf("a stored pale colour is shown as %v", m)
	}
}
