package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"vitrine/plain"
)

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func page(locale string) Page {
	return Page{L: plain.New(locale, nil), Title: "T", BrandName: "Maison Lumière", Nonce: "n0nce", SignedIn: true}
}

// TestLayoutCarriesTheBrandColours renders the frame of every page with and without a theme: the colours arrive as
// CSS in a nonce'd <style>, never as template source, and a theme that is not made of colours adds nothing.
func TestLayoutCarriesTheBrandColours(t *testing.T) {
	p := page("fr")
	p.Theme = Theme{Primary: "#7a3b5e", Accent: "#c9a227"}
	body := render(t, Layout(p))
	if !strings.Contains(body, `<style nonce="n0nce">:root{--brand:#7a3b5e;--accent:#c9a227;}</style>`) {
		t.Errorf("layout lacks the brand's CSS: %.600s", body)
	}
	if !strings.Contains(body, `<html lang="fr">`) {
		t.Error("layout is not marked French")
	}
	if strings.Contains(render(t, Layout(page("en"))), "<style") {
		t.Error("a page with no theme has a <style>")
	}
	p.Theme = Theme{Primary: "red;}body{display:none", Accent: "#C9A227"}
	if body := render(t, Layout(p)); strings.Contains(body, "display:none") || strings.Contains(body, "<style") {
		t.Errorf("something that is not a lower-case #rrggbb colour reached the CSS: %.400s", body)
	}
}

// TestLayoutSaysWhoIsSignedIn shows the customer's name and a sign-out form with its CSRF token, and none for an
// anonymous page.
func TestLayoutSaysWhoIsSignedIn(t *testing.T) {
	p := page("en")
	p.SignedInAs, p.CSRF = "Camille Martin · C-1001", "tok"
	body := render(t, Layout(p))
	for _, want := range []string{"Signed in as Camille Martin · C-1001", `action="/me/logout"`, `name="_csrf" value="tok"`, "Sign out"} {
		if !strings.Contains(body, want) {
			t.Errorf("layout lacks %q", want)
		}
	}
	if strings.Contains(render(t, Layout(page("en"))), "/me/logout") {
		t.Error("a page without a signed-in customer offers to sign out")
	}
}

// TestQuotesAreMarkedWithTheirLanguage renders the brand's words as quotations in their own language, after a
// label in the page's, and a text in another language than the page's with its lang attribute, but no empty one.
func TestQuotesAreMarkedWithTheirLanguage(t *testing.T) {
	body := render(t, QuoteView(Quote{Label: "Result, in the brand's words:", Text: "a suggéré 4 produits", Lang: "fr"}))
	if body != `<p class="quote" data-testid="quote"><span class="quote-label">Result, in the brand&#39;s words:</span> <q lang="fr">a suggéré 4 produits</q></p>` {
		t.Errorf("quote: %s", body)
	}
	card := SystemCard{Slug: "s", Name: "Email send time", URL: "/me/systems/s", What: "Choisit l'heure", TextLang: "fr"}
	if body := render(t, SystemCardView(page("en"), card)); !strings.Contains(body, `<p lang="fr">Choisit l&#39;heure</p>`) {
		t.Errorf("a French text on an English card is not marked: %s", body)
	}
	card.TextLang = ""
	if body := render(t, SystemCardView(page("en"), card)); strings.Contains(body, `lang=`) {
		t.Errorf("a text in the page's language carries a lang attribute: %s", body)
	}
}

// TestEventListShowsSentencesQuotesAndFlags renders events: the sentence, the brand's words, the violation flag,
// and the empty list's message.
func TestEventListShowsSentencesQuotesAndFlags(t *testing.T) {
	p := page("en")
	body := render(t, EventList(p, []EventLine{{ISO: "2026-11-03T14:02:00Z", When: "3 Nov", Sentence: "On 3 Nov 2026, X used your data.",
		Action: "Used your data", Violation: true, Quotes: []Quote{{Label: "Result:", Text: "done", Lang: "en"}}}}))
	for _, want := range []string{"On 3 Nov 2026, X used your data.", `<q lang="en">done</q>`, `data-testid="violation"`, "you had not agreed to it"} {
		if !strings.Contains(body, want) {
			t.Errorf("event list lacks %q", want)
		}
	}
	if body := render(t, EventList(p, nil)); !strings.Contains(body, "No use of your data matches these filters.") {
		t.Errorf("empty list: %s", body)
	}
}

// TestNoticeTakesTheFocus checks the result of an action is announced and focused, and errors are alerts.
func TestNoticeTakesTheFocus(t *testing.T) {
	body := render(t, NoticeView(&Notice{Text: "Done."}))
	for _, want := range []string{`role="status"`, `id="notice"`, `tabindex="-1"`, "autofocus"} {
		if !strings.Contains(body, want) {
			t.Errorf("notice lacks %s: %s", want, body)
		}
	}
	if body := render(t, NoticeView(&Notice{Text: "No.", Error: true})); !strings.Contains(body, `role="alert"`) {
		t.Errorf("error notice: %s", body)
	}
	if render(t, NoticeView(nil)) != "" {
		t.Error("no notice renders something")
	}
}

// TestConsentControlsInTheWidget hides, in the compact widget, the uses that cannot be switched off, and keeps
// every form's hidden fields: the widget's token instead of a CSRF token.
func TestConsentControlsInTheWidget(t *testing.T) {
	controls := []ConsentControl{
		{Slug: "ads", Name: "Ads", Kind: "consent", Target: "granted", ButtonLabel: "Say yes", Consequence: []string{"If you say yes…"}},
		{Slug: "search", Name: "Search", Kind: "fixed", On: true},
	}
	body := render(t, ConsentControls(page("en"), controls, ConsentForm{Action: "/embed/v1/consents", Compact: true, Hidden: []Hidden{{Name: "token", Value: "jwt"}}}))
	if strings.Contains(body, "consent-search") || !strings.Contains(body, "consent-ads") {
		t.Errorf("compact controls: %s", body)
	}
	if !strings.Contains(body, `name="token" value="jwt"`) || strings.Contains(body, "_csrf") {
		t.Errorf("widget form fields: %s", body)
	}
	full := render(t, ConsentControls(page("en"), controls, ConsentForm{Action: "/me/consents", CSRF: true}))
	if !strings.Contains(full, "consent-search") || !strings.Contains(full, `name="_csrf"`) {
		t.Errorf("full controls: %s", full)
	}
}

// TestErrorPageLeadsBack shows the brand's way back in when a refused link has one.
func TestErrorPageLeadsBack(t *testing.T) {
	e := ErrorPage{Page: page("fr"), Status: 401, Heading: "Ce lien a déjà servi", Body: "…", LinkURL: "https://shop.example/ai", LinkText: "Ouvrir ma page IA"}
	body := render(t, ErrorView(e))
	if !strings.Contains(body, `<a href="https://shop.example/ai" data-testid="portal-link">Ouvrir ma page IA</a>`) || !strings.Contains(body, `data-status="401"`) {
		t.Errorf("error page: %s", body)
	}
}
