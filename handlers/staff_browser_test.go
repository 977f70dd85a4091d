package handlers

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
	"vitrine/token"
)

// TestBrowserStaffConsole signs in through the form, searches as the agent types (the results come from
// the fragment endpoint and the count is announced), opens a customer with a reason, and runs axe-core on
// every console page and on the customer's list of staff visits.
func TestBrowserStaffConsole(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx, errs := browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/staff/reviews?lang=en"),
		chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, adminA),
		chromedp.SendKeys(`#password`, seed.StaffPassword),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`[data-testid="reviews-empty"]`),
		chromedp.Navigate(ts.URL+"/staff?lang=en"),
		chromedp.WaitVisible(`#q`),
		chromedp.SendKeys(`#q`, "camille"),
		chromedp.WaitVisible(`[data-testid="hit"]`),
		chromedp.Sleep(100*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("sign in and search: %v (errors so far: %v)", err, errs())
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('search-status').textContent`))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if status != "1 customer found." || !strings.Contains(loc, "/staff?") || !strings.Contains(loc, "q=camille") {
		t.Errorf("after typing: status %q, address %q", status, loc)
	}

	camille := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	err = chromedp.Do(ctx,
		chromedp.Click(`[data-testid="hit"]`),
		chromedp.WaitVisible(`#reason`),
		chromedp.SendKeys(`#reason`, "ticket #4812, refund question"),
		chromedp.Submit(`#reason`),
		chromedp.WaitVisible(`[data-testid="staff-banner"]`),
	)
	if err != nil {
		t.Fatalf("open Camille: %v", err)
	}
	base := staffCustomerPath(camille)
	for _, lang := range []string{"en", "fr"} {
		paths := []string{"/staff?q=mar", base, base + "/view", "/staff/reviews", "/staff/audit", "/staff/team"}
		if lang == "fr" { // the French pages share their markup with the English ones
			paths = paths[:2]
		}
		for _, path := range paths {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path+sep+"lang="+lang), chromedp.WaitReady("main")); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			reportAxe(t, "staff "+lang+" "+path, runAxe(t, ctx))
		}
	}
	link := ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	for _, lang := range []string{"en", "fr"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.Navigate(ts.URL+"/me/access?lang="+lang), chromedp.WaitVisible(`[data-testid="access"]`)); err != nil {
			t.Fatalf("/me/access: %v", err)
		}
		reportAxe(t, "customer "+lang+" /me/access", runAxe(t, ctx))
		link = ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
