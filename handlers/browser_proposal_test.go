package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
	"vitrine/token"
)

// browserSignIn signs a staff member in through the sign-in form and waits for the console.
func browserSignIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/staff/login?lang=en"),
		chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, email),
		chromedp.SendKeys(`#password`, seed.StaffPassword),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`[data-testid="staff-who"]`),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
}

// TestBrowserProposalPath: marketing rewords a consent text in the form and sends it; the privacy team opens the
// proposal, sees the change and how customers would read it, and approves it; the customer then reads the new
// wording, and is told once that it changed.
func TestBrowserProposalPath(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	const newWords = "We show you our ads on Facebook and Instagram only if you say yes."
	const newWordsFR = "Nous vous montrons nos publicités sur Facebook et Instagram seulement si vous dites oui."
	mkt, mktErrs := browser(t)
	browserSignIn(t, mkt, ts.URL, marketingA)
	err := chromedp.Do(mkt,
		chromedp.Navigate(ts.URL+"/admin/purposes/advertising?lang=en"),
		chromedp.WaitVisible(`[data-testid="propose"]`),
		chromedp.SetValue(`#f-explanation_en`, newWords),
		chromedp.SetValue(`#f-explanation_fr`, newWordsFR),
		chromedp.SendKeys(`#f-proposal_note`, "Shorter is clearer."),
		chromedp.Click(`[data-testid="propose"]`),
		chromedp.WaitVisible(`[data-testid="proposal-status"]`),
	)
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	loc := pageText(t, mkt, `location.href`)
	diff := pageText(t, mkt, `document.querySelector('[data-testid="diff"]').innerText`)
	preview := pageText(t, mkt, `document.querySelector('[data-testid="preview-en"]').innerText`)
	score := pageText(t, mkt, `document.querySelector('[data-testid="preview-en"] [data-testid="readability"]').innerText`)
	if !strings.Contains(loc, "/admin/proposals/") || !strings.Contains(diff, newWords) || !strings.Contains(preview, newWords) ||
		!strings.Contains(score, "Easy to read") {
		t.Fatalf("the proposal page at %s lacks the change or its preview:\ndiff: %s\npreview: %s\nscore: %s", loc, diff, preview, score)
	}
	reportAxe(t, "proposal (marketing)", runAxe(t, mkt))
	// The proposer has no approve button.
	if n := pageText(t, mkt, `String(document.querySelectorAll('[data-testid="approve"]').length)`); n != "0" {
		t.Fatalf("the proposer sees %s approve buttons", n)
	}

	priv, privErrs := browser(t)
	browserSignIn(t, priv, ts.URL, privacyA)
	err = chromedp.Do(priv,
		chromedp.Navigate(loc),
		chromedp.WaitVisible(`[data-testid="approve"]`),
		chromedp.Click(`[data-testid="approve"]`),
		chromedp.WaitNotPresent(`[data-testid="approve"]`),
	)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	status := pageText(t, priv, `document.querySelector('[data-testid="proposal-status"]').innerText`)
	if status != "Approved" {
		t.Fatalf("status after approval: %q", status)
	}
	reportAxe(t, "proposal (privacy, approved)", runAxe(t, priv))

	// The customer (Camille reads French) reads the new words and is told once.
	s.DB.SetClock(func() time.Time { return testNow.Add(time.Minute) })
	link := ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	cust, custErrs := browser(t) // each browser has its own minute
	// The link opens the overview: the first view of this visit tells what changed.
	if err := chromedp.Do(cust, chromedp.Navigate(link), chromedp.WaitReady(`main`)); err != nil {
		t.Fatalf("customer: %v", err)
	}
	overview := pageText(t, cust, `document.querySelector('main').innerText`)
	if err := chromedp.Do(cust, chromedp.Navigate(ts.URL+"/me/consents"), chromedp.WaitReady(`main`)); err != nil {
		t.Fatal(err)
	}
	consents := pageText(t, cust, `document.querySelector('main').innerText`)
	if !strings.Contains(consents, newWordsFR) {
		t.Error("the customer's consent page does not show the approved wording")
	}
	told := "a modifié la raison «\u00a0Publicité sur d'autres sites\u00a0»\u00a0: la façon dont elle est expliquée."
	if strings.Count(overview, told) != 1 {
		t.Errorf("the customer is not told once that the wording changed:\n%s", overview)
	}
	s.DB.SetClock(func() time.Time { return testNow.Add(45 * time.Minute) })
	if err := chromedp.Do(cust, chromedp.Navigate(ts.URL+"/me"), chromedp.WaitReady(`main`)); err != nil {
		t.Fatal(err)
	}
	again := pageText(t, cust, `document.querySelector('main').innerText`)
	if strings.Contains(again, told) {
		t.Error("the customer is told again on the next visit")
	}
	for _, e := range append(append(mktErrs(), privErrs()...), custErrs()...) {
		t.Errorf("browser reported: %s", e)
	}
}

// pageText evaluates a JavaScript expression giving a string in the page.
func pageText(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}
