package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// mcpPath is where the MCP server for customers' assistants answers; its full URL is the resource every assistant
// token is bound to (RFC 8707).
const mcpPath = "/mcp"

// mcpResource is the MCP server's canonical URL, the audience of assistants' tokens.
func (s *Server) mcpResource() string { return s.BaseURL + mcpPath }

// prmURL is where the MCP server's protected resource metadata lives (RFC 9728 §3.1: the well-known path with the
// resource's path after it).
func (s *Server) prmURL() string {
	return s.BaseURL + "/.well-known/oauth-protected-resource" + mcpPath
}

// assistantScopes are the scopes a customer's assistant can ask for, in the order the consent screen lists them.
var assistantScopes = []string{scopeRead, scopeChoices}

// oauthServerMetadata is the authorization server's metadata (RFC 8414), which an MCP client reads to find where
// to send the customer and how to register.
func (s *Server) oauthServerMetadata(c echo.Context) error {
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.JSON(http.StatusOK, map[string]any{
		"issuer":                                         s.BaseURL,
		"authorization_endpoint":                         s.BaseURL + "/oauth/authorize",
		"token_endpoint":                                 s.BaseURL + "/oauth/token",
		"registration_endpoint":                          s.BaseURL + "/oauth/register",
		"revocation_endpoint":                            s.BaseURL + "/oauth/revoke",
		"scopes_supported":                               []string{scopeRead, scopeChoices, scopeOffline, scopeBrand},
		"response_types_supported":                       []string{"code"},
		"response_modes_supported":                       []string{"query"},
		"grant_types_supported":                          []string{"authorization_code", "refresh_token", "client_credentials"},
		"code_challenge_methods_supported":               []string{"S256"},
		"token_endpoint_auth_methods_supported":          []string{"none", "client_secret_basic", "client_secret_post"},
		"client_id_metadata_document_supported":          true,
		"authorization_response_iss_parameter_supported": true,
		"service_documentation":                          s.BaseURL + "/me/assistants",
	})
}

// protectedResourceMetadata describes the MCP server as an OAuth protected resource (RFC 9728): which
// authorization server issues its tokens and which scopes it knows.
func (s *Server) protectedResourceMetadata(c echo.Context) error {
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.JSON(http.StatusOK, map[string]any{
		"resource":                 s.mcpResource(),
		"resource_name":            "vitrine: what AI systems did with your data",
		"authorization_servers":    []string{s.BaseURL},
		"scopes_supported":         assistantScopes,
		"bearer_methods_supported": []string{"header"},
	})
}
