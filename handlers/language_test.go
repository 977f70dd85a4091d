package handlers

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/token"
)

// TestOneLanguageAtATime reads Camille's pages in English and in French: every name of a system, a purpose and a
// category is in the page's language, the brand's own words are quoted and marked with their language, and the
// system nobody registered is named in plain words rather than by its slug.
func TestOneLanguageAtATime(t *testing.T) {
	_, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	embed := mint(t, seed.BrandMaison, seed.CamilleID, token.AudEmbed, 10*time.Minute)
	pages := map[string][]string{
		"en": {"/me?lang=en", "/me/systems/email-send-time", "/me/activity", "/me/consents", "/me/access"},
		"fr": {"/me?lang=fr", "/me/systems/email-send-time", "/me/activity", "/me/consents", "/me/access"},
	}
	// Each name in the other language, as a brand's registry gives it.
	foreign := map[string][]string{
		"en": {"Heure d&#39;envoi des e-mails", "Recommandations produits", "Tri du service client", "Suggestions personnalisées"},
		"fr": {"Email send time", "Product recommendations", "Customer service sorting", "Personal suggestions"},
	}
	own := map[string][]string{
		"en": {"Email send time", "Product recommendations"},
		"fr": {"Heure d&#39;envoi des e-mails", "Recommandations produits"},
	}
	quote := regexp.MustCompile(`<q lang="([a-z-]+)">`)
	for _, lang := range []string{"en", "fr"} {
		var all strings.Builder
		for _, path := range pages[lang] {
			status, _, body := get(t, c, ts.URL+path)
			if status != http.StatusOK {
				t.Fatalf("%s %s: status %d", lang, path, status)
			}
			if !strings.Contains(body, `<html lang="`+lang+`"`) {
				t.Fatalf("%s %s is not in %s", lang, path, lang)
			}
			assertNoRawText(t, lang+" "+path, body)
			all.WriteString(body)
		}
		status, _, widget := get(t, client(t), ts.URL+"/embed/v1?token="+embed+"&lang="+lang)
		if status != http.StatusOK {
			t.Fatalf("widget in %s: status %d", lang, status)
		}
		all.WriteString(widget)
		body := all.String()
		for _, name := range foreign[lang] {
			if strings.Contains(body, name) {
				t.Errorf("%s pages name %q, which is the other language's name", lang, name)
			}
		}
		for _, name := range own[lang] {
			if !strings.Contains(body, name) {
				t.Errorf("%s pages never name %q", lang, name)
			}
		}
		// The seeded brand writes its results in French and says so; its staff write reasons in English.
		langs := map[string]bool{}
		for _, m := range quote.FindAllStringSubmatch(body, -1) {
			langs[m[1]] = true
		}
		if !langs["fr"] || !langs["en"] {
			t.Errorf("%s pages quote the brand's words in %v, want both its French results and its staff's English reasons", lang, langs)
		}
		if strings.Contains(body, "Résultat\u00a0: a ") || strings.Contains(body, "Result: a ") {
			t.Errorf("%s pages splice a French result into a sentence", lang)
		}
		// The system nobody registered is told in plain words, not by the slug its events carried.
		unnamed := map[string]string{"en": "an AI system Maison Lumière has not described yet", "fr": "un système d&#39;IA que Maison Lumière n&#39;a pas encore décrit"}[lang]
		if !strings.Contains(strings.ToLower(body), strings.ToLower(unnamed)) {
			t.Errorf("%s pages do not name the unregistered system in plain words (%q)", lang, unnamed)
		}
		if regexp.MustCompile(`>[^<]*sentiment-tagger[^<]*<`).MatchString(body) {
			t.Errorf("%s pages show the unregistered system's slug as text", lang)
		}
	}

	// The usage API names systems in the language asked for, and the public registry gives every name by locale.
	s, _ := newTestServer(t)
	key := apiKey(t, s, seed.BrandMaison)
	for lang, want := range map[string]string{"en": "Email send time", "fr": "Heure d'envoi des e-mails"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/customers/"+seed.CamilleID+"/usage?lang="+lang, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var usage struct {
			Systems []struct{ Slug, Name string } `json:"systems"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&usage); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		found := false
		for _, sys := range usage.Systems {
			if sys.Slug == "email-send-time" {
				found = sys.Name == want
			}
			if sys.Name == "sentiment-tagger" {
				t.Errorf("usage API in %s names the unregistered system by its slug", lang)
			}
		}
		if !found {
			t.Errorf("usage API in %s: email-send-time is not named %q: %+v", lang, want, usage.Systems)
		}
	}
	_, _, reg := get(t, client(t), ts.URL+"/brands/maison-lumiere/ai.json")
	var public struct {
		Systems []struct {
			Slug string            `json:"slug"`
			Name map[string]string `json:"name"`
		} `json:"systems"`
	}
	if err := json.Unmarshal([]byte(reg), &public); err != nil {
		t.Fatal(err)
	}
	for _, sys := range public.Systems {
		if sys.Slug == "email-send-time" && (sys.Name["en"] != "Email send time" || sys.Name["fr"] != "Heure d'envoi des e-mails") {
			t.Errorf("public registry names email-send-time %v", sys.Name)
		}
	}
}
