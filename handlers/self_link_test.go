package handlers

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var hrefRe = regexp.MustCompile(`(?:href|action|src)="([^"]*)"`)

// TestSelfLinksStayOnSite asks for paths a browser would read as another site when linked back to; every link
// on the page that answers (the language switch included) must stay on vitrine.
func TestSelfLinksStayOnSite(t *testing.T) {
	_, ts := newTestServer(t)
	for _, path := range []string{"//evil.example/x", `/\evil.example`, `/\/evil.example/x?a=1`, "///evil.example", "//evil.example/x?lang=fr&next=//evil.example"} {
		t.Run(path, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, ts.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.URL.Path, req.URL.RawQuery, _ = strings.Cut(path, "?") // the path as written, not parsed as a URL
			req.Header.Set("Accept-Language", "en")
			resp, err := client(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := new(strings.Builder)
			if _, err := io.Copy(body, resp.Body); err != nil {
				t.Fatal(err)
			}
			if loc := resp.Header.Get("Location"); loc != "" && !localLink(loc) {
				t.Errorf("redirected off-site to %q", loc)
			}
			links := hrefRe.FindAllStringSubmatch(body.String(), -1)
			if len(links) == 0 || !strings.Contains(body.String(), `lang=`) {
				t.Fatalf("status %d: no language link on the page", resp.StatusCode)
			}
			for _, m := range links {
				if !localLink(html.UnescapeString(m[1])) {
					t.Errorf("link %q leaves the site", m[1])
				}
			}
		})
	}
}

// localLink reports a link that stays on the site: a path with one leading slash, or a fragment.
func localLink(l string) bool {
	if strings.HasPrefix(l, "#") {
		return true
	}
	return strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") && !strings.HasPrefix(l, `/\`)
}
