package handlers

import (
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/static"
	"vitrine/token"
)

// TestWidgetWeight keeps the widget's first load small: HTML, CSS and JS as sent compressed, cold (nothing
// cached) under 200 KB and warm (assets cached, only the HTML) under 15 KB.
func TestWidgetWeight(t *testing.T) {
	_, ts := newTestServer(t)
	tok := mint(t, seed.BrandMaison, seed.CamilleID, token.AudEmbed, 10*time.Minute)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/embed/v1?token="+url.QueryEscape(tok), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("widget: %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	html := len(body)
	assets := static.GzipSize("css/app.css") + static.GzipSize("js/embed-child.js")
	t.Logf("widget first load: HTML %d B + CSS/JS %d B = %d B compressed cold, %d B warm", html, assets, html+assets, html)
	if html+assets > 200_000 {
		t.Errorf("cold load %d B, over 200 KB", html+assets)
	}
	if html > 15_000 {
		t.Errorf("warm load %d B, over 15 KB", html)
	}
}
