package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminSystemNew shows an empty system form; ?slug= prefills the slug, for a system first seen in events, and
// ?deployment=external_agent its kind, for an AI agent first seen acting on customers' data.
func (s *Server) adminSystemNew(c echo.Context) error {
	sys := store.AISystem{Deployment: store.DeployVendorTool, RiskLevel: "minimal", Status: "active"}
	if slug := c.QueryParam("slug"); slugPattern.MatchString(slug) {
		sys.Slug = slug
	}
	if c.QueryParam("deployment") == store.DeployExternalAgent {
		sys.Deployment = store.DeployExternalAgent
	}
	return Render(c, http.StatusOK, views.AdminForm(s.systemForm(c, sys, nil, true)))
}
