package handlers

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
)

// TestBrowserGovernance signs in as a brand admin and runs axe-core on every governance page, in both
// languages, checking that no console error shows.
func TestBrowserGovernance(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	ctx, errs := browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/staff/login?lang=en"),
		chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, adminA),
		chromedp.SendKeys(`#password`, seed.StaffPassword),
		chromedp.Submit(`#password`),
		// The login page has a main too: wait for the signed-in console, or the next navigation races the
		// login's redirect and one of them is aborted.
		chromedp.WaitVisible(`[data-testid="staff-who"]`),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	for _, lang := range []string{"en", "fr"} {
		for _, path := range []string{"/admin", "/admin/systems", "/admin/systems/new", "/admin/systems/product-recommender", "/admin/systems/product-recommender/models", "/admin/purposes", "/admin/purposes/recommendations", "/admin/categories", "/admin/coverage", "/admin/violations", "/admin/changes", "/admin/settings"} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path+sep+"lang="+lang), chromedp.WaitReady("main")); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			reportAxe(t, "admin "+lang+" "+path, runAxe(t, ctx))
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
