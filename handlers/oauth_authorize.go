package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// oauthNextCookie remembers, for a customer who arrived at the consent screen signed out, the authorization
// request to come back to once their brand's link has signed them in (sessionExchange).
const oauthNextCookie = "vitrine_oauth_next"

// authorizeRequest is an authorization request (OAuth 2.1 §4.1.1) that passed every check.
type authorizeRequest struct {
	Client      store.OAuthClient
	RedirectURI string
	State       string
	Challenge   string
	Scopes      []string
	Resource    string
}

// authorizeFailure is a request that cannot go on. With a redirect, the error goes back to the client (RFC 6749
// §4.1.2.1); without one (the client or its redirect URI is in doubt) it is shown on a page, never redirected:
// sending a code or an error to an unchecked address is how open redirectors are made.
type authorizeFailure struct {
	redirect    string
	code, descr string
	status      int
}

// parseAuthorize checks an authorization request, in the order the spec wants: client, redirect URI, then the rest.
func (s *Server) parseAuthorize(c echo.Context) (authorizeRequest, *authorizeFailure) {
	var r authorizeRequest
	ctx := c.Request().Context()
	clientID := c.FormValue("client_id")
	if clientID == "" {
		return r, &authorizeFailure{code: "invalid_request", descr: "client_id is missing", status: http.StatusBadRequest}
	}
	client, err := s.oauthClient(ctx, clientID)
	if err != nil {
		var unknown errClientUnknown
		if errors.As(err, &unknown) {
			return r, &authorizeFailure{code: "invalid_client", descr: unknown.why, status: http.StatusBadRequest}
		}
		return r, &authorizeFailure{code: "server_error", descr: "the client could not be read", status: http.StatusInternalServerError}
	}
	r.Client = client
	r.RedirectURI = c.FormValue("redirect_uri")
	if r.RedirectURI == "" && len(client.RedirectURIs) == 1 {
		r.RedirectURI = client.RedirectURIs[0]
	}
	if !client.AllowsRedirect(r.RedirectURI) {
		return r, &authorizeFailure{code: "invalid_request", descr: "redirect_uri is not one the client registered, compared exactly", status: http.StatusBadRequest}
	}
	r.State = c.FormValue("state")
	fail := func(code, descr string) *authorizeFailure {
		return &authorizeFailure{redirect: r.RedirectURI, code: code, descr: descr}
	}
	if c.FormValue("response_type") != "code" {
		return r, fail("unsupported_response_type", "response_type must be code")
	}
	r.Challenge = c.FormValue("code_challenge")
	if r.Challenge == "" {
		return r, fail("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256")
	}
	if m := c.FormValue("code_challenge_method"); m != "S256" {
		return r, fail("invalid_request", "code_challenge_method must be S256; plain is not accepted")
	}
	if len(r.Challenge) != 43 {
		return r, fail("invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters)")
	}
	for _, sc := range strings.Fields(c.FormValue("scope")) {
		if !slices.Contains(assistantScopes, sc) && sc != scopeOffline {
			return r, fail("invalid_scope", "unknown scope "+sc+": assistants may ask for vitrine.read, vitrine.choices and offline_access")
		}
		if !slices.Contains(r.Scopes, sc) {
			r.Scopes = append(r.Scopes, sc)
		}
	}
	if !slices.Contains(r.Scopes, scopeRead) {
		r.Scopes = append([]string{scopeRead}, r.Scopes...) // every other scope reads too; say so on the screen
	}
	r.Resource = c.FormValue("resource")
	if r.Resource == "" {
		r.Resource = s.mcpResource()
	}
	if r.Resource != s.mcpResource() {
		return r, fail("invalid_target", "resource must be "+s.mcpResource())
	}
	return r, nil
}

// redirectTo sends the browser back to the client with params and the issuer (RFC 9207, so a client talking to
// several servers can tell whose answer this is).
func (s *Server) redirectTo(c echo.Context, redirectURI string, params url.Values) error {
	u, err := url.Parse(redirectURI)
	if err != nil {
		return pageErr(http.StatusBadRequest, "error.bad_request", err)
	}
	q := u.Query()
	for k, vs := range params {
		for _, v := range vs {
			if v != "" {
				q.Set(k, v)
			}
		}
	}
	q.Set("iss", s.BaseURL)
	u.RawQuery = q.Encode()
	return c.Redirect(http.StatusFound, u.String())
}

// authorizeFailed answers a failed request: back to the client when its redirect URI is known good, else a page.
func (s *Server) authorizeFailed(c echo.Context, f *authorizeFailure) error {
	if f.redirect != "" {
		return s.redirectTo(c, f.redirect, url.Values{"error": {f.code}, "error_description": {f.descr}, "state": {c.FormValue("state")}})
	}
	l := plain.New(anonymousLocale(c), nil)
	page := views.ErrorPage{Page: views.Page{L: l, Nonce: nonce(c), Title: l.T("oauth.error.title")}, Status: f.status,
		Heading: l.T("oauth.error.title"), Body: l.T("oauth.error.body", f.descr)}
	page.BrandName = "vitrine"
	return Render(c, f.status, views.ErrorView(page))
}

// signedInCustomer reads the customer session cookie, as requireCustomer does, without refusing: the consent
// screen says how to sign in instead of showing an error.
func (s *Server) signedInCustomer(c echo.Context) (*customerCtx, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	sv, err := s.DB.SessionView(c.Request().Context(), ck.Value, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cc := &customerCtx{Brand: sv.Brand, Customer: sv.Customer, SessionID: ck.Value, Session: sv.Session, revs: &sv}
	c.Set(customerKey, cc)
	c.Response().Header().Set("Cache-Control", "no-store")
	return cc, nil
}

// oauthAuthorizeShow is the consent screen: the signed-in customer sees which assistant asks, what it could do
// and for how long, and decides. Signed out, they are told how to sign in and come back.
func (s *Server) oauthAuthorizeShow(c echo.Context) error {
	r, fail := s.parseAuthorize(c)
	if fail != nil {
		return s.authorizeFailed(c, fail)
	}
	cc, err := s.signedInCustomer(c)
	if err != nil {
		return err
	}
	if cc == nil {
		c.SetCookie(&http.Cookie{Name: oauthNextCookie, Value: c.Request().URL.RequestURI(), Path: "/", MaxAge: 1800,
			HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode})
		l := plain.New(anonymousLocale(c), nil)
		p := views.Page{L: l, Nonce: nonce(c), Title: l.T("oauth.signin.title"), BrandName: "vitrine"}
		p.LangCode, p.LangSwitch = langSwitch(c, l.Locale())
		p.LangLabel = plain.New(p.LangCode, nil).T("lang.name")
		return Render(c, http.StatusOK, views.OAuthSignIn(views.OAuthSignInPage{Page: p, Heading: l.T("oauth.signin.title"), Body: l.T("oauth.signin.body")}))
	}
	v, err := s.loadCustomerView(c, "assistants")
	if err != nil {
		return err
	}
	host := r.RedirectURI
	if u, err := url.Parse(r.RedirectURI); err == nil && u.Host != "" {
		host = u.Host
	}
	vm := views.OAuthConsentPage{Page: v.page, Action: "/oauth/authorize",
		Heading:   v.l.T("oauth.heading", r.Client.Name, cc.Brand.Name),
		ClaimNote: v.l.T("oauth.claim", r.Client.Name, host),
		Never:     v.l.T("oauth.never", cc.Brand.Name),
		Duration:  v.l.T("oauth.duration", v.l.Date(s.now().Add(store.GrantLifetime))),
	}
	vm.Title = vm.Heading
	for _, sc := range r.Scopes {
		vm.Scopes = append(vm.Scopes, v.l.T("oauth.scope."+sc))
	}
	allowFormTarget(c, r.RedirectURI)
	for _, k := range []string{"client_id", "redirect_uri", "response_type", "code_challenge", "code_challenge_method", "scope", "state", "resource"} {
		vm.Hidden = append(vm.Hidden, views.HiddenField{Name: k, Value: c.FormValue(k)})
	}
	return Render(c, http.StatusOK, views.OAuthConsent(vm))
}

// oauthAuthorizeCreate records the customer's decision and sends them back to the assistant: with a one-time
// code when they allowed it, with access_denied when not.
func (s *Server) oauthAuthorizeCreate(c echo.Context) error {
	r, fail := s.parseAuthorize(c)
	if fail != nil {
		return s.authorizeFailed(c, fail)
	}
	cc, err := s.signedInCustomer(c)
	if err != nil {
		return err
	}
	if cc == nil {
		return pageErr(http.StatusUnauthorized, "error.signed_out", nil)
	}
	if c.FormValue("decision") != "allow" {
		return s.redirectTo(c, r.RedirectURI, url.Values{"error": {"access_denied"}, "error_description": {"the customer did not allow access"}, "state": {r.State}})
	}
	code, _, err := s.DB.CreateAssistantGrant(c.Request().Context(), store.GrantRequest{BrandID: cc.Brand.ID, CustomerID: cc.Customer.ID,
		Client: r.Client, Scopes: r.Scopes, Resource: r.Resource, RedirectURI: r.RedirectURI, CodeChallenge: r.Challenge})
	if err != nil {
		return err
	}
	return s.redirectTo(c, r.RedirectURI, url.Values{"code": {code}, "state": {r.State}})
}

// allowFormTarget lets the consent form's answer redirect to the assistant: browsers apply the page's CSP
// form-action to the redirect after a form is sent, and 'self' alone would stop the customer at vitrine with the
// code never delivered. Only the one redirect URI the client registered, already matched exactly, is added.
func allowFormTarget(c echo.Context, redirectURI string) {
	u, err := url.Parse(redirectURI)
	if err != nil {
		return
	}
	src := u.Scheme + ":" // a native app's private scheme
	if u.Host != "" {
		src = u.Scheme + "://" + u.Host
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"), "form-action 'self'", "form-action 'self' "+src, 1))
}

// takeOAuthNext returns, once, the authorization request a customer left signed out, if it is one.
func takeOAuthNext(c echo.Context) string {
	ck, err := c.Cookie(oauthNextCookie)
	if err != nil || !strings.HasPrefix(ck.Value, "/oauth/authorize?") {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: oauthNextCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0)})
	return ck.Value
}
