package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/seed"
)

const privacyB = "privacy@northwind-bank.example"

// rawKeyRe finds a catalog key printed as is, the sign of a message missing from the catalog.
var rawKeyRe = regexp.MustCompile(`[>"]admin\.[a-z_]+\.[a-z_.]*`)

// adminGetRoutes are every page under /admin, with a system of the demo brand maison-lumiere.
var adminGetRoutes = []string{"/admin", "/admin/systems", "/admin/systems/new", "/admin/systems/beauty-chat",
	"/admin/systems/product-recommender/models",
	"/admin/purposes", "/admin/purposes/new", "/admin/purposes/recommendations",
	"/admin/categories", "/admin/categories/new", "/admin/categories/user.behavior.purchase_history",
	"/admin/coverage", "/admin/violations", "/admin/changes", "/admin/settings", "/admin/webhooks"}

// adminPrivacyOnly are the governance pages marketing may not open: the violations list names customers'
// events, and the settings and webhooks are the privacy team's and admin's.
var adminPrivacyOnly = map[string]bool{"/admin/violations": true, "/admin/settings": true, "/admin/webhooks": true}

// TestAdminRoleMatrix checks who reaches governance: signed out goes to sign-in, support is refused, privacy and
// admin of the brand get in, marketing gets in but for the privacy team's own pages, and another brand's staff
// never sees this brand's registry.
func TestAdminRoleMatrix(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	anon := client(t)
	support, privacy, admin := staffSignIn(t, ts, supportA), staffSignIn(t, ts, privacyA), staffSignIn(t, ts, adminA)
	marketing := staffSignIn(t, ts, marketingA)
	other := staffSignIn(t, ts, privacyB)
	for _, path := range append(adminGetRoutes, "/admin/proposals") {
		want := http.StatusOK
		if adminPrivacyOnly[path] {
			want = http.StatusForbidden
		}
		if status, _, body := get(t, marketing, ts.URL+path); status != want {
			t.Errorf("marketing %s: status %d, want %d; page %.300s", path, status, want, body)
		}
		if status, h, _ := get(t, anon, ts.URL+path); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/staff/login") {
			t.Errorf("anonymous %s: status %d to %q, want 303 to sign-in", path, status, h.Get("Location"))
		}
		if status, _, _ := get(t, support, ts.URL+path); status != http.StatusForbidden {
			t.Errorf("support %s: status %d, want 403", path, status)
		}
		for name, c := range map[string]*http.Client{"privacy": privacy, "admin": admin} {
			for _, lang := range []string{"en", "fr"} {
				status, _, body := get(t, c, ts.URL+path, "Accept-Language", lang)
				if status != http.StatusOK {
					t.Errorf("%s %s: status %d, want 200; page %.300s", name, path, status, body)
				}
				if m := rawKeyRe.FindString(body); m != "" {
					t.Errorf("%s in %s shows the raw message key %q", path, lang, m)
				}
			}
		}
	}
	// Marketing's pages lead nowhere it may not go: no link to customers, violations, settings or webhooks.
	_, _, page := get(t, marketing, ts.URL+"/admin", "Accept-Language", "en")
	for _, href := range []string{`href="/staff"`, `href="/staff/rights`, `href="/admin/violations"`, `href="/admin/settings"`, `href="/admin/webhooks"`} {
		if strings.Contains(page, href) {
			t.Errorf("marketing's overview links to %s", href)
		}
	}
	if status, _, _ := get(t, other, ts.URL+"/admin/systems/beauty-chat"); status != http.StatusNotFound {
		t.Errorf("another brand's staff opened maison-lumiere's system: status %d, want 404", status)
	}
	_, _, body := get(t, other, ts.URL+"/admin/systems")
	if strings.Contains(body, "beauty-chat") || strings.Contains(body, "Parlance") || !strings.Contains(body, "credit-limit") {
		t.Error("another brand's staff sees the wrong registry")
	}
	// Keys and secrets are the admin's alone.
	status, _, _ := staffSubmit(t, privacy, ts.URL+"/admin/settings", ts.URL+"/admin/settings/keys", url.Values{"name": {"ci"}})
	if status != http.StatusForbidden {
		t.Errorf("privacy created an API key: status %d, want 403", status)
	}
	status, _, body = staffSubmit(t, admin, ts.URL+"/admin/settings", ts.URL+"/admin/settings/keys", url.Values{"name": {"ci"}})
	if status != http.StatusOK || !strings.Contains(body, `data-testid="new-key"`) {
		t.Errorf("admin could not create an API key: status %d", status)
	}
}

// TestAdminCreateSystemIsToldOnce creates a system through the form: one registry change is recorded, and the
// customer reads it once in "what changed".
func TestAdminCreateSystemIsToldOnce(t *testing.T) {
	// The clock moves on between requests, as it does in life, so a visit is later than the change it shows.
	var mu sync.Mutex
	clock := testNow
	s, ts := newIsolatedServer(t, func(s *Server) {
		s.DB.SetClock(func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			clock = clock.Add(time.Second)
			return clock
		})
	})
	ctx := context.Background()
	count := func() int {
		var n int
		if err := s.DB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM registry_changes WHERE slug = 'smart-search'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	c := staffSignIn(t, ts, privacyA)
	form := url.Values{"slug": {"smart-search"}, "name": {"Smart Search"}, "vendor": {"Vendor X"}, "deployment": {"vendor_tool"},
		"risk_level": {"minimal"}, "status": {"active"}, "owner_team": {"E-commerce"},
		"what_en": {"It ranks products by what you search for."}, "what_fr": {"Il classe les produits selon vos recherches."}}

	// Preview shows both cards and saves nothing.
	form.Set("do", "preview")
	status, _, body := staffSubmit(t, c, ts.URL+"/admin/systems/new", ts.URL+"/admin/systems", form)
	if status != http.StatusOK || !strings.Contains(body, `data-testid="preview"`) || !strings.Contains(body, "Il classe les produits") || count() != 0 {
		t.Fatalf("preview: status %d, changes %d", status, count())
	}
	form.Set("do", "save")
	status, loc, _ := staffSubmit(t, c, ts.URL+"/admin/systems/new", ts.URL+"/admin/systems", form)
	if status != http.StatusSeeOther || loc != "/admin/systems/smart-search?done=system.created" {
		t.Fatalf("create: status %d to %q", status, loc)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d registry changes recorded, want 1", n)
	}
	_, _, body = get(t, c, ts.URL+"/admin/changes", "Accept-Language", "en")
	if !strings.Contains(body, privacyA) || !strings.Contains(body, "smart-search") {
		t.Error("the change log does not show who added the system")
	}
	cust := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	want := "started using Smart Search, a tool made by Vendor X."
	if _, _, body := get(t, cust, ts.URL+"/me?lang=en"); strings.Count(body, want) != 1 {
		t.Fatal("the customer is not told once about the new system")
	}
	if _, _, body := get(t, cust, ts.URL+"/me?lang=en"); strings.Contains(body, want) {
		t.Fatal("the customer is told again on the next visit")
	}

	// The same slug again is a field error, and what was typed stays.
	status, _, body = staffSubmit(t, c, ts.URL+"/admin/systems/new", ts.URL+"/admin/systems", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-slug"`) || !strings.Contains(body, "E-commerce") {
		t.Fatalf("slug collision: status %d", status)
	}
	if n := count(); n != 1 {
		t.Fatalf("a refused form recorded a change: %d", n)
	}
	// Bad name, slug, link and retention are field errors.
	status, _, body = staffSubmit(t, c, ts.URL+"/admin/systems/new", ts.URL+"/admin/systems",
		url.Values{"slug": {"Bad Slug"}, "name": {""}, "doc_url": {"javascript:alert(1)"}, "deployment": {"vendor_tool"}, "risk_level": {"minimal"}, "status": {"active"},
			"retention": {"as long as needed"}})
	if !strings.Contains(body, "Write a number and a unit, such as 30 days, 13 months or 1 year.") {
		t.Error("an unreadable retention is not explained")
	}
	for _, f := range []string{"slug", "name", "doc_url", "retention"} {
		if !strings.Contains(body, `data-testid="error-`+f+`"`) {
			t.Errorf("no field error for %s (status %d)", f, status)
		}
	}
}

// TestAdminEmbedOriginsValidation refuses a bad origin with a field error and keeps the valid lines in the form.
func TestAdminEmbedOriginsValidation(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	status, _, body := staffSubmit(t, c, ts.URL+"/admin/settings", ts.URL+"/admin/settings/origins",
		url.Values{"origins": {"https://good.example\nhttps://bad.example/path\nhttp://localhost:8080"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-origins"`) {
		t.Fatalf("bad origin: status %d", status)
	}
	for _, kept := range []string{"https://good.example", "http://localhost:8080"} {
		if !strings.Contains(body, kept) {
			t.Errorf("the valid origin %s is lost", kept)
		}
	}
	status, loc, _ := staffSubmit(t, c, ts.URL+"/admin/settings", ts.URL+"/admin/settings/origins",
		url.Values{"origins": {"https://good.example\nhttp://localhost:8080"}})
	if status != http.StatusSeeOther || loc != "/admin/settings?done=origins.saved" {
		t.Fatalf("good origins: status %d to %q", status, loc)
	}
	if _, _, body := get(t, c, ts.URL+loc, "Accept-Language", "en"); !strings.Contains(body, "http://localhost:8080") || !strings.Contains(body, `data-testid="notice"`) {
		t.Error("saved origins are not shown with a notice")
	}
	status, _, body = staffSubmit(t, c, ts.URL+"/admin/settings", ts.URL+"/admin/settings/theme", url.Values{"primary": {"red;}"}, "accent": {"#00aa00"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-primary"`) || !strings.Contains(body, "#00aa00") {
		t.Errorf("bad colour: status %d", status)
	}
}

// TestAdminCoverageListsUnregisteredSystem finds the demo's unregistered system with a link to describe it.
func TestAdminCoverageListsUnregisteredSystem(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	_, _, body := get(t, c, ts.URL+"/admin/coverage", "Accept-Language", "en")
	if !strings.Contains(body, `data-testid="gap-unregistered_system"`) || !strings.Contains(body, `href="/admin/systems/sentiment-tagger"`) {
		t.Fatal("coverage does not list sentiment-tagger with a link to describe it")
	}
	if status, _, _ := get(t, c, ts.URL+"/admin/systems/sentiment-tagger"); status != http.StatusOK {
		t.Fatalf("the unregistered system's form: status %d", status)
	}
}

// TestAdminCSRFRefused refuses a form posted without its token and changes nothing.
func TestAdminCSRFRefused(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, adminA)
	form := url.Values{"origins": {"https://evil.example"}}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/admin/settings/origins", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("no CSRF token: status %d, want 403", resp.StatusCode)
	}
	b, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	for _, o := range b.EmbedOrigins {
		if o == "https://evil.example" {
			t.Fatal("a forged form changed the embed origins")
		}
	}
}

// TestAdminViolationsLinkToCustomers lists the demo's consent violations, each linking to the customer's page.
func TestAdminViolationsLinkToCustomers(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	status, _, body := get(t, c, ts.URL+"/admin/violations", "Accept-Language", "en")
	if status != http.StatusOK || !strings.Contains(body, `data-testid="violations"`) || !strings.Contains(body, `href="/staff/customers/`) {
		t.Fatalf("violations: status %d, no link to a customer", status)
	}
	if status, _, _ := get(t, c, ts.URL+"/admin/violations?after=nonsense"); status != http.StatusBadRequest {
		t.Errorf("a bad cursor: status %d, want 400", status)
	}
}

// TestAdminPurposeConsentMustBeRefusable refuses a consent purpose customers cannot refuse, then saves it fixed.
func TestAdminPurposeConsentMustBeRefusable(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	form := url.Values{"slug": {"ai-training"}, "legal_basis": {"consent"}, "is_training": {"1"}, "dpv": {"dpv:ResearchAndDevelopment"},
		"tcf_purpose": {"10"}, "fides_use": {"train_ai_system"}, "name_en": {"Training our models"}, "name_fr": {"Entraîner nos modèles"}}
	status, _, body := staffSubmit(t, c, ts.URL+"/admin/purposes/new", ts.URL+"/admin/purposes", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-refusable"`) || !strings.Contains(body, "Entraîner nos modèles") {
		t.Fatalf("consent without refusal: status %d", status)
	}
	form.Set("refusable", "1")
	status, loc, _ := staffSubmit(t, c, ts.URL+"/admin/purposes/new", ts.URL+"/admin/purposes", form)
	if status != http.StatusSeeOther || loc != "/admin/purposes/ai-training?done=purpose.saved" {
		t.Fatalf("create purpose: status %d to %q", status, loc)
	}
	status, _, _ = staffSubmit(t, c, ts.URL+"/admin/purposes/new", ts.URL+"/admin/purposes", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("the same purpose slug again: status %d, want 422", status)
	}
}

// TestAdminCategoryCreate adds a custom data category and refuses its key a second time.
func TestAdminCategoryCreate(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, adminA)
	form := url.Values{"slug": {"user.custom.skin_type"}, "sensitive": {"1"}, "name_en": {"Skin type"}, "phrase_en": {"your skin type"}}
	status, loc, _ := staffSubmit(t, c, ts.URL+"/admin/categories/new", ts.URL+"/admin/categories", form)
	if status != http.StatusSeeOther || loc != "/admin/categories/user.custom.skin_type?done=category.saved" {
		t.Fatalf("create category: status %d to %q", status, loc)
	}
	status, _, body := staffSubmit(t, c, ts.URL+"/admin/categories/new", ts.URL+"/admin/categories", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-slug"`) {
		t.Fatalf("the same key again: status %d", status)
	}
}

// TestAdminModelVersionRecorded records a training run of the in-house recommender and refuses bad dates.
func TestAdminModelVersionRecorded(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	page := ts.URL + "/admin/systems/product-recommender/models"
	status, _, body := staffSubmit(t, c, page, page, url.Values{"version": {"99"}, "trained_at": {"2026-11-20"},
		"window_from": {"2026-11-01"}, "window_to": {"2026-10-01"}, "next_retrain": {"nope"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-window_to"`) || !strings.Contains(body, `data-testid="error-next_retrain"`) {
		t.Fatalf("bad training run: status %d", status)
	}
	status, loc, _ := staffSubmit(t, c, page, page, url.Values{"version": {"99"}, "trained_at": {"2026-11-20"},
		"window_from": {"2025-11-01"}, "window_to": {"2026-10-31"}, "next_retrain": {"2026-12-20"}})
	if status != http.StatusSeeOther || loc != "/admin/systems/product-recommender/models?done=model.saved" {
		t.Fatalf("training run: status %d to %q", status, loc)
	}
	if _, _, body := get(t, c, ts.URL+loc, "Accept-Language", "en"); !strings.Contains(body, `scope="row">99`) {
		t.Error("the new version is not listed")
	}
}

// TestAdminOverviewCharts draws usage by system and purpose and the opt-in rates, each with its table.
func TestAdminOverviewCharts(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, privacyA)
	_, _, body := get(t, c, ts.URL+"/admin", "Accept-Language", "en")
	for _, id := range []string{"chart-by-system", "chart-by-purpose", "chart-optin"} {
		if !strings.Contains(body, `data-testid="chart-`+id+`"`) || !strings.Contains(body, `id="`+id+`-option"`) {
			t.Errorf("the overview has no %s with its data", id)
		}
	}
	if !strings.Contains(body, `href="/admin/coverage"`) || !strings.Contains(body, `href="/admin/violations"`) {
		t.Error("the overview does not link to gaps and violations")
	}
}
