package handlers

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

var (
	agentClientIDRe = regexp.MustCompile(`data-testid="agent-client-id">([^<]+)<`)
	agentSecretRe   = regexp.MustCompile(`data-testid="agent-client-secret">([^<]+)<`)
)

// agentServer is an isolated server whose clock the test moves, with an agent client added by the brand's admin
// through /admin/agents, as a brand would.
type agentServer struct {
	s        *Server
	ts       *httptest.Server
	clock    *atomic.Int64
	admin    *http.Client
	clientID string
	secret   string
}

func newAgentServer(t *testing.T) *agentServer {
	t.Helper()
	s, ts := newIsolatedServer(t, nil)
	clock := &atomic.Int64{}
	clock.Store(testNow.Unix())
	s.DB.SetClock(func() time.Time { return time.Unix(clock.Load(), 0).UTC() })
	a := &agentServer{s: s, ts: ts, clock: clock, admin: staffSignIn(t, ts, adminA)}
	a.clientID, a.secret = a.addAgent(t, "Support assistant")
	return a
}

// addAgent adds an agent client of maison-lumiere from the admin form and reads its credentials, shown once.
func (a *agentServer) addAgent(t *testing.T, name string) (string, string) {
	t.Helper()
	reg := a.registry(t, seed.BrandMaison)
	system, purpose := agentSystems(reg)[0].Slug, agentPurposes(reg)[0].Slug
	status, _, body := staffSubmit(t, a.admin, a.ts.URL+"/admin/agents", a.ts.URL+"/admin/agents",
		url.Values{"name": {name}, "system": {system}, "purpose": {purpose}})
	id, secret := agentClientIDRe.FindStringSubmatch(body), agentSecretRe.FindStringSubmatch(body)
	if status != http.StatusOK || id == nil || secret == nil {
		t.Fatalf("add agent: status %d, credentials shown: %v; page %.600s", status, id != nil && secret != nil, body)
	}
	if !strings.Contains(body, "grant_type=client_credentials") || !strings.Contains(body, a.ts.URL+"/oauth/token") {
		t.Error("the page shows no command to get a token")
	}
	_, _, list := get(t, a.admin, a.ts.URL+"/admin/agents", "Accept-Language", "en")
	if strings.Contains(list, secret[1]) || !strings.Contains(list, name) || !strings.Contains(list, id[1]) {
		t.Fatal("the list must show the agent and never its secret again")
	}
	return id[1], secret[1]
}

func (a *agentServer) registry(t *testing.T, brand string) *store.Registry {
	t.Helper()
	b, err := a.s.DB.BrandBySlug(context.Background(), brand)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := a.s.DB.Registry(context.Background(), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// tokenRequest posts to /oauth/token; basic is "id:secret" for HTTP Basic, or "".
func (a *agentServer) tokenRequest(t *testing.T, form url.Values, basicID, basicSecret string) (int, http.Header, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("token endpoint answered %d, not JSON: %s", resp.StatusCode, raw)
	}
	return resp.StatusCode, resp.Header, body
}

func (a *agentServer) token(t *testing.T) string {
	t.Helper()
	status, _, body := a.tokenRequest(t, url.Values{"grant_type": {"client_credentials"}}, a.clientID, a.secret)
	tok, _ := body["access_token"].(string)
	if status != http.StatusOK || tok == "" {
		t.Fatalf("token: %d %v", status, body)
	}
	return tok
}

func (a *agentServer) api(t *testing.T, method, path, tok, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, a.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(raw)
}

// agentEvents are the customer's agent_access events, newest first.
func (a *agentServer) agentEvents(t *testing.T, brand, ext string) []store.Event {
	t.Helper()
	ctx := context.Background()
	b, _ := a.s.DB.BrandBySlug(ctx, brand)
	cust, err := a.s.DB.CustomerByExternalID(ctx, b.ID, ext)
	if err != nil {
		t.Fatal(err)
	}
	page, err := a.s.DB.Events(ctx, cust.ID, store.EventFilter{Action: store.ActionAgentAccess}, store.Cursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	return page.Events
}

// TestAgentClientCredentialsGrant: the token endpoint gives a brand's agent a read token for its client id and
// secret, by HTTP Basic or in the form, and refuses every other request with the RFC 6749 error a client library
// reads.
func TestAgentClientCredentialsGrant(t *testing.T) {
	a := newAgentServer(t)
	api := a.ts.URL + "/api/v1"
	cc := func(kv ...string) url.Values {
		v := url.Values{"grant_type": {"client_credentials"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name          string
		form          url.Values
		basic, secret string
		status        int
		errCode       string
	}{
		{"basic", cc(), a.clientID, a.secret, 200, ""},
		{"post", cc("client_id", a.clientID, "client_secret", a.secret), "", "", 200, ""},
		{"scope and resource given", cc("scope", "brand.read", "resource", api), a.clientID, a.secret, 200, ""},
		{"wrong secret", cc(), a.clientID, a.secret + "x", 401, "invalid_client"},
		{"wrong secret in the form", cc("client_id", a.clientID, "client_secret", "vas_nope"), "", "", 401, "invalid_client"},
		{"unknown client", cc(), "vac_1_unknown", a.secret, 401, "invalid_client"},
		{"no credentials", cc(), "", "", 401, "invalid_client"},
		{"both ways at once", cc("client_secret", a.secret), a.clientID, a.secret, 400, "invalid_request"},
		{"another scope", cc("scope", "vitrine.read"), a.clientID, a.secret, 400, "invalid_scope"},
		{"a write scope", cc("scope", "brand.read brand.write"), a.clientID, a.secret, 400, "invalid_scope"},
		{"another resource", cc("resource", a.ts.URL+"/mcp"), a.clientID, a.secret, 400, "invalid_target"},
		{"two resources", cc("resource", api, "resource", api), a.clientID, a.secret, 400, "invalid_target"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := a.tokenRequest(t, tc.form, tc.basic, tc.secret)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, body)
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", h.Get("Cache-Control"))
			}
			if tc.errCode != "" {
				if body["error"] != tc.errCode || body["error_description"] == "" {
					t.Errorf("error %v, want %s with a description", body, tc.errCode)
				}
				if status == 401 && h.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				return
			}
			if tok, _ := body["access_token"].(string); !strings.HasPrefix(tok, store.AgentTokenPrefix) || body["token_type"] != "Bearer" ||
				body["expires_in"] != float64(3600) || body["scope"] != "brand.read" {
				t.Errorf("answer %v", body)
			}
			if _, ok := body["refresh_token"]; ok {
				t.Error("the client credentials grant must not give a refresh token")
			}
		})
	}
}

// TestAgentTokenReadsAndIsRecorded: an agent's token reads a customer of its brand, and each read shows on the
// customer's page as an agent_access event naming the agent and the brand; it cannot write, nor read another
// brand's customer; it stops at its expiry and when the admin stops the agent.
func TestAgentTokenReadsAndIsRecorded(t *testing.T) {
	a := newAgentServer(t)
	tok := a.token(t)
	before := len(a.agentEvents(t, seed.BrandMaison, seed.CamilleID))
	samBefore := len(a.agentEvents(t, seed.BrandNorthwind, seed.SamID))

	reads := []struct {
		name, method, path, body string
		status, recorded         int
	}{
		{"usage", "GET", "/api/v1/customers/" + seed.CamilleID + "/usage", "", 200, 1},
		{"consents", "GET", "/api/v1/customers/" + seed.CamilleID + "/consents", "", 200, 1},
		{"check, Camille twice and a stranger", "POST", "/api/v1/consents/check",
			`{"checks":[{"customer":"C-1001","purpose":"model-training"},{"customer":"C-1001","purpose":"recommendations"},{"customer":"NOBODY-1","purpose":"recommendations"}]}`, 200, 1},
		{"exclusion list: many customers, not recorded", "GET", "/api/v1/purposes/model-training/excluded", "", 200, 0},
		{"change feed: not recorded", "GET", "/api/v1/changes", "", 200, 0},
		{"another brand's customer", "GET", "/api/v1/customers/" + seed.SamID + "/usage", "", 404, 0},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			n := len(a.agentEvents(t, seed.BrandMaison, seed.CamilleID))
			status, _, body := a.api(t, r.method, r.path, tok, r.body)
			if status != r.status {
				t.Fatalf("status %d, want %d: %.300s", status, r.status, body)
			}
			if got := len(a.agentEvents(t, seed.BrandMaison, seed.CamilleID)) - n; got != r.recorded {
				t.Errorf("%d agent_access events recorded for Camille, want %d", got, r.recorded)
			}
		})
	}
	evs := a.agentEvents(t, seed.BrandMaison, seed.CamilleID)
	if len(evs) != before+3 {
		t.Fatalf("%d agent reads recorded, want 3", len(evs)-before)
	}
	ev := evs[0]
	if ev.Actor != "Support assistant" || ev.OnBehalfOf != "Maison Lumière" || len(ev.CategoryIDs) == 0 || !ev.OccurredAt.Equal(testNow) || ev.Channel != "api" {
		t.Errorf("event %+v", ev)
	}
	reg := a.registry(t, seed.BrandMaison)
	if sys, p := reg.Systems[ev.SystemID], reg.Purposes[ev.PurposeID]; sys == nil || p == nil || sys.Slug != agentSystems(reg)[0].Slug || p.Slug != agentPurposes(reg)[0].Slug {
		t.Errorf("event's system and purpose are not the agent's")
	}
	if got := len(a.agentEvents(t, seed.BrandNorthwind, seed.SamID)); got != samBefore {
		t.Errorf("Sam of another brand got %d agent events", got-samBefore)
	}
	// Camille reads it on her activity page.
	camille := signIn(t, a.ts, seed.BrandMaison, seed.CamilleID)
	_, _, page := get(t, camille, a.ts.URL+"/me/activity?lang=en", "Accept-Language", "en")
	if !regexp.MustCompile(`Support assistant, an AI agent of the company, read your (privacy choices|customer number|language)[^<]* on behalf of Maison Lumière`).MatchString(page) {
		i := strings.Index(page, "Support assistant")
		t.Errorf("Camille's activity page does not tell the agent's read: %.300s", page[max(0, i-100):])
	}
	_, _, list := get(t, a.admin, a.ts.URL+"/admin/agents", "Accept-Language", "en")
	if strings.Contains(list, ">Never<") {
		t.Error("the agent list still says never used")
	}

	writes := []struct{ name, method, path, body string }{
		{"events", "POST", "/api/v1/events", `{"events":[]}`},
		{"consent", "POST", "/api/v1/customers/" + seed.CamilleID + "/consents", `{"purpose":"model-training","state":"granted"}`},
		{"session", "POST", "/api/v1/sessions", `{"customer":"C-1001"}`},
	}
	for _, w := range writes {
		t.Run("write "+w.name, func(t *testing.T) {
			status, h, body := a.api(t, w.method, w.path, tok, w.body)
			if status != http.StatusForbidden || !strings.Contains(h.Get("WWW-Authenticate"), `error="insufficient_scope"`) ||
				!strings.Contains(h.Get("WWW-Authenticate"), `scope="`) || !strings.Contains(body, "API key") {
				t.Errorf("status %d, challenge %q, body %.200s", status, h.Get("WWW-Authenticate"), body)
			}
		})
	}

	unauthorized := func(label, tok string) {
		t.Helper()
		status, h, body := a.api(t, "GET", "/api/v1/customers/"+seed.CamilleID+"/usage", tok, "")
		if status != http.StatusUnauthorized || !strings.Contains(h.Get("WWW-Authenticate"), `error="invalid_token"`) {
			t.Errorf("%s: status %d, challenge %q, body %.200s", label, status, h.Get("WWW-Authenticate"), body)
		}
	}
	unauthorized("made-up token", store.AgentTokenPrefix+"1_nothing")
	unauthorized("token with its brand changed", strings.Replace(tok, "_", "_9", 1))

	a.clock.Add(int64(time.Hour/time.Second) - 1)
	if status, _, _ := a.api(t, "GET", "/api/v1/customers/"+seed.CamilleID+"/consents", tok, ""); status != http.StatusOK {
		t.Fatalf("a second before its hour is up the token gets %d", status)
	}
	a.clock.Add(1)
	unauthorized("expired token", tok)

	// The admin stops the agent: its fresh token stops at once and it gets no new one.
	fresh := a.token(t)
	a.admin = staffSignIn(t, a.ts, adminA) // the hour moved past the first sign-in's session
	status, loc, _ := staffSubmit(t, a.admin, a.ts.URL+"/admin/agents", a.ts.URL+revokeURLOf(t, a), url.Values{})
	if status != http.StatusSeeOther || loc != "/admin/agents?done=agent.revoked" {
		t.Fatalf("revoke: %d %q", status, loc)
	}
	unauthorized("token of a stopped agent", fresh)
	if status, _, body := a.tokenRequest(t, url.Values{"grant_type": {"client_credentials"}}, a.clientID, a.secret); status != 401 || body["error"] != "invalid_client" {
		t.Errorf("stopped agent asks for a token: %d %v", status, body)
	}
}

// revokeURLOf finds the stop button's form action of the first live agent on /admin/agents.
func revokeURLOf(t *testing.T, a *agentServer) string {
	t.Helper()
	_, _, page := get(t, a.admin, a.ts.URL+"/admin/agents", "Accept-Language", "en")
	m := regexp.MustCompile(`action="(/admin/agents/\d+/revoke)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no stop button on /admin/agents")
	}
	return m[1]
}

// TestAgentsPageRoles: privacy staff see the agents, only an admin adds or stops one, marketing does not get in.
func TestAgentsPageRoles(t *testing.T) {
	_, ts := newTestServer(t)
	privacy := staffSignIn(t, ts, privacyA)
	status, _, page := get(t, privacy, ts.URL+"/admin/agents", "Accept-Language", "en")
	if status != http.StatusOK || strings.Contains(page, `action="/admin/agents"`) {
		t.Errorf("privacy: status %d, add form shown: %v", status, strings.Contains(page, `action="/admin/agents"`))
	}
	assertNoRawText(t, "/admin/agents", page)
	status, _, _ = staffSubmit(t, privacy, ts.URL+"/admin/agents", ts.URL+"/admin/agents", url.Values{"name": {"x"}})
	if status != http.StatusForbidden {
		t.Errorf("privacy adds an agent: %d, want 403", status)
	}
	admin := staffSignIn(t, ts, adminA)
	_, _, page = get(t, admin, ts.URL+"/admin/settings", "Accept-Language", "en")
	if !strings.Contains(page, `href="/admin/agents"`) {
		t.Error("the API keys settings do not link to the agents page")
	}
	status, _, page = staffSubmit(t, admin, ts.URL+"/admin/agents", ts.URL+"/admin/agents", url.Values{"name": {""}, "system": {"nope"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `data-testid="errors"`) {
		t.Errorf("empty form: %d", status)
	}
	_, _, fr := get(t, admin, ts.URL+"/admin/agents", "Accept-Language", "fr")
	assertNoRawText(t, "/admin/agents fr", fr)
}
