package handlers

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
	"vitrine/token"
)

//go:embed testdata/axe/axe.min.js
var axeSource string

// axeFinding is one serious or critical accessibility violation axe-core found.
type axeFinding struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe injects axe-core into the current page and returns its serious and critical WCAG 2.x A/AA violations.
func runAxe(t *testing.T, ctx context.Context) []axeFinding {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeFinding](`axe.run(document, {
			runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
			resultTypes: ['violations']
		}).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
			id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
		})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe: %v", err)
	}
	return found
}

func reportAxe(t *testing.T, page string, found []axeFinding) {
	t.Helper()
	for _, f := range found {
		t.Errorf("%s: %s (%s): %s at %s", page, f.ID, f.Impact, f.Help, strings.Join(f.Nodes, " | "))
	}
}

// TestAxeFindsViolations proves the accessibility check can fail: a page with an image without a text
// alternative and an unlabelled field must be reported.
func TestAxeFindsViolations(t *testing.T) {
	ctx, _ := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<html><head><title>t</title></head><body><main><img src="a.png"><input type="text"></main></body></html>`)); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range runAxe(t, ctx) {
		ids[f.ID] = true
	}
	if !ids["image-alt"] || !ids["label"] {
		t.Fatalf("axe found %v, want image-alt and label", ids)
	}
}

// TestBrowserAccessibility visits every customer page type as each persona, in both languages, runs axe-core
// on it, checks that it fits a 320 px wide screen without sideways scrolling, and that no console error shows.
func TestBrowserAccessibility(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	pages := []string{"/me", "/me/activity", "/me/consents", "/me/systems/%s", "/me/export.json?skip", "/nowhere"}
	for _, p := range personas {
		for _, lang := range []string{"en", "fr"} {
			link := ts.URL + "/s/" + mint(t, p.brand, p.id, token.AudSession, 10*time.Minute)
			if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
				t.Fatal(err)
			}
			_, slugs := usedSystems(t, p.brand, p.id)
			for _, path := range pages {
				if strings.HasSuffix(path, "?skip") {
					continue
				}
				if strings.Contains(path, "%s") {
					path = fmt.Sprintf(path, slugs[0])
				}
				url := ts.URL + path + "?lang=" + lang
				name := p.name + " " + lang + " " + path
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(url), chromedp.WaitReady("main")); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				reportAxe(t, name, runAxe(t, ctx))
				// 320 px wide (a small phone, or 1280 px at 400% zoom): nothing wider than the screen.
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640), chromedp.Sleep(150*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - window.innerWidth`))
				if err != nil || over > 1 {
					t.Errorf("%s: %v px wider than a 320 px screen (%v)", name, over, err)
				}
			}
		}
	}
	var unexpected []string
	for _, e := range errs() {
		if !strings.Contains(e, "/nowhere?") { // the 404 page's own status is expected
			unexpected = append(unexpected, e)
		}
	}
	if len(unexpected) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(unexpected, "\n"))
	}
}

// TestBrowserKeyboardConsent changes a consent with the keyboard only: Tab to the control, Enter to use it.
func TestBrowserKeyboardConsent(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx, errs := browser(t)
	link := ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.Navigate(ts.URL+"/me/consents?lang=en"), chromedp.WaitReady("main")); err != nil {
		t.Fatal(err)
	}
	target := `[data-testid="consent-recommendations"] [data-testid="consent-button"]`
	reached := false
	for i := 0; i < 60 && !reached; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		is, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector('`+target+`')`))
		if err != nil {
			t.Fatal(err)
		}
		reached = is
		if !reached {
			// The focused element must show where focus is (a visible outline).
			outline, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
			tag, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.tagName`))
			if (tag == "A" || tag == "BUTTON") && outline == "none" {
				t.Errorf("focused %s shows no focus outline", tag)
			}
		}
	}
	if !reached {
		t.Fatal("the consent button cannot be reached with Tab")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(`[data-testid="notice"]`)); err != nil {
		t.Fatalf("Enter on the consent button: %v", err)
	}
	// Focus moves to the announced result, so the next Tab starts from there and a screen reader reads it.
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement && document.activeElement.id`))
	if err != nil || focused != "notice" {
		t.Errorf("after the change, focus is on %q (%v), want the notice", focused, err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="consent-recommendations"] [data-testid="consent-state"]').dataset.state`))
	if err != nil || state != "refused" {
		t.Fatalf("state after Enter: %q (%v), want refused", state, err)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}

// TestBrowserWidgetAccessibility runs axe-core inside the widget, framed by the brand's site.
func TestBrowserWidgetAccessibility(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.DB.SetClock(time.Now) })
	ctx, _ := browser(t)
	origin := brandSite(t, s, ts.URL)
	b, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	s.DB.SetEmbedOrigins(context.Background(), b.ID, []string{origin})
	if err := chromedp.Do(ctx, chromedp.Navigate(origin+"/"), chromedp.WaitVisible(`[data-testid="widget-frame"]`)); err != nil {
		t.Fatal(err)
	}
	fctx, ok := widgetFrame(t, ctx, ts.URL)
	if !ok {
		t.Fatal("widget frame not found")
	}
	if err := chromedp.Do(fctx, chromedp.WaitVisible(`[data-testid="summary"]`)); err != nil {
		t.Fatal(err)
	}
	reportAxe(t, "widget", runAxe(t, fctx))
}
