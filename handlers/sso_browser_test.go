package handlers

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSSO signs a staff member in through the test identity provider as a person would: the work address
// typed on vitrine's sign-in page, the provider's own sign-in page, then back in the staff console with the role
// the provider's groups give; then signs out. The sign-in page passes axe-core in both languages.
func TestBrowserSSO(t *testing.T) {
	_, ts, idp := ssoWorld(t)
	email := "lea@maison-lumiere.example"
	idp.person(email, true, "vitrine-privacy")
	ctx, errs := browser(t)
	for _, lang := range []string{"fr", "en"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/staff/login?lang="+lang), chromedp.WaitVisible(`#sso-email`)); err != nil {
			t.Fatal(err)
		}
		reportAxe(t, "staff sign-in "+lang, runAxe(t, ctx))
	}
	err := chromedp.Do(ctx,
		chromedp.SendKeys(`#sso-email`, email),
		chromedp.Submit(`#sso-email`),
		chromedp.WaitVisible(`#username`), // the provider's page
	)
	if err != nil {
		t.Fatalf("to the provider: %v (errors so far: %v)", err, errs())
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasPrefix(loc, idp.URL) {
		t.Fatalf("the company sign-in went to %s, not the provider", loc)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`#username`, email),
		chromedp.SendKeys(`#password`, idpPassword),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`[data-testid="staff-who"]`),
	)
	if err != nil {
		t.Fatalf("back from the provider: %v (errors so far: %v)", err, errs())
	}
	who, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="staff-who"]').textContent`))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasPrefix(loc, ts.URL+"/staff") || !strings.Contains(who, "Privacy team") {
		t.Errorf("signed in at %s as %q, want the console as the privacy team", loc, who)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/staff/audit?lang=en"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/staff/audit") {
		t.Errorf("the privacy team's audit log sent the browser to %s", loc)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`form.signout button`), chromedp.WaitVisible(`#sso-email`)); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/staff/audit?lang=en"), chromedp.WaitVisible(`#sso-email`)); err != nil {
		t.Fatalf("after signing out: %v", err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/staff/login") {
		t.Errorf("after signing out, the audit log is at %s, want the sign-in page", loc)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
