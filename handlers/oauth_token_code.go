package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// oauthTokenCode trades an authorization code for tokens (OAuth 2.1 §4.1.3): the public client proves with its
// PKCE verifier that it is the one that started the flow.
func (s *Server) oauthTokenCode(c echo.Context) error {
	code, clientID, verifier := c.FormValue("code"), c.FormValue("client_id"), c.FormValue("code_verifier")
	switch {
	case code == "" || clientID == "" || c.FormValue("redirect_uri") == "":
		return oauthError(c, http.StatusBadRequest, "invalid_request", "code, client_id and redirect_uri are required")
	case verifier == "":
		return oauthError(c, http.StatusBadRequest, "invalid_request", "code_verifier is required: this server requires PKCE (S256)")
	}
	pair, err := s.DB.ExchangeAssistantCode(c.Request().Context(), code, clientID, c.FormValue("redirect_uri"), verifier, c.FormValue("resource"))
	if err != nil {
		return tokenFailure(c, err)
	}
	return tokenAnswer(c, pair)
}

// oauthTokenRefresh rotates a refresh token (OAuth 2.1 §4.3): each is good once; a second use revokes the grant.
func (s *Server) oauthTokenRefresh(c echo.Context) error {
	refresh, clientID := c.FormValue("refresh_token"), c.FormValue("client_id")
	if refresh == "" || clientID == "" {
		return oauthError(c, http.StatusBadRequest, "invalid_request", "refresh_token and client_id are required")
	}
	if r := c.FormValue("resource"); r != "" && r != s.mcpResource() {
		return oauthError(c, http.StatusBadRequest, "invalid_target", "resource must be "+s.mcpResource())
	}
	pair, err := s.DB.RefreshAssistantToken(c.Request().Context(), refresh, clientID)
	if err != nil {
		return tokenFailure(c, err)
	}
	return tokenAnswer(c, pair)
}

// tokenFailure maps the store's refusals to OAuth errors; every refused code or token is invalid_grant
// (RFC 6749 §5.2), with a description saying which check failed.
func tokenFailure(c echo.Context, err error) error {
	switch {
	case errors.Is(err, store.ErrTokenReused):
		return oauthError(c, http.StatusBadRequest, "invalid_grant", "this code or refresh token was already used; the customer's grant is revoked, as someone else may hold it")
	case errors.Is(err, store.ErrPKCE):
		return oauthError(c, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge (S256)")
	case errors.Is(err, store.ErrTokenMismatch):
		return oauthError(c, http.StatusBadRequest, "invalid_grant", "the code was issued to another client_id, redirect_uri or resource")
	case errors.Is(err, store.ErrGrantRevoked):
		return oauthError(c, http.StatusBadRequest, "invalid_grant", "the customer removed this assistant's access, or it ended")
	case errors.Is(err, store.ErrTokenInvalid), errors.Is(err, store.ErrNotFound):
		return oauthError(c, http.StatusBadRequest, "invalid_grant", "the code or refresh token is unknown or expired")
	}
	return err
}

// tokenAnswer is the token response (RFC 6749 §5.1).
func tokenAnswer(c echo.Context, p store.TokenPair) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{
		"access_token":  p.Access,
		"token_type":    "Bearer",
		"expires_in":    int(p.ExpiresIn.Seconds()),
		"refresh_token": p.Refresh,
		"scope":         strings.Join(p.Grant.Scopes, " "),
	})
}

// oauthRevokeCreate is token revocation (RFC 7009): an assistant disconnecting itself ends the customer's grant.
// The answer is 200 whatever the token was, as the RFC asks, so it tells nothing to someone guessing tokens.
func (s *Server) oauthRevokeCreate(c echo.Context) error {
	tok := c.FormValue("token")
	if tok == "" {
		return oauthError(c, http.StatusBadRequest, "invalid_request", "token is required")
	}
	if err := s.DB.RevokeAssistantToken(c.Request().Context(), tok, c.FormValue("client_id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusOK)
}
