package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"vitrine/seed"
	"vitrine/token"
)

// A brand's code that mints a link with a far expiry and no iat, or with its times written as strings, gets it
// refused like any other bad link: the customer sees the page they would see for an expired or broken link, and
// no session or widget.
func TestLongLivedAndStringTimedTokensRefused(t *testing.T) {
	_, ts := newTestServer(t)
	ctx := context.Background()
	maison, _ := sharedDB.BrandBySlug(ctx, seed.BrandMaison)
	keys, _ := sharedDB.BrandKeys(ctx, maison.ID, testNow)
	sign := func(aud string, times jwt.MapClaims) string {
		claims := jwt.MapClaims{"iss": maison.Slug, "sub": seed.CamilleID, "aud": aud, "jti": "long-" + aud}
		for k, v := range times {
			claims[k] = v
		}
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
		tok.Header["kid"] = keys[0].KID
		s, err := tok.SignedString(keys[0].Secret)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tenYears := testNow.Add(10 * 365 * 24 * time.Hour).Unix()
	inTenMinutes := strconv.FormatInt(testNow.Add(10*time.Minute).Unix(), 10)
	cases := []struct {
		name, aud, page, want string
		times                 jwt.MapClaims
	}{
		{"session link for 10 years, no iat", token.AudSession, "/s/", "This link has expired", jwt.MapClaims{"exp": tenYears}},
		{"session link with exp a string", token.AudSession, "/s/", "This link does not work", jwt.MapClaims{"exp": inTenMinutes}},
		{"widget for 10 years, no iat", token.AudEmbed, "/embed/v1?token=", "This view has expired", jwt.MapClaims{"exp": tenYears}},
		{"widget with exp a string", token.AudEmbed, "/embed/v1?token=", "We cannot show your data here", jwt.MapClaims{"exp": inTenMinutes}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := client(t)
			status, h, body := get(t, cl, ts.URL+c.page+url.QueryEscape(sign(c.aud, c.times)), "Accept-Language", "en")
			if status != http.StatusUnauthorized || !strings.Contains(body, c.want) {
				t.Fatalf("status %d, want 401 with %q; page: %.300s", status, c.want, body)
			}
			if h.Get("Set-Cookie") != "" || strings.Contains(body, "Camille") {
				t.Error("a refused token opened a session or showed the customer's data")
			}
		})
	}
}
