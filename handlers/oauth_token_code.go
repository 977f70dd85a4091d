package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) oauthTokenCode(c echo.Context) error {
	return oauthError(c, http.StatusBadRequest, "unsupported_grant_type", "not yet")
}

func (s *Server) oauthTokenRefresh(c echo.Context) error {
	return oauthError(c, http.StatusBadRequest, "unsupported_grant_type", "not yet")
}
