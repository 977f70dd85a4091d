package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (s *Server) oauthTokenClientCredentials(c echo.Context) error {
	return oauthError(c, http.StatusBadRequest, "unsupported_grant_type", "not yet")
}
