package handlers

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/token"
)

// TestAdminEmbedOriginsRefusesNonOrigins types lines that are not one site's origin into the admin form: each
// is refused with a message naming it and what is wrong, the list is not saved, and the lines typed stay in
// the form. Good lines are saved rebuilt from their parts.
func TestAdminEmbedOriginsRefusesNonOrigins(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	before := b.EmbedOrigins
	bad := []struct{ origin, says string }{
		{"https://*", "A * is not allowed"},
		{"https://*.shop.example", "A * is not allowed"},
		{"https://shop.example; script-src *", "Leave out the path"},
		{"https://shop.example;report-uri", "Leave out the path"},
		{"https://shop.example:99999", "from 1 to 65535"},
		{"https://shop.example:0", "from 1 to 65535"},
		{"https://shop.example/path", "Leave out the path"},
		{"https://shop.example?x=1", "Leave out the path"},
		{"https://shop.example#top", "Leave out the path"},
		{"https://user@shop.example", "Leave out the path"},
		{"http://shop.example", "use https"},
		{"ftp://shop.example", "use https"},
		{"shop.example", "use https"},
		{"https://-shop.example", "not a site name"},
		{"https://shop_1.example", "not a site name"},
		{"https://1.2.3.999", "not a site name"},
		{"https://", "not a site name"},
	}
	for _, bc := range bad {
		t.Run(bc.origin, func(t *testing.T) {
			typed := "https://good.example\n" + bc.origin
			status, _, body := staffSubmit(t, c, ts.URL+"/admin/settings?lang=en", ts.URL+"/admin/settings/origins", url.Values{"origins": {typed}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-origins"`) {
				t.Fatalf("status %d, want 422 with the field's error", status)
			}
			text := html.UnescapeString(body)
			if !strings.Contains(text, bc.origin+": ") || !strings.Contains(text, bc.says) {
				t.Errorf("the message does not name %q with %q", bc.origin, bc.says)
			}
			if !strings.Contains(text, "Nothing was saved.") {
				t.Error("the message does not say that the list was not saved")
			}
			if !strings.Contains(text, "https://good.example") {
				t.Error("the valid line is lost from the form")
			}
			if b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison); !slices.Equal(b.EmbedOrigins, before) {
				t.Errorf("a refused list changed the origins to %q", b.EmbedOrigins)
			}
		})
	}

	typed := "HTTPS://Shop.Example:443/\nhttps://shop.example:8443\nhttp://LOCALHOST:8080\nhttp://127.0.0.1:8081\nhttps://[::1]:9000\nhttps://xn--caf-dma.example"
	status, loc, _ := staffSubmit(t, c, ts.URL+"/admin/settings", ts.URL+"/admin/settings/origins", url.Values{"origins": {typed}})
	if status != http.StatusSeeOther || loc != "/admin/settings?done=origins.saved" {
		t.Fatalf("good origins: status %d to %q", status, loc)
	}
	want := []string{"https://shop.example", "https://shop.example:8443", "http://localhost:8080", "http://127.0.0.1:8081", "https://[::1]:9000", "https://xn--caf-dma.example"}
	if b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison); !slices.Equal(b.EmbedOrigins, want) {
		t.Errorf("saved %q, want %q", b.EmbedOrigins, want)
	}
}

// TestEmbedFrameAncestorsOnlyOrigins puts bad origins straight into the brand's row, as an old version or a
// hand edit could have: the widget's frame-ancestors still lists only real origins, and no ";" or "*" from a
// row reaches the header.
func TestEmbedFrameAncestorsOnlyOrigins(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	rows := "https://good.example\nhttps://*\nhttps://*.evil.example\nhttps://x.example; script-src *\nhttps://x.example:99999\nHTTPS://Upper.Example/"
	if _, err := s.DB.Writer().ExecContext(ctx, `UPDATE brands SET embed_origins = ? WHERE id = ?`, rows, b.ID); err != nil {
		t.Fatal(err)
	}
	tok := mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudEmbed, 10*60e9)
	status, h, _ := get(t, client(t), ts.URL+"/embed/v1?token="+url.QueryEscape(tok))
	if status != http.StatusOK {
		t.Fatalf("widget: status %d", status)
	}
	csp := h.Get("Content-Security-Policy")
	_, ancestors, _ := strings.Cut(csp, "frame-ancestors ")
	if ancestors != "https://good.example https://upper.example" {
		t.Errorf("frame-ancestors %q, want only the two real origins", ancestors)
	}
	if strings.Contains(ancestors, ";") || strings.Contains(ancestors, "*") || strings.Count(csp, "script-src") != 1 {
		t.Errorf("a row's text reached the header: %q", csp)
	}
}
