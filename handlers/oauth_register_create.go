package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"vitrine/store"
)

// oauthRegisterCreate registers an assistant application dynamically (RFC 7591), as MCP clients that have no
// Client ID Metadata Document do. Only public clients of the code flow are registered: no secret is issued, the
// code is protected by PKCE. The name it gives is shown to customers as the application's own claim.
func (s *Server) oauthRegisterCreate(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxMetadataBytes+1))
	if err != nil || len(body) > maxMetadataBytes {
		return oauthError(c, http.StatusBadRequest, "invalid_client_metadata", "send the client's metadata as a JSON object of at most 16 KiB")
	}
	var m clientMetadata
	if err := json.Unmarshal(body, &m); err != nil {
		return oauthError(c, http.StatusBadRequest, "invalid_client_metadata", "the body is not a JSON object of client metadata: "+err.Error())
	}
	if err := m.check(); err != nil {
		code := "invalid_client_metadata"
		if strings.Contains(err.Error(), "redirect") || strings.Contains(err.Error(), "://") {
			code = "invalid_redirect_uri"
		}
		return oauthError(c, http.StatusBadRequest, code, err.Error())
	}
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	now := s.now()
	client := store.OAuthClient{ID: "vcl_" + base64.RawURLEncoding.EncodeToString(raw), Name: m.ClientName, URI: m.ClientURI,
		RedirectURIs: m.RedirectURIs, Kind: "registered", CreatedAt: now, FetchedAt: now}
	if err := s.DB.SaveOAuthClient(c.Request().Context(), client); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, map[string]any{
		"client_id":                  client.ID,
		"client_id_issued_at":        now.Unix(),
		"client_name":                client.Name,
		"client_uri":                 client.URI,
		"redirect_uris":              client.RedirectURIs,
		"grant_types":                []string{"authorization_code", "refresh_token"},
		"response_types":             []string{"code"},
		"token_endpoint_auth_method": "none",
	})
}

// limitRegistrations limits dynamic registrations per client address: an assistant registers once per install,
// and a flood of registrations would only fill the clients table.
func (s *Server) limitRegistrations() echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: rate.Limit(0.2), Burst: 20, ExpiresIn: time.Hour}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "60")
			return oauthError(c, http.StatusTooManyRequests, "slow_down", "too many registrations from this address: retry in a minute")
		},
	})
}
