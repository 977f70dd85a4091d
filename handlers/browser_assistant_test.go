package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
	"vitrine/token"
)

// TestBrowserConnectAndRevokeAssistant connects an assistant as Camille does in her browser (the consent screen,
// Allow, back to the assistant with a code), then removes it from her page of assistants.
func TestBrowserConnectAndRevokeAssistant(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx, errs := browser(t)
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>assistant</title><p id="code">%s</p>`, r.URL.Query().Get("code"))
	}))
	t.Cleanup(cb.Close)
	redirect := cb.URL + "/callback"
	resp, err := http.Post(ts.URL+"/oauth/register", "application/json",
		strings.NewReader(fmt.Sprintf(`{"client_name":"Browser Assistant","redirect_uris":[%q]}`, redirect)))
	if err != nil {
		t.Fatal(err)
	}
	var reg struct {
		ClientID string `json:"client_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&reg); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("register: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	_, challenge := pkcePair()
	q := url.Values{"client_id": {reg.ClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "code_challenge": {challenge},
		"code_challenge_method": {"S256"}, "scope": {scopeRead + " " + scopeChoices}, "state": {"b1"}}
	link := ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("read %s: %v (errors: %v)", sel, err, errs())
		}
		return v
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(`[data-testid="summary"]`),
		chromedp.Navigate(ts.URL+"/oauth/authorize?"+q.Encode()),
		chromedp.WaitVisible(`[data-testid="oauth-heading"]`),
	)
	if err != nil {
		t.Fatalf("consent screen: %v (errors: %v)", err, errs())
	}
	heading, scopes := text(`[data-testid="oauth-heading"]`), text(`[data-testid="oauth-scopes"]`)
	if err := chromedp.Do(ctx, chromedp.Click(`[data-testid="oauth-allow"]`), chromedp.WaitVisible(`#code`)); err != nil {
		t.Fatalf("allow: %v (errors: %v)", err, errs())
	}
	code := text(`#code`)
	if !strings.Contains(heading, "Browser Assistant") || !strings.Contains(heading, "Maison Lumière") {
		t.Errorf("consent heading %q does not name the assistant and the brand", heading)
	}
	if !strings.Contains(scopes, "confirmé") {
		t.Errorf("scopes in plain words: %q", scopes)
	}
	if !strings.HasPrefix(code, "vcc_") {
		t.Errorf("the assistant got %q, not a code", code)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/me/assistants"), chromedp.WaitVisible(`[data-testid="assistants"]`)); err != nil {
		t.Fatalf("assistants page: %v (errors: %v)", err, errs())
	}
	listed := text(`[data-testid="assistants"]`)
	if err := chromedp.Do(ctx, chromedp.Click(`[data-testid="assistant-revoke"]`), chromedp.WaitVisible(`[data-testid="assistants-notice"]`)); err != nil {
		t.Fatalf("revoke: %v (errors: %v)", err, errs())
	}
	notice := text(`[data-testid="assistants-notice"]`)
	buttons, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="assistant-revoke"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(listed, "Browser Assistant") {
		t.Errorf("assistants page lists %q", listed)
	}
	if !strings.Contains(notice, "Browser Assistant") || buttons != 0 {
		t.Errorf("after removing: notice %q, %d remove buttons left", notice, buttons)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
