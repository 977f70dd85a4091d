package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// agentTokenAnswer is the token endpoint's answer to an agent client (RFC 6749 §5.1). The client credentials
// grant gives no refresh token: the agent asks again with its credentials (§4.4.3).
type agentTokenAnswer struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// apiResource is the one resource (RFC 8707) an agent token is for: the brand API of this server.
func (s *Server) apiResource() string { return strings.TrimRight(s.BaseURL, "/") + "/api/v1" }

// oauthTokenClientCredentials gives one of the brand's own agents an access token to read the brand API
// (RFC 6749 §4.4). The agent authenticates with its client id and secret, by HTTP Basic (client_secret_basic) or
// in the form (client_secret_post), never both; it may only ask for brand.read, and, when it names a resource, it
// must be this server's API.
func (s *Server) oauthTokenClientCredentials(c echo.Context) error {
	ctx := c.Request().Context()
	clientID, secret, refuse := clientCredentials(c.Request())
	if refuse != nil {
		return refuse(c)
	}
	client, authErr := s.DB.AuthenticateAgentClient(ctx, clientID, secret)
	switch {
	case errors.Is(authErr, store.ErrNotFound), errors.Is(authErr, store.ErrAgentBadSecret):
		return oauthError(c, http.StatusUnauthorized, "invalid_client", "unknown client, or wrong client secret")
	case errors.Is(authErr, store.ErrAgentClientRevoked):
		return oauthError(c, http.StatusUnauthorized, "invalid_client", "this client was revoked by the brand's admin")
	case authErr != nil:
		return authErr
	}
	scope := strings.Join(strings.Fields(c.FormValue("scope")), " ")
	if scope == "" {
		scope = scopeBrand
	}
	if scope != scopeBrand {
		return oauthError(c, http.StatusBadRequest, "invalid_scope", "an agent client may only ask for the scope "+scopeBrand+": reading; writing to the API needs the brand's API key")
	}
	form, _ := c.FormParams()
	resources := form["resource"]
	switch {
	case len(resources) > 1:
		return oauthError(c, http.StatusBadRequest, "invalid_target", "ask for one resource: "+s.apiResource())
	case len(resources) == 1 && resources[0] != s.apiResource():
		return oauthError(c, http.StatusBadRequest, "invalid_target", "an agent token is only for the brand API, "+s.apiResource())
	}
	tok, exp, err := s.DB.IssueAgentToken(ctx, client, scope, s.apiResource())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Pragma", "no-cache")
	return c.JSON(http.StatusOK, agentTokenAnswer{AccessToken: tok, TokenType: "Bearer",
		ExpiresIn: int(exp.Sub(s.now()).Seconds() + 0.5), Scope: scope})
}

// clientCredentials reads the client's id and secret from HTTP Basic (each form-encoded first, RFC 6749 §2.3.1)
// or from the form. On failure it returns the OAuth error to answer.
func clientCredentials(r *http.Request) (string, string, func(echo.Context) error) {
	fail := func(status int, code, desc string) (string, string, func(echo.Context) error) {
		return "", "", func(c echo.Context) error { return oauthError(c, status, code, desc) }
	}
	formID, formSecret := r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	user, pass, basic := r.BasicAuth()
	switch {
	case basic && formSecret != "":
		return fail(http.StatusBadRequest, "invalid_request", "authenticate the client one way only: HTTP Basic or client_secret in the form, not both")
	case basic:
		id, err1 := url.QueryUnescape(user)
		secret, err2 := url.QueryUnescape(pass)
		if err1 != nil || err2 != nil || (formID != "" && formID != id) {
			return fail(http.StatusUnauthorized, "invalid_client", "the HTTP Basic credentials are not a form-encoded client id and secret")
		}
		return id, secret, nil
	case formID != "" && formSecret != "":
		return formID, formSecret, nil
	}
	return fail(http.StatusUnauthorized, "invalid_client", "authenticate the client: HTTP Basic with the client id and secret, or client_id and client_secret in the form")
}
