package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// nsContextShow publishes the JSON-LD context of ai.json and export.json (the one each writes inline), so the
// vitrine: terms those documents use resolve to the document that defines them.
func (s *Server) nsContextShow(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	c.Response().Header().Set(echo.HeaderContentType, "application/ld+json")
	return c.JSONPretty(http.StatusOK, map[string]any{"@context": ldContext(s.BaseURL)}, "  ")
}
