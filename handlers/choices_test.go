package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

// TestChoicesMatchWhatThePageSays checks that the page never promises what it does not offer: a use that cannot
// be switched off never says "you can object", a legitimate interest that says it has a working "Object"
// control (objecting gives a receipt told as an objection), and a decision already sent for review offers no
// second request.
func TestChoicesMatchWhatThePageSays(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	item := regexp.MustCompile(`(?s)<li class="consent consent-(\w+)" data-testid="consent-([^"]+)">(.*?)</li>`)
	for _, lang := range []string{"en", "fr"} {
		_, _, body := get(t, camille, ts.URL+"/me/consents?lang="+lang)
		canObject := map[string]string{"en": "You can object", "fr": "Vous pouvez vous y opposer"}[lang]
		cannot := map[string]string{"en": "You cannot switch this off", "fr": "Vous ne pouvez pas désactiver"}[lang]
		objects := 0
		for _, m := range item.FindAllStringSubmatch(body, -1) {
			kind, slug, block := m[1], m[2], m[3]
			if strings.Contains(block, canObject) && strings.Contains(block, cannot) {
				t.Errorf("%s %s says both %q and %q", lang, slug, canObject, cannot)
			}
			if strings.Contains(block, canObject) && !strings.Contains(block, `data-testid="consent-button"`) {
				t.Errorf("%s %s says %q without a control", lang, slug, canObject)
			}
			if kind == "object" {
				objects++
			}
		}
		if objects == 0 {
			t.Errorf("%s: no legitimate interest offers an Object control", lang)
		}
		// System pages say the same of each purpose.
		for _, sys := range []string{"fraud-screening", "email-send-time"} {
			_, _, page := get(t, camille, ts.URL+"/me/systems/"+sys+"?lang="+lang)
			for _, li := range regexp.MustCompile(`(?s)<li data-testid="purpose"[^>]*>(.*?)</li>`).FindAllStringSubmatch(page, -1) {
				if sys == "fraud-screening" && strings.Contains(li[1], canObject) {
					t.Errorf("%s %s: fraud prevention, which cannot be refused, says %q", lang, sys, canObject)
				}
			}
		}
	}

	// Objecting goes through the same path as a consent: a receipt, told as an objection.
	status, loc := postForm(t, camille, ts.URL+"/me/consents", ts.URL+"/me/consents",
		url.Values{"purpose": {"email-timing"}, "state": {store.ConsentRefused}, "shown": {""}})
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
		t.Fatalf("objecting: %d %q", status, loc)
	}
	receipt := strings.TrimSuffix(strings.SplitN(loc, "done=", 2)[1], "#notice")
	_, _, page := get(t, camille, ts.URL+"/me/consents/receipts/"+receipt+"?lang=en")
	for _, want := range []string{"You objected", "Camille Martin · C-1001", "(time zone Europe/Paris, UTC+01:00)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the objection's receipt lacks %q", want)
		}
	}
	_, _, page = get(t, camille, ts.URL+"/me/consents?lang=en")
	if !regexp.MustCompile(`, you objected to &#34;Email timing&#34; on this page\.`).MatchString(page) {
		t.Error("the history does not tell the objection as a sentence")
	}

	// Sam's decisions: the one a person reviewed and the one waiting offer no second request.
	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	_, _, body := get(t, sam, ts.URL+"/me/systems/credit-limit")
	for _, li := range regexp.MustCompile(`(?s)<li>\s*<p class="sentence">(.*?)</li>`).FindAllStringSubmatch(body, -1) {
		asked := strings.Contains(li[1], "You asked a person to review it") || strings.Contains(li[1], "A person reviewed it")
		if asked && (strings.Contains(li[1], `data-testid="review-button"`) || strings.Contains(li[1], "You can ask a person to review it")) {
			t.Errorf("a decision already sent for review offers it again: %.200s", li[1])
		}
	}
	if !strings.Contains(body, "The reviewer&#39;s answer:") {
		t.Error("the reviewed decision does not quote the reviewer's answer")
	}
}

// TestExpiredLinkLeadsBack opens an expired session link: the page speaks the customer's language, in the brand's
// colours, and links to the brand's address where a new link is made.
func TestExpiredLinkLeadsBack(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	link := mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 5*time.Minute)
	s.DB.SetClock(func() time.Time { return testNow.Add(time.Hour) })
	status, _, body := get(t, client(t), ts.URL+"/s/"+link, "Accept-Language", "en")
	if status != http.StatusUnauthorized {
		t.Fatalf("expired link: status %d", status)
	}
	for _, want := range []string{`<html lang="fr"`, "Ce lien a expiré", "sur le site de Maison Lumière", `data-testid="portal-link"`, "--brand:#7a3b5e"} {
		if !strings.Contains(body, want) {
			t.Errorf("the expired-link page lacks %q", want)
		}
	}
	// A link nobody can vouch for (a forged signature) names no brand and offers no way in someone could misuse.
	status, _, body = get(t, client(t), ts.URL+"/s/"+link[:len(link)-4]+"AAAA", "Accept-Language", "en")
	if status != http.StatusUnauthorized || strings.Contains(body, "Maison Lumière") || strings.Contains(body, "portal-link") {
		t.Errorf("a forged link: status %d, page names the brand or links to it", status)
	}
}
