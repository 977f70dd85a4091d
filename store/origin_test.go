package store

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestCanonicalOrigin keeps scheme, host and port, rebuilt, and refuses anything a browser would not match as
// one site's origin or that would change the header it is written into.
func TestCanonicalOrigin(t *testing.T) {
	cases := []struct{ in, want, reason string }{
		{"https://shop.example", "https://shop.example", ""},
		{"HTTPS://Shop.EXAMPLE:443/", "https://shop.example", ""},
		{"https://shop.example:8443", "https://shop.example:8443", ""},
		{"http://localhost:8081", "http://localhost:8081", ""},
		{"http://127.0.0.1:80", "http://127.0.0.1", ""},
		{"https://[::1]:9000", "https://[::1]:9000", ""},
		{"https://203.0.113.7", "https://203.0.113.7", ""},
		{"https://*", "", OriginWildcard},
		{"https://*.shop.example", "", OriginWildcard},
		{"https://shop.example;", "", OriginExtra},
		{"https://shop.example frame-src *", "", OriginExtra},
		{"https://shop.example:99999", "", OriginPort},
		{"https://shop.example:", "", OriginPort},
		{"https://shop.example/a", "", OriginExtra},
		{"https://a@shop.example", "", OriginExtra},
		{"http://shop.example", "", OriginScheme},
		{"javascript:alert(1)", "", OriginScheme},
		{"https://shop..example", "", OriginHost},
		{"https://café.example", "", OriginHost},
		{"https://[fe80::1%25eth0]", "", OriginHost},
	}
	for _, c := range cases {
		got, err := CanonicalOrigin(c.in)
		var oe *OriginError
		switch {
		case c.reason == "" && (err != nil || got != c.want):
			t.Errorf("CanonicalOrigin(%q) = %q, %v; want %q", c.in, got, err, c.want)
		case c.reason != "" && (!errors.As(err, &oe) || oe.Reason != c.reason || oe.Origin != c.in || !errors.Is(err, ErrBadOrigin)):
			t.Errorf("CanonicalOrigin(%q) = %q, %v; want refused for %s", c.in, got, err, c.reason)
		}
	}
}

// TestSetEmbedOriginsRefusesBadList stores good origins rebuilt, refuses a list with one bad origin whole, and
// never hands back a bad origin found in a row.
func TestSetEmbedOriginsRefusesBadList(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.db.SetEmbedOrigins(ctx, f.brand.ID, []string{"https://Shop.example/", "https://shop.example"}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetEmbedOrigins(ctx, f.brand.ID, []string{"https://other.example", "https://*"}); !errors.Is(err, ErrBadOrigin) {
		t.Fatalf("a list with https://* : %v", err)
	}
	b, _ := f.db.BrandByID(ctx, f.brand.ID)
	if !slices.Equal(b.EmbedOrigins, []string{"https://shop.example"}) {
		t.Fatalf("origins %q", b.EmbedOrigins)
	}
	if _, err := f.db.w.ExecContext(ctx, `UPDATE brands SET embed_origins = ? WHERE id = ?`, "https://shop.example\nhttps://x.example; script-src *", f.brand.ID); err != nil {
		t.Fatal(err)
	}
	b, _ = f.db.BrandByID(ctx, f.brand.ID)
	if !slices.Equal(b.EmbedOrigins, []string{"https://shop.example"}) {
		t.Fatalf("a bad row came back: %q", b.EmbedOrigins)
	}
}
