package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"vitrine/seed"
)

// TestDemoSitePortalOpensTheCustomersPage follows the demo brand's "see my AI page" address, where refused links
// send the customer: it gives a fresh single-use link that signs Camille in.
func TestDemoSitePortalOpensTheCustomersPage(t *testing.T) {
	s, ts := newTestServer(t)
	site := httptest.NewServer(DemoSite(s.DB, ts.URL, "http://127.0.0.1:8081", seed.BrandMaison, seed.CamilleID))
	defer site.Close()
	c := client(t)
	resp, err := c.Get(site.URL + DemoPortalPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, ts.URL+"/s/") {
		t.Fatalf("portal: %d to %q", resp.StatusCode, loc)
	}
	if resp, err = c.Get(loc); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me" {
		t.Fatalf("the portal's link: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, _, body := get(t, c, ts.URL+"/me"); status != http.StatusOK || !strings.Contains(body, "Camille Martin · C-1001") {
		t.Fatalf("/me after the portal: %d", status)
	}
}
