package handlers

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/storage"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"vitrine/store"
)

// The tests' identity provider: zitadel/oidc's OpenID provider with its example storage, and a login page, on
// 127.0.0.1, with vitrine registered as a web client of each brand (client secret, PKCE, one redirect URI). A
// person signs in there with their e-mail as user name and idpPassword. The test decides each person's groups,
// and can make the provider misbehave: sign ID tokens with another nonce, or answer a brand's code exchange
// with the tokens it last issued to another brand's client.
type testIdP struct {
	URL string

	mu     sync.Mutex
	users  map[string]*storage.User // by id, which is the e-mail
	groups map[string][]string      // by id
	nonce  string                   // when set, the ID tokens carry this nonce instead of the one asked for
	tokens map[string][]byte        // the last token answer to each client
	swap   string                   // when set, every other client's code exchange gets this client's last tokens
}

const idpPassword = "idp-password-1"

// Test clients at the provider, one per brand.
var idpClients = map[string]string{"vitrine-maison": "secret-maison", "vitrine-northwind": "secret-northwind"}

// newTestIdP starts the provider for the vitrine server at vitrineURL.
func newTestIdP(t testing.TB, vitrineURL string) *testIdP {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	idp := &testIdP{URL: "http://" + l.Addr().String(), users: map[string]*storage.User{}, groups: map[string][]string{},
		tokens: map[string][]byte{}}
	clients := map[string]*storage.Client{}
	for id, secret := range idpClients {
		clients[id] = storage.WebClient(id, secret, vitrineURL+ssoCallbackPath)
	}
	st := &idpStorage{Storage: storage.NewStorageWithClients(idpUsers{idp}, clients), idp: idp}
	provider, err := op.NewOpenIDProvider(idp.URL, &op.Config{CryptoKey: sha256.Sum256([]byte("test")), CodeMethodS256: true}, st,
		op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/username", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Company sign-in</title><link rel="icon" href="data:,"><form method="post" action="/login/username">
			<input type="hidden" name="id" value="%s"><label for="username">User name</label><input id="username" name="username">
			<label for="password">Password</label><input id="password" name="password" type="password">
			<button type="submit">Sign in</button></form></html>`, html.EscapeString(r.URL.Query().Get("authRequestID")))
	})
	callback := op.AuthCallbackURL(provider)
	mux.Handle("POST /login/username", op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("id")
		if err := st.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), id); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, callback(r.Context(), id), http.StatusFound)
	}))
	mux.Handle("/", idp.swapTokens(provider))
	ts := httptest.NewUnstartedServer(mux)
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	return idp
}

// swapTokens records the token endpoint's answers and, when the test asks, answers one client with another's.
func (p *testIdP) swapTokens(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth/token" {
			h.ServeHTTP(w, r)
			return
		}
		client, _, _ := r.BasicAuth()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		p.mu.Lock()
		if rec.Code == http.StatusOK {
			p.tokens[client] = rec.Body.Bytes()
		}
		answer := rec.Body.Bytes()
		if other := p.tokens[p.swap]; p.swap != "" && p.swap != client && other != nil {
			answer = other
		}
		p.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(answer)
	})
}

// person adds or changes someone at the provider.
func (p *testIdP) person(email string, verified bool, groups ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users[email] = &storage.User{ID: email, Username: email, Password: idpPassword, FirstName: "Test", LastName: "Person",
		Email: email, EmailVerified: verified}
	p.groups[email] = groups
}

// misbehave makes the next ID tokens carry another nonce, or the next code exchanges of other clients get the
// tokens last issued to the client swap ("" for none).
func (p *testIdP) misbehave(nonce, swap string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nonce, p.swap = nonce, swap
}

// idpUsers is the provider's user store, read from the test's people.
type idpUsers struct{ p *testIdP }

func (u idpUsers) GetUserByID(id string) *storage.User {
	u.p.mu.Lock()
	defer u.p.mu.Unlock()
	return u.p.users[id]
}

func (u idpUsers) GetUserByUsername(name string) *storage.User { return u.GetUserByID(name) }

func (u idpUsers) ExampleClientID() string { return "service" }

// idpStorage is the example storage, putting the e-mail, its verification and the groups in the ID token (as
// Keycloak's or Entra ID's mappers do) and, when the test asks, a wrong nonce or audience.
type idpStorage struct {
	*storage.Storage
	idp *testIdP
}

// SetUserinfoFromRequest fills the ID token's claims about the person.
func (s *idpStorage) SetUserinfoFromRequest(ctx context.Context, info *zoidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	s.idp.mu.Lock()
	defer s.idp.mu.Unlock()
	u := s.idp.users[req.GetSubject()]
	if u == nil {
		return nil
	}
	info.Email, info.EmailVerified, info.Name = u.Email, zoidc.Bool(u.EmailVerified), u.FirstName+" "+u.LastName
	info.AppendClaims("groups", s.idp.groups[u.ID])
	return nil
}

// AuthRequestByCode hands the token endpoint the sign-in request, with another nonce when the test wants one.
func (s *idpStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	s.idp.mu.Lock()
	defer s.idp.mu.Unlock()
	if s.idp.nonce == "" {
		return r, nil
	}
	return otherNonce{AuthRequest: r, nonce: s.idp.nonce}, nil
}

type otherNonce struct {
	op.AuthRequest
	nonce string
}

func (r otherNonce) GetNonce() string { return r.nonce }

// setTestSSO gives a brand single sign-on at the test provider with its client, and the usual role map.
func setTestSSO(t testing.TB, s *Server, brandSlug, issuer, clientID, domain string, passwords bool) store.SSOConfig {
	t.Helper()
	ctx := context.Background()
	b, err := s.DB.BrandBySlug(ctx, brandSlug)
	if err != nil {
		t.Fatal(err)
	}
	cfg := store.SSOConfig{BrandID: b.ID, Issuer: issuer, ClientID: clientID, ClientSecret: idpClients[clientID],
		RoleClaim: "groups", RoleMap: map[string]string{"vitrine-admins": store.RoleAdmin, "vitrine-privacy": store.RolePrivacy,
			"support": store.RoleSupport}, Domains: []string{domain}, PasswordLogin: passwords}
	if err := s.DB.SetSSO(ctx, cfg, s.now()); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// ssoResult is vitrine's answer at the end of a sign-in through the provider.
type ssoResult struct {
	status   int
	location string
	body     string
}

// ssoThrough takes a browser-like client through the provider from vitrine's answer start (a redirect to the
// provider): the provider's login form filled with the person's e-mail, then back to vitrine's callback, whose
// answer it returns. alter, when set, changes the callback's address before the browser follows it.
func ssoThrough(t testing.TB, c *http.Client, idp *testIdP, start *http.Response, email string, alter func(url.Values)) ssoResult {
	t.Helper()
	resp := start
	for range 10 {
		loc := nextHop(resp)
		if loc == "" {
			break
		}
		next, err := resp.Request.URL.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(next.String(), idp.URL) {
			resp = do(t, c, http.MethodGet, next.String(), nil)
			if next.Path == "/login/username" { // the provider's login page
				id := next.Query().Get("authRequestID")
				resp = do(t, c, http.MethodPost, idp.URL+"/login/username",
					url.Values{"id": {id}, "username": {email}, "password": {idpPassword}})
			}
			continue
		}
		if alter != nil {
			q := next.Query()
			alter(q)
			next.RawQuery = q.Encode()
		}
		resp = do(t, c, http.MethodGet, next.String(), nil)
		body, _ := io.ReadAll(resp.Body)
		return ssoResult{resp.StatusCode, resp.Header.Get("Location"), string(body)}
	}
	body, _ := io.ReadAll(resp.Body)
	t.Fatalf("the sign-in did not come back to vitrine: status %d at %s: %.300s", resp.StatusCode, resp.Request.URL, body)
	return ssoResult{}
}

// nextHop is where an answer sends the browser: a redirect's Location, or the Refresh header's address.
func nextHop(resp *http.Response) string {
	if resp.StatusCode/100 == 3 {
		return resp.Header.Get("Location")
	}
	if _, to, ok := strings.Cut(resp.Header.Get("Refresh"), "url="); ok && resp.StatusCode == http.StatusOK {
		return to
	}
	return ""
}

// do sends one request from the client, as an English-speaking browser, and keeps the answer's body readable.
func do(t testing.TB, c *http.Client, method, target string, form url.Values) *http.Response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", "en")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(raw)))
	return resp
}
