package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// OAuth scopes vitrine grants. Customers grant the first two to their own AI assistants (authorization code with
// PKCE); brands grant the last to their agent clients (client credentials).
const (
	scopeRead    = "vitrine.read"    // read what AI systems did with the customer's data
	scopeChoices = "vitrine.choices" // prepare changes to the customer's choices, which the customer then confirms
	scopeOffline = "offline_access"  // a refresh token, so the assistant keeps access without asking again
	scopeBrand   = "brand.read"      // a brand's agent reads its customers' data through the brand API
)

// oauthToken is the authorization server's token endpoint (RFC 6749 §3.2): one address for every grant type,
// each handled in a file of its own.
func (s *Server) oauthToken(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	switch c.FormValue("grant_type") {
	case "authorization_code":
		return s.oauthTokenCode(c)
	case "refresh_token":
		return s.oauthTokenRefresh(c)
	case "client_credentials":
		return s.oauthTokenClientCredentials(c)
	case "":
		return oauthError(c, http.StatusBadRequest, "invalid_request", "grant_type is required: authorization_code, refresh_token or client_credentials")
	}
	return oauthError(c, http.StatusBadRequest, "unsupported_grant_type", "this server knows the grant types authorization_code, refresh_token and client_credentials")
}

// oauthError answers an OAuth error in the shape of RFC 6749 §5.2, which every OAuth client library reads.
func oauthError(c echo.Context, status int, code, description string) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Basic realm="vitrine"`)
	}
	return c.JSON(status, map[string]string{"error": code, "error_description": description})
}
