package handlers

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

type persona struct {
	brand, id, name, lang, otherBrand string
}

var personas = []persona{
	{seed.BrandMaison, seed.CamilleID, "Camille", "fr", "Northwind Bank"},
	{seed.BrandNorthwind, seed.SamID, "Sam", "en", "Maison Lumière"},
}

// usedSystems returns the slugs of the systems that used the persona's data in the window.
func usedSystems(t *testing.T, brandSlug, externalID string) (*store.Registry, []string) {
	t.Helper()
	ctx := context.Background()
	b, _ := sharedDB.BrandBySlug(ctx, brandSlug)
	cust, err := sharedDB.CustomerByExternalID(ctx, b.ID, externalID)
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := sharedDB.Registry(ctx, b.ID)
	u, err := sharedDB.UsageBySystem(ctx, b.ID, cust.ID, windowStart(testNow))
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, x := range u {
		slugs = append(slugs, reg.Systems[x.SystemID].Slug)
	}
	return reg, slugs
}

func TestPersonaPagesRender(t *testing.T) {
	_, ts := newTestServer(t)
	for _, p := range personas {
		t.Run(p.name, func(t *testing.T) {
			c := signIn(t, ts, p.brand, p.id)
			reg, slugs := usedSystems(t, p.brand, p.id)
			if len(slugs) < 3 {
				t.Fatalf("%s has %d systems, demo data should give several", p.name, len(slugs))
			}
			status, h, body := get(t, c, ts.URL+"/me")
			if status != http.StatusOK {
				t.Fatalf("/me status %d", status)
			}
			if !strings.Contains(body, `<html lang="`+p.lang+`"`) {
				t.Errorf("/me is not in %s", p.lang)
			}
			for _, want := range []string{`data-testid="summary"`, `data-testid="system-cards"`, `data-chart="chart-activity-option"`,
				`data-testid="chart-chart-purposes"`, `data-testid="chart-chart-categories"`, `data-testid="events"`, "<table>"} {
				if !strings.Contains(body, want) {
					t.Errorf("/me lacks %s", want)
				}
			}
			for _, slug := range slugs {
				if !strings.Contains(body, `data-testid="system-`+slug+`"`) {
					t.Errorf("/me lacks the card of %s", slug)
				}
			}
			if strings.Contains(body, p.otherBrand) {
				t.Errorf("/me of %s mentions %s", p.name, p.otherBrand)
			}
			assertStrictHeaders(t, h, body)

			for _, slug := range slugs {
				status, _, body := get(t, c, ts.URL+"/me/systems/"+slug)
				if status != http.StatusOK {
					t.Fatalf("/me/systems/%s status %d", slug, status)
				}
				if !strings.Contains(body, reg.SystemBySlug[slug].Name) {
					t.Errorf("/me/systems/%s does not name the system", slug)
				}
			}
			status, _, body = get(t, c, ts.URL+"/me/activity")
			if status != http.StatusOK || !strings.Contains(body, `data-testid="events"`) {
				t.Fatalf("/me/activity status %d without events", status)
			}
		})
	}
}

func TestCamilleSummaryAndLearning(t *testing.T) {
	_, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, body := get(t, c, ts.URL+"/me")
	if !strings.Contains(body, `data-testid="access-notice"`) || !strings.Contains(body, "ticket #4812") {
		t.Errorf("the overview does not tell Camille that support looked at her page")
	}
	if !regexp.MustCompile(`Au cours des 12 derniers mois, \d+ systèmes d&#39;IA ont utilisé vos données`).MatchString(body) {
		t.Errorf("French summary sentence missing from /me")
	}
	// The recommender learned from Camille before she refused training: its page names those versions.
	reg, _ := usedSystems(t, seed.BrandMaison, seed.CamilleID)
	var learner string
	for _, s := range reg.SystemOrder {
		if s.Deployment == store.DeployInHouse && s.Learns {
			learner = s.Slug
			break
		}
	}
	_, _, body = get(t, c, ts.URL+"/me/systems/"+learner)
	if !strings.Contains(body, `data-testid="models"`) || !strings.Contains(body, "a appris de vos données") {
		t.Errorf("/me/systems/%s does not say which model versions learned from Camille", learner)
	}
	if !strings.Contains(body, "n&#39;a pas appris de vos données") {
		t.Errorf("/me/systems/%s does not show versions trained without Camille", learner)
	}
}

func TestLanguageSwitchKeepsThePage(t *testing.T) {
	_, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, body := get(t, c, ts.URL+"/me/activity?lang=en")
	if !strings.Contains(body, `<html lang="en"`) {
		t.Fatal("?lang=en did not switch to English")
	}
	_, _, body = get(t, c, ts.URL+"/me")
	if !strings.Contains(body, `<html lang="en"`) {
		t.Fatal("the chosen language was not kept for the session")
	}
	if !strings.Contains(body, `href="/me?lang=fr"`) {
		t.Fatal("the language switch does not point at the same page")
	}
}

func TestCustomersSeeOnlyTheirOwnData(t *testing.T) {
	_, ts := newTestServer(t)
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, samSystems := usedSystems(t, seed.BrandNorthwind, seed.SamID)
	_, camilleSystems := usedSystems(t, seed.BrandMaison, seed.CamilleID)
	nwOnly := ""
	for _, s := range samSystems {
		found := false
		for _, c := range camilleSystems {
			found = found || c == s
		}
		if !found {
			nwOnly = s
			break
		}
	}
	cases := []struct {
		name   string
		path   string
		status int
		absent []string
	}{
		{"another brand's system page", "/me/systems/" + nwOnly, http.StatusNotFound, []string{"Sam Patel", "Northwind"}},
		{"another brand's system as a filter", "/me/activity?system=" + nwOnly, http.StatusBadRequest, []string{"Northwind"}},
		{"unknown system", "/me/systems/does-not-exist", http.StatusNotFound, nil},
		{"customer id in the query is ignored", "/me?customer=" + seed.SamID, http.StatusOK, []string{"Sam Patel", "Northwind"}},
		{"forged cursor", "/me/activity?after=abc", http.StatusBadRequest, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := get(t, camille, ts.URL+c.path)
			if status != c.status {
				t.Fatalf("status %d, want %d", status, c.status)
			}
			for _, a := range c.absent {
				if strings.Contains(body, a) {
					t.Errorf("page shows %q", a)
				}
			}
			if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
				t.Error("page shows a stack trace")
			}
		})
	}
}

func TestSessionLinks(t *testing.T) {
	_, ts := newTestServer(t)
	ctx := context.Background()
	maison, _ := sharedDB.BrandBySlug(ctx, seed.BrandMaison)
	nwKeys, _ := sharedDB.BrandBySlug(ctx, seed.BrandNorthwind)
	keys, _ := sharedDB.BrandKeys(ctx, nwKeys.ID, testNow)
	forged, _ := token.Sign(token.Key{KID: keys[0].KID, Secret: keys[0].Secret}, maison.Slug, seed.CamilleID, token.AudSession, time.Minute, testNow)
	used := mint(t, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	if st, _, _ := get(t, client(t), ts.URL+"/s/"+used); st != http.StatusSeeOther {
		t.Fatalf("first use of a link gave %d, want 303", st)
	}
	expired, _ := func() (string, error) {
		k, _ := sharedDB.BrandKeys(ctx, maison.ID, testNow)
		return token.Sign(token.Key{KID: k[0].KID, Secret: k[0].Secret}, maison.Slug, seed.CamilleID, token.AudSession, time.Minute, testNow.Add(-time.Hour))
	}()
	cases := []struct {
		name, tok, wantText string
	}{
		{"reused link", used, "déjà servi"},
		{"expired link", expired, "a expiré"},
		{"embed token used as a session link", mint(t, seed.BrandMaison, seed.CamilleID, token.AudEmbed, time.Minute), "ne fonctionne pas"},
		{"token signed with another brand's secret", forged, "ne fonctionne pas"},
		{"customer of another brand", mint(t, seed.BrandNorthwind, seed.CamilleID, token.AudSession, time.Minute), "does not work"},
		{"garbage", "not-a-token", "ne fonctionne pas"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := client(t)
			status, _, body := get(t, cl, ts.URL+"/s/"+c.tok, "Accept-Language", "fr-FR,fr;q=0.9")
			if c.name == "customer of another brand" {
				status, _, body = get(t, cl, ts.URL+"/s/"+c.tok, "Accept-Language", "en")
			}
			if status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", status)
			}
			if !strings.Contains(body, c.wantText) {
				t.Errorf("page does not explain the refusal (%q)", c.wantText)
			}
			if st, _, _ := get(t, cl, ts.URL+"/me"); st != http.StatusUnauthorized {
				t.Errorf("after a refused link /me gave %d, want 401", st)
			}
		})
	}
}

func TestSignedOutAndUnknownPages(t *testing.T) {
	_, ts := newTestServer(t)
	cases := []struct {
		path   string
		status int
		text   string
	}{
		{"/me", http.StatusUnauthorized, "open your link again"},
		{"/me/activity", http.StatusUnauthorized, "open your link again"},
		{"/nowhere", http.StatusNotFound, "Page not found"},
		{"/healthz", http.StatusOK, `"ok"`},
	}
	for _, c := range cases {
		status, h, body := get(t, client(t), ts.URL+c.path, "Accept-Language", "en")
		if status != c.status || !strings.Contains(body, c.text) {
			t.Errorf("%s: status %d, want %d with %q", c.path, status, c.status, c.text)
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: no frame-ancestors 'none'", c.path)
		}
	}
}

func TestActivityPaginationAndFilters(t *testing.T) {
	_, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, first := get(t, c, ts.URL+"/me/activity")
	next := regexp.MustCompile(`href="(/me/activity\?after=[^"]+)"`).FindStringSubmatch(first)
	if next == nil {
		t.Fatal("Camille's activity has no next page")
	}
	_, _, second := get(t, c, ts.URL+strings.ReplaceAll(next[1], "&amp;", "&"))
	times := regexp.MustCompile(`<time datetime="([^"]+)"`)
	a, b := times.FindAllStringSubmatch(first, -1), times.FindAllStringSubmatch(second, -1)
	if len(a) != activityPageSize || len(b) == 0 {
		t.Fatalf("pages hold %d and %d events", len(a), len(b))
	}
	if a[len(a)-1][1] < b[0][1] {
		t.Fatal("the second page is not older than the first")
	}
	// Filters: a bad date is named and ignored, the valid action filter still applies.
	status, _, body := get(t, c, ts.URL+"/me/activity?action=training&from=2026-13-45&lang=en")
	if status != http.StatusBadRequest || !strings.Contains(body, "is not a date we can read") {
		t.Fatalf("bad date: status %d, message missing", status)
	}
	if !strings.Contains(body, `<option value="training" selected>`) {
		t.Error("the valid action filter was lost")
	}
	if strings.Count(body, `class="action"`) == 0 {
		t.Fatal("no training events shown for Camille")
	}
	for _, m := range regexp.MustCompile(`<span class="action">([^<]+)</span>`).FindAllStringSubmatch(body, -1) {
		if m[1] != "Learned from your data" {
			t.Fatalf("action filter let through %q", m[1])
		}
	}
}

// assertStrictHeaders checks the CSP: a nonce that the page's scripts carry, no unsafe-inline or eval,
// and no framing.
func assertStrictHeaders(t *testing.T, h http.Header, body string) {
	t.Helper()
	if i := strings.Index(body, "%!"); i >= 0 {
		t.Errorf("a message was formatted with the wrong arguments: %q", body[max(0, i-80):min(len(body), i+40)])
	}
	csp := h.Get("Content-Security-Policy")
	m := regexp.MustCompile(`'nonce-([^']+)'`).FindStringSubmatch(csp)
	if m == nil {
		t.Fatalf("CSP has no nonce: %q", csp)
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("CSP allows %s", bad)
		}
	}
	if !strings.Contains(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
		t.Error("page may be framed")
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if strings.Contains(tag, `type="application/json"`) {
			continue
		}
		if !strings.Contains(tag, `nonce="`+m[1]+`"`) || !strings.Contains(tag, `src="/static/`) {
			t.Errorf("script without the nonce or not from /static: %s", tag)
		}
	}
}

// TestCategoryTotalsMatchTheRollup checks that the overview's category chart, summed from the per-system
// figures the cards read, equals the category rollup read on its own.
func TestCategoryTotalsMatchTheRollup(t *testing.T) {
	ctx := context.Background()
	b, _ := sharedDB.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := sharedDB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	since := windowStart(testNow)
	bySys, err := sharedDB.CategoriesBySystem(ctx, b.ID, cust.ID, since)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sharedDB.UsageByCategory(ctx, b.ID, cust.ID, since, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := categoryTotals(bySys)
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("%d categories summed, %d in the rollup", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("category %d: summed %+v, rollup %+v", i, got[i], want[i])
		}
	}
}
