package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

const testRedirect = "http://127.0.0.1:9/callback"

var hiddenField = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)

// formFields reads the hidden fields of a page's forms, the CSRF token included.
func formFields(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// consentScreen drives vitrine's consent screen as the customer would in their browser: opens the authorization
// URL, checks what it says, and answers decision. It returns where the browser was sent back.
func consentScreen(t testing.TB, browser *http.Client, authURL, decision string, want ...string) *url.URL {
	t.Helper()
	code, _, body := get(t, browser, authURL)
	if code != http.StatusOK {
		t.Fatalf("consent screen: status %d: %s", code, body)
	}
	for _, w := range want {
		if !strings.Contains(html.UnescapeString(body), w) {
			t.Errorf("consent screen does not say %q", w)
		}
	}
	f := formFields(body)
	f.Set("decision", decision)
	u, _ := url.Parse(authURL)
	resp, err := browser.PostForm(u.Scheme+"://"+u.Host+"/oauth/authorize", f)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("decision: status %d, want 302 back to the assistant", resp.StatusCode)
	}
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// connectAssistant runs the whole MCP authorization as a real assistant does, with the SDK's client: discovery
// from the 401, dynamic registration, the authorization code with PKCE through the consent screen (driven as the
// signed-in customer), the token exchange, then the MCP session.
func connectAssistant(t *testing.T, ts *httptest.Server, browser *http.Client, name, brand string, scopes ...string) *mcp.ClientSession {
	t.Helper()
	fetcher := func(ctx context.Context, args *auth.AuthorizationArgs) (*auth.AuthorizationResult, error) {
		authURL := args.URL
		if len(scopes) > 0 {
			u, _ := url.Parse(authURL)
			q := u.Query()
			q.Set("scope", strings.Join(scopes, " "))
			u.RawQuery = q.Encode()
			authURL = u.String()
		}
		back := consentScreen(t, browser, authURL, "allow", name, brand)
		q := back.Query()
		if q.Get("error") != "" {
			return nil, fmt.Errorf("authorization refused: %s: %s", q.Get("error"), q.Get("error_description"))
		}
		return &auth.AuthorizationResult{Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss")}, nil
	}
	h, err := auth.NewAuthorizationCodeHandler(&auth.AuthorizationCodeHandlerConfig{
		DynamicClientRegistrationConfig: &auth.DynamicClientRegistrationConfig{Metadata: &oauthex.ClientRegistrationMetadata{
			ClientName: name, RedirectURIs: []string{testRedirect}, TokenEndpointAuthMethod: "none",
			GrantTypes: []string{"authorization_code", "refresh_token"},
		}},
		RedirectURL:              testRedirect,
		AuthorizationCodeFetcher: fetcher,
		RequestRefreshToken:      true,
	})
	if err != nil {
		t.Fatal(err)
	}
	cl := mcp.NewClient(&mcp.Implementation{Name: "test-assistant", Version: "1"}, nil)
	sess, err := cl.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: ts.URL + "/mcp", OAuthHandler: h}, nil)
	if err != nil {
		t.Fatalf("connect through discovery and authorization: %v", err)
	}
	t.Cleanup(func() { sess.Close() })
	return sess
}

// callTool calls a tool and decodes its structured answer into out.
func callTool(t *testing.T, sess *mcp.ClientSession, name string, args map[string]any, out any) *mcp.CallToolResult {
	t.Helper()
	res, err := sess.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if out != nil && !res.IsError {
		b, _ := json.Marshal(res.StructuredContent)
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v in %s", name, err, b)
		}
	}
	return res
}

func toolError(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// TestAssistantReadsWhatThePagesSay connects an assistant for Camille with the SDK's own client, calls every tool
// and checks each answer against what her pages show.
func TestAssistantReadsWhatThePagesSay(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	browser := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	sess := connectAssistant(t, ts, browser, "Test Assistant", "Maison Lumière", scopeRead, scopeChoices)

	tools, err := sess.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range tools.Tools {
		names = append(names, tl.Name)
	}
	if strings.Join(names, ",") != strings.Join(mcpTools, ",") && len(names) != len(mcpTools) {
		t.Errorf("tools %v, want %v", names, mcpTools)
	}

	_, _, overview := get(t, browser, ts.URL+"/me")
	overview = html.UnescapeString(overview)
	var sum SummaryOut
	callTool(t, sess, "summary", nil, &sum)
	if sum.Sentence == "" || !strings.Contains(overview, sum.Sentence) {
		t.Errorf("summary sentence %q is not the overview's", sum.Sentence)
	}
	if len(sum.Systems) == 0 {
		t.Fatal("summary lists no system")
	}
	total := 0
	for _, sy := range sum.Systems {
		total += sy.Uses
		if !strings.Contains(overview, sy.Name) || !strings.Contains(overview, sy.UsesText) {
			t.Errorf("system %q with %q is not on the overview", sy.Name, sy.UsesText)
		}
	}
	if total != sum.Uses || !strings.Contains(overview, fmt.Sprintf(`data-events="%d"`, sum.Uses)) {
		t.Errorf("summary counts %d uses (systems sum to %d); the overview says otherwise", sum.Uses, total)
	}

	// Uses, keyset paged, are the activity page's sentences in the same order.
	var page1, page2 ListUsesOut
	callTool(t, sess, "list_uses", map[string]any{"limit": 5}, &page1)
	if len(page1.Uses) != 5 || page1.NextCursor == "" {
		t.Fatalf("list_uses: %d uses, next %q", len(page1.Uses), page1.NextCursor)
	}
	callTool(t, sess, "list_uses", map[string]any{"limit": 5, "cursor": page1.NextCursor}, &page2)
	if len(page2.Uses) == 0 || page2.Uses[0].ID == page1.Uses[4].ID {
		t.Fatalf("second page repeats or is empty: %+v", page2.Uses)
	}
	_, _, activity := get(t, browser, ts.URL+"/me/activity")
	activity = html.UnescapeString(activity)
	for _, u := range append(page1.Uses, page2.Uses...) {
		if !strings.Contains(activity, u.Sentence) {
			t.Errorf("use %d %q is not on the activity page", u.ID, u.Sentence)
		}
	}
	res := callTool(t, sess, "list_uses", map[string]any{"system": "no-such-system"}, nil)
	if !res.IsError || !strings.Contains(toolError(res), "list_systems") {
		t.Errorf("unknown system filter: %v %q", res.IsError, toolError(res))
	}
	res = callTool(t, sess, "list_uses", map[string]any{"from": "yesterday"}, nil)
	if !res.IsError || !strings.Contains(toolError(res), "YYYY-MM-DD") {
		t.Errorf("bad date: %q", toolError(res))
	}

	var ex ExplainUseOut
	callTool(t, sess, "explain_use", map[string]any{"id": page1.Uses[0].ID}, &ex)
	if ex.Sentence != page1.Uses[0].Sentence || ex.System == "" || ex.Purpose == "" || ex.LegalBasis == "" || len(ex.Data) == 0 {
		t.Errorf("explain_use: %+v", ex)
	}

	var systems ListSystemsOut
	callTool(t, sess, "list_systems", nil, &systems)
	used := 0
	for _, sy := range systems.Systems {
		if sy.UsedMyData {
			used++
		}
	}
	if used != len(sum.Systems) {
		t.Errorf("list_systems says %d systems used the data, summary %d", used, len(sum.Systems))
	}
	slug := sum.Systems[0].Slug
	var story SystemStoryOut
	callTool(t, sess, "system_story", map[string]any{"system": slug}, &story)
	_, _, sysPage := get(t, browser, ts.URL+"/me/systems/"+slug)
	sysPage = html.UnescapeString(sysPage)
	if !strings.Contains(sysPage, story.What) || !strings.Contains(sysPage, story.UsesText) || len(story.LatestUses) == 0 {
		t.Errorf("system_story %+v is not the system page", story)
	}

	var training TrainingOut
	callTool(t, sess, "training_status", nil, &training)
	for _, sy := range training.Systems {
		_, _, p := get(t, browser, ts.URL+"/me/systems/"+sy.Slug)
		for _, m := range sy.Models {
			if !strings.Contains(html.UnescapeString(p), m.Sentence) {
				t.Errorf("model sentence %q is not on %s's page", m.Sentence, sy.Slug)
			}
		}
	}

	var choices ChoicesOut
	callTool(t, sess, "list_choices", nil, &choices)
	_, _, consents := get(t, browser, ts.URL+"/me/consents")
	consents = html.UnescapeString(consents)
	var target *ChoiceOut
	for i, ch := range choices.Choices {
		if !strings.Contains(consents, ch.Name) || !strings.Contains(consents, ch.State) {
			t.Errorf("choice %q %q is not on the choices page", ch.Name, ch.State)
		}
		if ch.CanChange && ch.On && target == nil {
			target = &choices.Choices[i]
		}
	}
	var receipts ReceiptsOut
	callTool(t, sess, "receipts", nil, &receipts)
	if len(receipts.Receipts) == 0 || !strings.Contains(consents, receipts.Receipts[0].Sentence) {
		t.Errorf("receipts: %+v", receipts.Receipts)
	}
	var visits StaffAccessOut
	callTool(t, sess, "staff_access", nil, &visits)
	_, _, access := get(t, browser, ts.URL+"/me/access")
	for _, vi := range visits.Visits {
		if !strings.Contains(html.UnescapeString(access), vi.Sentence) {
			t.Errorf("staff visit %q is not on the access page", vi.Sentence)
		}
	}

	// A prepared change changes nothing until Camille confirms it; then the receipt names the assistant.
	if target == nil {
		t.Fatal("no choice Camille can turn off")
	}
	var prep ConfirmOut
	callTool(t, sess, "change_choice", map[string]any{"purpose": target.Purpose, "on": false}, &prep)
	if prep.Done || !strings.HasPrefix(prep.ConfirmURL, ts.URL+"/me/assistants/confirm/") {
		t.Fatalf("change_choice: %+v", prep)
	}
	var again ChoicesOut
	callTool(t, sess, "list_choices", nil, &again)
	for _, ch := range again.Choices {
		if ch.Purpose == target.Purpose && !ch.On {
			t.Fatal("change_choice changed the choice without the customer confirming")
		}
	}
	// Sam cannot open Camille's link.
	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	if code, _, _ := get(t, sam, prep.ConfirmURL); code != http.StatusNotFound {
		t.Errorf("another customer opened the confirmation: %d", code)
	}
	code, _, body := get(t, browser, prep.ConfirmURL)
	if code != http.StatusOK || !strings.Contains(html.UnescapeString(body), "Test Assistant") {
		t.Fatalf("confirmation page: %d", code)
	}
	f := formFields(body)
	f.Set("decision", "confirm")
	resp, err := browser.PostForm(prep.ConfirmURL, f)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	cust, _ := s.DB.CustomerByExternalID(context.Background(), mustBrand(t, s, seed.BrandMaison).ID, seed.CamilleID)
	hist, err := s.DB.ConsentHistory(context.Background(), cust.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if h := hist[0]; h.Method != "agent" || h.Actor != "Test Assistant" || h.State != store.ConsentRefused {
		t.Errorf("latest choice %+v, want refused by agent Test Assistant", h)
	}
	_, _, receipt := get(t, browser, ts.URL+"/me/consents/receipts/"+hist[0].ReceiptID+"?format=json")
	var rc struct {
		RecordedBy store.ReceiptRecorder `json:"recorded_by"`
	}
	if json.Unmarshal([]byte(receipt), &rc) != nil || rc.RecordedBy.Type != "agent" || rc.RecordedBy.Name != "Test Assistant" {
		t.Errorf("receipt does not name the assistant: %s", receipt)
	}

	_, _, receiptPage := get(t, browser, ts.URL+"/me/consents/receipts/"+hist[0].ReceiptID)
	if !strings.Contains(html.UnescapeString(receiptPage), "un changement préparé par votre assistant IA Test Assistant") {
		t.Error("the receipt page does not name the assistant that prepared the change")
	}
	_, _, consentsAfter := get(t, browser, ts.URL+"/me/consents")
	if !strings.Contains(html.UnescapeString(consentsAfter), "via un assistant IA que vous avez connecté, après votre confirmation") {
		t.Error("the history of choices does not say the change came through an assistant")
	}

	// /admin counts the brand's connected assistants and their calls.
	admin := staffSignIn(t, ts, "admin@maison-lumiere.example")
	_, _, adm := get(t, admin, ts.URL+"/admin?lang=en")
	if m := regexp.MustCompile(`Customers' own AI assistants: 1 connected, (\d+) reads in the last 30 days`).FindStringSubmatch(html.UnescapeString(adm)); m == nil || m[1] == "0" {
		t.Errorf("/admin does not count the assistant and its calls")
	}

	// Every call is shown to Camille, and the assistant with its last use.
	_, _, mine := get(t, browser, ts.URL+"/me/assistants")
	mine = html.UnescapeString(mine)
	for _, w := range []string{"Test Assistant", "a lu votre résumé", "Retirer Test Assistant"} {
		if !strings.Contains(mine, w) {
			t.Errorf("assistants page does not say %q", w)
		}
	}
}

func mustBrand(t *testing.T, s *Server, slug string) store.Brand {
	t.Helper()
	b, err := s.DB.BrandBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pkcePair is a code verifier and its S256 challenge.
func pkcePair() (string, string) {
	v := "verifier-0123456789-0123456789-0123456789-abcdef"
	h := sha256.Sum256([]byte(v))
	return v, base64.RawURLEncoding.EncodeToString(h[:])
}

// registerClient registers a public client the way an assistant does.
func registerClient(t testing.TB, ts *httptest.Server, name string) string {
	t.Helper()
	body := fmt.Sprintf(`{"client_name":%q,"redirect_uris":[%q],"token_endpoint_auth_method":"none"}`, name, testRedirect)
	resp, err := http.Post(ts.URL+"/oauth/register", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ClientID string `json:"client_id"`
	}
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&out) != nil || out.ClientID == "" {
		t.Fatalf("register: %d", resp.StatusCode)
	}
	return out.ClientID
}

type tokens struct {
	Access  string `json:"access_token"`
	Refresh string `json:"refresh_token"`
	Error   string `json:"error"`
}

func tokenCall(t testing.TB, ts *httptest.Server, form url.Values) (int, tokens) {
	t.Helper()
	resp, err := http.PostForm(ts.URL+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tk tokens
	_ = json.NewDecoder(resp.Body).Decode(&tk)
	return resp.StatusCode, tk
}

// authorize runs the code flow by hand for a customer and returns the tokens.
func authorize(t testing.TB, ts *httptest.Server, browser *http.Client, clientID string) tokens {
	t.Helper()
	verifier, challenge := pkcePair()
	q := url.Values{"client_id": {clientID}, "redirect_uri": {testRedirect}, "response_type": {"code"}, "code_challenge": {challenge},
		"code_challenge_method": {"S256"}, "state": {"xyz"}, "scope": {scopeRead}}
	back := consentScreen(t, browser, ts.URL+"/oauth/authorize?"+q.Encode(), "allow")
	if back.Query().Get("state") != "xyz" || back.Query().Get("iss") != ts.URL {
		t.Fatalf("redirect back %s", back)
	}
	code, tk := tokenCall(t, ts, url.Values{"grant_type": {"authorization_code"}, "code": {back.Query().Get("code")}, "client_id": {clientID},
		"redirect_uri": {testRedirect}, "code_verifier": {verifier}, "resource": {ts.URL + "/mcp"}})
	if code != http.StatusOK || tk.Access == "" || tk.Refresh == "" {
		t.Fatalf("token: %d %+v", code, tk)
	}
	return tk
}

// mcpStatus posts a tools/call to /mcp with token and returns the status and WWW-Authenticate.
func mcpStatus(t testing.TB, ts *httptest.Server, token, tool string) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":%q,"arguments":{}}}`, tool)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/mcp", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate")
}

// TestAssistantBadTokens: no token, a made-up one, another resource's, an expired one, a revoked grant's, a
// read-only grant calling a change, a reused refresh token: each is refused, and says why.
func TestAssistantBadTokens(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	browser := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	clientID := registerClient(t, ts, "Bad Token Tester")
	tk := authorize(t, ts, browser, clientID)

	if code, _ := mcpStatus(t, ts, tk.Access, "summary"); code != http.StatusOK {
		t.Fatalf("good token: %d", code)
	}
	code, www := mcpStatus(t, ts, "", "summary")
	if code != http.StatusUnauthorized || !strings.Contains(www, `resource_metadata="`+ts.URL+`/.well-known/oauth-protected-resource/mcp"`) {
		t.Errorf("no token: %d %q", code, www)
	}
	for _, c := range []struct {
		name, token string
	}{
		{"made up", "vca_1_" + strings.Repeat("A", 43)},
		{"not ours", "hello"},
		{"refresh token as access", tk.Refresh},
	} {
		if code, www := mcpStatus(t, ts, c.token, "summary"); code != http.StatusUnauthorized || !strings.Contains(www, `error="invalid_token"`) {
			t.Errorf("%s: %d %q", c.name, code, www)
		}
	}
	// A customer's assistant token is not a key to the brand API.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/customers/"+seed.CamilleID+"/usage", nil)
	req.Header.Set("Authorization", "Bearer "+tk.Access)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("assistant token on the brand API: %v %v", resp.StatusCode, err)
	} else {
		resp.Body.Close()
	}
	// Read-only grant: a change tool asks to step up.
	code, www = mcpStatus(t, ts, tk.Access, "change_choice")
	if code != http.StatusForbidden || !strings.Contains(www, `error="insufficient_scope"`) || !strings.Contains(www, scopeChoices) {
		t.Errorf("insufficient scope: %d %q", code, www)
	}

	// A token of a server at another address (another audience) is refused here.
	other := &Server{DB: s.DB, Log: testLog(), SessionTTL: time.Hour, BaseURL: "https://elsewhere.example"}
	otherTS := httptest.NewServer(New(other))
	t.Cleanup(otherTS.Close)
	if code, _ := mcpStatus(t, otherTS, tk.Access, "summary"); code != http.StatusUnauthorized {
		t.Errorf("token of another resource: %d", code)
	}

	// Refresh rotates; the old refresh token used again revokes the grant, and the new tokens die with it.
	c2, tk2 := tokenCall(t, ts, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.Refresh}, "client_id": {clientID}})
	if c2 != http.StatusOK || tk2.Refresh == tk.Refresh {
		t.Fatalf("refresh: %d", c2)
	}
	if code, _ := mcpStatus(t, ts, tk2.Access, "summary"); code != http.StatusOK {
		t.Errorf("rotated token: %d", code)
	}
	if c3, e := tokenCall(t, ts, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.Refresh}, "client_id": {clientID}}); c3 != http.StatusBadRequest || e.Error != "invalid_grant" {
		t.Errorf("reused refresh token: %d %+v", c3, e)
	}
	if code, _ := mcpStatus(t, ts, tk2.Access, "summary"); code != http.StatusUnauthorized {
		t.Errorf("token after reuse revoked the grant: %d", code)
	}
	_, _, mine := get(t, browser, ts.URL+"/me/assistants")
	if !strings.Contains(html.UnescapeString(mine), "a servi deux fois") {
		t.Error("the customer is not told the grant ended because its key was used twice")
	}

	// Expired: an hour and a minute later the access token is refused; revoked by the customer: refused at once.
	tk3 := authorize(t, ts, browser, clientID)
	var offset atomic.Int64
	s.DB.SetClock(func() time.Time { return testNow.Add(time.Duration(offset.Load())) })
	t.Cleanup(func() { s.DB.SetClock(func() time.Time { return testNow }) })
	offset.Store(int64(61 * time.Minute))
	if code, _ := mcpStatus(t, ts, tk3.Access, "summary"); code != http.StatusUnauthorized {
		t.Errorf("expired token: %d", code)
	}
	offset.Store(0)
	grants, _ := s.DB.AssistantGrants(context.Background(), mustBrand(t, s, seed.BrandMaison).ID, mustCustomer(t, s, seed.BrandMaison, seed.CamilleID).ID)
	f := formFields(mine)
	resp, err := browser.PostForm(fmt.Sprintf("%s/me/assistants/%d/revoke", ts.URL, grants[0].ID), url.Values{"_csrf": {f.Get("_csrf")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if code, _ := mcpStatus(t, ts, tk3.Access, "summary"); code != http.StatusUnauthorized {
		t.Errorf("revoked grant's token: %d", code)
	}
	// Sam cannot revoke Camille's grant.
	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	_, _, samPage := get(t, sam, ts.URL+"/me/assistants")
	resp, _ = sam.PostForm(fmt.Sprintf("%s/me/assistants/%d/revoke", ts.URL, grants[1].ID), url.Values{"_csrf": {formFields(samPage).Get("_csrf")}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("Sam revoking Camille's grant: %d", resp.StatusCode)
	}
}

func mustCustomer(t *testing.T, s *Server, brand, ext string) store.Customer {
	t.Helper()
	c, err := s.DB.CustomerByExternalID(context.Background(), mustBrand(t, s, brand).ID, ext)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAuthorizeRefusals: the authorization endpoint refuses what OAuth 2.1 forbids, on a page when the client or
// its redirect is in doubt, back to the client otherwise.
func TestAuthorizeRefusals(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	browser := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	clientID := registerClient(t, ts, "Refusal Tester")
	_, challenge := pkcePair()
	base := url.Values{"client_id": {clientID}, "redirect_uri": {testRedirect}, "response_type": {"code"}, "code_challenge": {challenge},
		"code_challenge_method": {"S256"}, "state": {"s1"}}
	cases := []struct {
		name      string
		change    func(url.Values)
		status    int    // a page
		wantError string // or an error sent back to the client
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "vcl_nope") }, http.StatusBadRequest, ""},
		{"redirect not registered", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:9/other") }, http.StatusBadRequest, ""},
		{"redirect with a longer path", func(q url.Values) { q.Set("redirect_uri", testRedirect+"/x") }, http.StatusBadRequest, ""},
		{"no PKCE", func(q url.Values) { q.Del("code_challenge") }, 0, "invalid_request"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge_method", "plain") }, 0, "invalid_request"},
		{"token response type", func(q url.Values) { q.Set("response_type", "token") }, 0, "unsupported_response_type"},
		{"unknown scope", func(q url.Values) { q.Set("scope", "admin") }, 0, "invalid_scope"},
		{"other resource", func(q url.Values) { q.Set("resource", "https://evil.example/mcp") }, 0, "invalid_target"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := url.Values{}
			for k, v := range base {
				q[k] = append([]string(nil), v...)
			}
			c.change(q)
			code, h, _ := get(t, browser, ts.URL+"/oauth/authorize?"+q.Encode())
			if c.status != 0 {
				if code != c.status || h.Get("Location") != "" {
					t.Errorf("status %d location %q, want a %d page", code, h.Get("Location"), c.status)
				}
				return
			}
			loc, _ := url.Parse(h.Get("Location"))
			if code != http.StatusFound || !strings.HasPrefix(h.Get("Location"), testRedirect) || loc.Query().Get("error") != c.wantError || loc.Query().Get("state") != "s1" {
				t.Errorf("status %d location %q, want error %s back to the client", code, h.Get("Location"), c.wantError)
			}
		})
	}
	// Denied: the client hears access_denied and no grant exists.
	back := consentScreen(t, browser, ts.URL+"/oauth/authorize?"+base.Encode(), "deny")
	if back.Query().Get("error") != "access_denied" || back.Query().Get("code") != "" {
		t.Errorf("deny: %s", back)
	}
	// Signed out: the page says how to open the AI page first, and the link from the brand brings them back here.
	anon := client(t)
	code, _, body := get(t, anon, ts.URL+"/oauth/authorize?"+base.Encode(), "Accept-Language", "en")
	if code != http.StatusOK || !strings.Contains(body, "open your AI page from there") {
		t.Errorf("signed out: %d", code)
	}
	resp, err := anon.Get(ts.URL + "/s/" + mintIn(t, s.DB, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Location"), "/oauth/authorize?") {
		t.Errorf("after signing in, sent to %q, not back to the consent screen", resp.Header.Get("Location"))
	}
	// A code is good once, for its client, with its verifier.
	verifier, _ := pkcePair()
	back = consentScreen(t, browser, ts.URL+"/oauth/authorize?"+base.Encode(), "allow")
	codeVal := back.Query().Get("code")
	exchange := url.Values{"grant_type": {"authorization_code"}, "code": {codeVal}, "client_id": {clientID}, "redirect_uri": {testRedirect}, "code_verifier": {"wrong-verifier"}}
	if c, e := tokenCall(t, ts, exchange); c != http.StatusBadRequest || e.Error != "invalid_grant" {
		t.Errorf("wrong verifier: %d %+v", c, e)
	}
	exchange.Set("code_verifier", verifier)
	if c, _ := tokenCall(t, ts, exchange); c != http.StatusOK {
		t.Errorf("good exchange: %d", c)
	}
	if c, e := tokenCall(t, ts, exchange); c != http.StatusBadRequest || e.Error != "invalid_grant" {
		t.Errorf("code used twice: %d %+v", c, e)
	}
}

// TestClientRegistrationChecks: dynamic registration keeps only what OAuth 2.1 allows a public client.
func TestClientRegistrationChecks(t *testing.T) {
	_, ts := newTestServer(t)
	for _, c := range []struct {
		name, body, want string
	}{
		{"no name", `{"redirect_uris":["https://app.example/cb"]}`, "client_name"},
		{"no redirect", `{"client_name":"X"}`, "redirect_uris"},
		{"http elsewhere", `{"client_name":"X","redirect_uris":["http://app.example/cb"]}`, "https"},
		{"wildcard", `{"client_name":"X","redirect_uris":["https://app.example/*"]}`, "wildcard"},
		{"fragment", `{"client_name":"X","redirect_uris":["https://app.example/cb#x"]}`, "fragment"},
		{"secret client", `{"client_name":"X","redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"client_secret_basic"}`, "public"},
		{"implicit", `{"client_name":"X","redirect_uris":["https://app.example/cb"],"grant_types":["implicit"]}`, "grant_types"},
		{"not json", `client_name=X`, "JSON"},
	} {
		resp, err := http.Post(ts.URL+"/oauth/register", "application/json", strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), c.want) {
			t.Errorf("%s: %d %s", c.name, resp.StatusCode, b)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:33418/callback", "http://localhost/cb", "com.example.app:/oauth", "https://app.example/cb"} {
		body := fmt.Sprintf(`{"client_name":"Fine","redirect_uris":[%q]}`, ok)
		resp, _ := http.Post(ts.URL+"/oauth/register", "application/json", strings.NewReader(body))
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("%s refused: %d", ok, resp.StatusCode)
		}
	}
}

// TestClientMetadataDocument: a client identified by a metadata document URL is read through the webhook guard;
// with the guard on, an internal address is refused.
func TestClientMetadataDocument(t *testing.T) {
	var doc *httptest.Server
	doc = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"client_id":%q,"client_name":"Metadata Assistant","redirect_uris":[%q]}`, doc.URL+"/client.json", testRedirect)
	}))
	t.Cleanup(doc.Close)
	_, challenge := pkcePair()
	q := url.Values{"client_id": {doc.URL + "/client.json"}, "redirect_uri": {testRedirect}, "response_type": {"code"},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"}}

	_, guarded := newIsolatedServer(t, nil)
	browser := signIn(t, guarded, seed.BrandMaison, seed.CamilleID)
	code, _, body := get(t, browser, guarded.URL+"/oauth/authorize?"+q.Encode())
	if code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "refused") {
		t.Errorf("internal metadata URL with the guard on: %d", code)
	}

	_, open := newIsolatedServer(t, func(s *Server) { s.InsecureWebhooks = true })
	browser = signIn(t, open, seed.BrandMaison, seed.CamilleID)
	consentScreen(t, browser, open.URL+"/oauth/authorize?"+q.Encode(), "allow", "Metadata Assistant", "vitrine")
}

// TestOAuthMetadata: discovery documents name each other and the MCP server.
func TestOAuthMetadata(t *testing.T) {
	_, ts := newTestServer(t)
	var prm, asm map[string]any
	for path, out := range map[string]*map[string]any{"/.well-known/oauth-protected-resource/mcp": &prm, "/.well-known/oauth-authorization-server": &asm} {
		_, _, body := get(t, client(t), ts.URL+path)
		if err := json.Unmarshal([]byte(body), out); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if prm["resource"] != ts.URL+"/mcp" || fmt.Sprint(prm["authorization_servers"]) != "["+ts.URL+"]" {
		t.Errorf("protected resource metadata: %v", prm)
	}
	if asm["issuer"] != ts.URL || fmt.Sprint(asm["code_challenge_methods_supported"]) != "[S256]" || asm["client_id_metadata_document_supported"] != true {
		t.Errorf("authorization server metadata: %v", asm)
	}
}

// TestAssistantPreparesAReview: request_review returns a link; the review exists only once Sam confirms, and is
// then his, asked through his assistant.
func TestAssistantPreparesAReview(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	browser := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	sess := connectAssistant(t, ts, browser, "Review Assistant", "Northwind Bank", scopeRead, scopeChoices)
	var decisions ListUsesOut
	callTool(t, sess, "list_uses", map[string]any{"action": store.ActionDecision, "limit": 50}, &decisions)
	if len(decisions.Uses) == 0 {
		t.Fatal("Sam has no automated decision to review")
	}
	sam := mustCustomer(t, s, seed.BrandNorthwind, seed.SamID)
	var target int64
	asked, err := s.DB.CustomerReviews(context.Background(), sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range decisions.Uses {
		free := true
		for _, r := range asked {
			free = free && r.EventID != d.ID
		}
		if free {
			target = d.ID
			break
		}
	}
	if target == 0 {
		t.Fatal("every decision of Sam's was already sent for review")
	}
	res := callTool(t, sess, "request_review", map[string]any{"id": decisions.Uses[0].ID + 1_000_000}, nil)
	if !res.IsError {
		t.Error("request_review of a decision that is not Sam's was prepared")
	}
	var prep ConfirmOut
	callTool(t, sess, "request_review", map[string]any{"id": target, "message": "I earn more than this says."}, &prep)
	after, _ := s.DB.CustomerReviews(context.Background(), sam.ID)
	if len(after) != len(asked) {
		t.Fatal("request_review asked for a review without Sam confirming")
	}
	_, _, body := get(t, browser, prep.ConfirmURL)
	f := formFields(body)
	f.Set("decision", "confirm")
	resp, err := browser.PostForm(prep.ConfirmURL, f)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "review is sent") {
		t.Errorf("confirmation answer: %d", resp.StatusCode)
	}
	after, _ = s.DB.CustomerReviews(context.Background(), sam.ID)
	if len(after) != len(asked)+1 {
		t.Fatalf("%d review requests after confirming, want %d", len(after), len(asked)+1)
	}
	for _, r := range after {
		if r.EventID == target && (r.Method != "agent" || r.Message != "I earn more than this says.") {
			t.Errorf("review %+v, want method agent with Sam's words", r)
		}
	}
	// The link is good once.
	resp, _ = browser.PostForm(prep.ConfirmURL, f)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "already decided") {
		t.Error("a second confirmation did not say it was already done")
	}
}

// TestAssistantRateLimit: a grant gets bursts of 30 calls, then 429 with Retry-After (the test clock stands still,
// so the bucket does not refill).
func TestAssistantRateLimit(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	browser := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	tk := authorize(t, ts, browser, registerClient(t, ts, "Busy Assistant"))
	ok, limited := 0, 0
	for range assistantBurst + 5 {
		switch code, _ := mcpStatus(t, ts, tk.Access, "summary"); code {
		case http.StatusOK:
			ok++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("status %d", code)
		}
	}
	if ok != assistantBurst || limited != 5 {
		t.Errorf("%d answered and %d limited, want %d and 5", ok, limited, assistantBurst)
	}
	// Another customer's assistant has its own allowance.
	other := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	tk2 := authorize(t, ts, other, registerClient(t, ts, "Calm Assistant"))
	if code, _ := mcpStatus(t, ts, tk2.Access, "summary"); code != http.StatusOK {
		t.Errorf("another grant was limited too: %d", code)
	}
}
