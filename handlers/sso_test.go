package handlers

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"vitrine/plain"
	"vitrine/seed"
	"vitrine/store"
)

// ssoStartByEmail types a work address into the sign-in page's company-account form and returns vitrine's answer.
func ssoStartByEmail(t testing.TB, c *http.Client, ts *httptest.Server, email string) *http.Response {
	t.Helper()
	_, _, page := get(t, c, ts.URL+"/staff/login", "Accept-Language", "en")
	m := staffCSRFRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the sign-in page has no CSRF field")
	}
	return do(t, c, http.MethodPost, ts.URL+"/staff/sso", url.Values{"_csrf": {m[1]}, "email": {email}})
}

// ssoWorld is a server whose two demo brands sign in at one test provider, each with its own client.
func ssoWorld(t *testing.T) (*Server, *httptest.Server, *testIdP) {
	s, ts, idp, _ := ssoWorldLogged(t)
	return s, ts, idp
}

// ssoWorldLogged is ssoWorld with the server's log kept, to tell why a sign-in was refused.
func ssoWorldLogged(t *testing.T) (*Server, *httptest.Server, *testIdP, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s, ts := newIsolatedServer(t, func(s *Server) { s.Log = slog.New(slog.NewTextHandler(logs, nil)) })
	idp := newTestIdP(t, ts.URL)
	setTestSSO(t, s, seed.BrandMaison, idp.URL, "vitrine-maison", "maison-lumiere.example", true)
	setTestSSO(t, s, seed.BrandNorthwind, idp.URL, "vitrine-northwind", "northwind-bank.example", true)
	return s, ts, idp, logs
}

// syncBuffer is a log written by the server and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// Take returns what was logged since the last call.
func (b *syncBuffer) Take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.b.String()
	b.b.Reset()
	return s
}

// signedInAs returns the staff account the client's session belongs to, or a zero account.
func signedInAs(t testing.TB, s *Server, c *http.Client, ts *httptest.Server) store.StaffUser {
	t.Helper()
	id := staffCookieOf(t, c, ts)
	if id == "" {
		return store.StaffUser{}
	}
	sess, err := s.DB.StaffSession(context.Background(), id, s.now(), staffIdle)
	if err != nil {
		return store.StaffUser{}
	}
	u, err := s.DB.StaffByID(context.Background(), sess.StaffID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSSOSignIn(t *testing.T) {
	s, ts, idp, logs := ssoWorldLogged(t)
	ctx := context.Background()
	en := plain.New("en", nil)
	northwind, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	// A contractor's account at Northwind, with an address of Maison's domain: Maison's provider must not take it.
	contractor, err := s.DB.CreateStaff(ctx, store.StaffUser{BrandID: northwind.ID, Email: "contractor@maison-lumiere.example",
		Role: store.RoleSupport}, seed.StaffPassword, s.now())
	if err != nil {
		t.Fatal(err)
	}
	idp.person("lea@maison-lumiere.example", true, "support", "everyone")
	idp.person(adminA, true, "vitrine-admins")
	idp.person("unchecked@maison-lumiere.example", false, "support")
	idp.person("guest@elsewhere.example", true, "support")
	idp.person("marketing@maison-lumiere.example", true, "marketing")
	idp.person("contractor@maison-lumiere.example", true, "vitrine-admins")
	idp.person("ops@northwind-bank.example", true, "vitrine-privacy")

	cases := []struct {
		name    string
		email   string // who signs in at the provider
		byLink  string // start from /staff/sso/BRAND instead of the e-mail form
		nonce   string // the provider's wrong nonce
		swap    string // the provider answers with the tokens of this client
		alter   func(url.Values)
		status  int
		message string // the refusal's catalog key
		why     string // and the reason logged
		role    string // the role signed in with
		brand   int64
	}{
		{name: "new person, provisioned with the role of the claim", email: "lea@maison-lumiere.example", status: 303, role: store.RoleSupport, brand: maison.ID},
		{name: "existing account of the brand", email: adminA, status: 303, role: store.RoleAdmin, brand: maison.ID},
		{name: "direct link of another brand, same provider", email: "ops@northwind-bank.example", byLink: seed.BrandNorthwind, status: 303, role: store.RolePrivacy, brand: northwind.ID},
		{name: "state does not match", email: "lea@maison-lumiere.example", alter: func(q url.Values) { q.Set("state", "forged") }, status: 400, message: "sso.error.state"},
		{name: "no state", email: "lea@maison-lumiere.example", alter: func(q url.Values) { q.Del("state") }, status: 400, message: "sso.error.state"},
		{name: "nonce does not match", email: "lea@maison-lumiere.example", nonce: "replayed-nonce", status: 401, message: "sso.error.token", why: "nonce_matches=true"},
		{name: "token for another brand's client", email: "lea@maison-lumiere.example", swap: "vitrine-northwind", status: 401, message: "sso.error.token", why: `expected audience \"vitrine-maison\"`},
		{name: "code tampered with", email: "lea@maison-lumiere.example", alter: func(q url.Values) { q.Set("code", q.Get("code")+"x") }, status: 502, message: "sso.error.provider"},
		{name: "e-mail not verified", email: "unchecked@maison-lumiere.example", status: 403, message: "sso.error.unverified"},
		{name: "domain not allowed", email: "guest@elsewhere.example", byLink: seed.BrandMaison, status: 403, message: "sso.error.domain"},
		{name: "claim maps to no role", email: "marketing@maison-lumiere.example", status: 403, message: "sso.error.no_role"},
		{name: "account of another brand not adopted", email: "contractor@maison-lumiere.example", status: 403, message: "sso.error.account"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			idp.misbehave(tc.nonce, tc.swap)
			defer idp.misbehave("", "")
			c := client(t)
			var start *http.Response
			if tc.byLink != "" {
				start = do(t, c, http.MethodGet, ts.URL+"/staff/sso/"+tc.byLink, nil)
			} else {
				start = ssoStartByEmail(t, c, ts, tc.email)
			}
			if !strings.HasPrefix(nextHop(start), idp.URL) {
				t.Fatalf("start: status %d to %q, want the provider", start.StatusCode, nextHop(start))
			}
			auth, _ := url.Parse(nextHop(start))
			q := auth.Query()
			if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" ||
				q.Get("redirect_uri") != ts.URL+ssoCallbackPath || (tc.byLink == "" && q.Get("login_hint") != tc.email) {
				t.Errorf("authorization request lacks PKCE, nonce, state, redirect URI or hint: %s", auth.RawQuery)
			}
			logs.Take()
			got := ssoThrough(t, c, idp, start, tc.email, tc.alter)
			if logged := logs.Take(); !strings.Contains(logged, tc.why) {
				t.Errorf("refused for another reason than %s: %s", tc.why, logged)
			}
			if got.status != tc.status {
				t.Fatalf("status %d, want %d; page: %.400s", got.status, tc.status, got.body)
			}
			u := signedInAs(t, s, c, ts)
			if tc.message != "" {
				if !strings.Contains(got.body, html.EscapeString(en.T(tc.message))) {
					t.Errorf("the page does not say %q: %.600s", en.T(tc.message), got.body)
				}
				if u.ID != 0 {
					t.Errorf("refused, yet signed in as %s", u.Email)
				}
				return
			}
			if got.location != "/staff" || u.Email != tc.email || u.Role != tc.role || u.BrandID != tc.brand || u.LastSignInMethod != store.SignInSSO {
				t.Errorf("signed in as %+v, sent to %q; want %s, %s of brand %d, at /staff", u, got.location, tc.email, tc.role, tc.brand)
			}
		})
	}
	if after, _ := s.DB.StaffByID(ctx, contractor.ID); after.BrandID != northwind.ID || after.Role != store.RoleSupport {
		t.Errorf("the other brand's account changed: %+v", after)
	}

	// The team page says who signed in with the company account.
	admin := client(t)
	start := ssoStartByEmail(t, admin, ts, adminA)
	if got := ssoThrough(t, admin, idp, start, adminA, nil); got.status != http.StatusSeeOther {
		t.Fatalf("admin sign-in: %d", got.status)
	}
	_, _, team := get(t, admin, ts.URL+"/staff/team", "Accept-Language", "en")
	if !strings.Contains(team, "company account") || !strings.Contains(team, "lea@maison-lumiere.example") {
		t.Errorf("the team page does not show the sign-in through the company account: %.2000s", team)
	}
	// And the settings page shows the settings, but never the secret.
	_, _, settings := get(t, admin, ts.URL+"/admin/settings", "Accept-Language", "en")
	if !strings.Contains(settings, "vitrine-maison") || !strings.Contains(settings, ts.URL+ssoCallbackPath) || strings.Contains(settings, "secret-maison") {
		t.Errorf("settings page: client id and redirect URI shown, secret hidden? %.300s", settings[strings.Index(settings, "sso-h"):])
	}
}

func TestSSORoleFollowsTheProvider(t *testing.T) {
	s, ts, idp := ssoWorld(t)
	email := "lea@maison-lumiere.example"
	for _, step := range []struct {
		groups []string
		role   string
		audit  int // the audit log needs the privacy role
	}{
		{[]string{"support"}, store.RoleSupport, http.StatusForbidden},
		{[]string{"support", "vitrine-privacy"}, store.RolePrivacy, http.StatusOK},
		{[]string{"support"}, store.RoleSupport, http.StatusForbidden},
	} {
		idp.person(email, true, step.groups...)
		c := client(t)
		if got := ssoThrough(t, c, idp, ssoStartByEmail(t, c, ts, email), email, nil); got.status != http.StatusSeeOther {
			t.Fatalf("groups %v: status %d: %.300s", step.groups, got.status, got.body)
		}
		if u := signedInAs(t, s, c, ts); u.Role != step.role {
			t.Errorf("groups %v: role %q, want %q", step.groups, u.Role, step.role)
		}
		if status, _, _ := get(t, c, ts.URL+"/staff/audit"); status != step.audit {
			t.Errorf("groups %v: the audit log answers %d, want %d", step.groups, status, step.audit)
		}
	}
}

func TestSSOStartRefusals(t *testing.T) {
	_, ts, _ := ssoWorld(t)
	en := plain.New("en", nil)
	c := client(t)
	for _, tc := range []struct {
		email, message string
		status         int
	}{
		{"someone@unknown.example", "sso.error.unknown_domain", http.StatusNotFound},
		{"not an address", "sso.error.email", http.StatusBadRequest},
	} {
		resp := ssoStartByEmail(t, c, ts, tc.email)
		body := readBody(resp)
		if resp.StatusCode != tc.status || !strings.Contains(body, html.EscapeString(en.T(tc.message))) {
			t.Errorf("%q: status %d, want %d with %q", tc.email, resp.StatusCode, tc.status, en.T(tc.message))
		}
	}
	if status, _, _ := get(t, c, ts.URL+"/staff/sso/no-such-brand"); status != http.StatusNotFound {
		t.Errorf("a link to no brand: %d", status)
	}
	// A callback with no attempt in the browser is refused.
	if status, _, body := get(t, c, ts.URL+ssoCallbackPath+"?code=x&state=y", "Accept-Language", "en"); status != http.StatusBadRequest ||
		!strings.Contains(body, html.EscapeString(en.T("sso.error.state"))) {
		t.Errorf("a callback without an attempt: %d", status)
	}
}

func TestSSOTurnsPasswordsOff(t *testing.T) {
	s, ts, idp := ssoWorld(t)
	setTestSSO(t, s, seed.BrandMaison, idp.URL, "vitrine-maison", "maison-lumiere.example", false)
	en := plain.New("en", nil)
	ctx := context.Background()
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	// A contractor of Maison's, with an address outside Maison's domain: the account's brand decides.
	if _, err := s.DB.CreateStaff(ctx, store.StaffUser{BrandID: maison.ID, Email: "temp@contractors.example", Role: store.RoleSupport},
		seed.StaffPassword, s.now()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		email  string
		status int
	}{
		{supportA, http.StatusForbidden}, // Maison: company account only
		{adminA, http.StatusForbidden},
		{"temp@contractors.example", http.StatusForbidden},
		{supportB, http.StatusSeeOther}, // Northwind keeps passwords
	} {
		c := client(t)
		status, _, body := staffSubmit(t, c, ts.URL+"/staff/login", ts.URL+"/staff/login",
			url.Values{"email": {tc.email}, "password": {seed.StaffPassword}})
		if status != tc.status {
			t.Errorf("%s: password sign-in %d, want %d", tc.email, status, tc.status)
		}
		if tc.status == http.StatusForbidden && (!strings.Contains(body, html.EscapeString(en.T("sso.error.password_off"))) || staffCookieOf(t, c, ts) != "") {
			t.Errorf("%s: refused without pointing to the company sign-in, or signed in anyway", tc.email)
		}
	}
}

// readBody reads an answer kept by do.
func readBody(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}
