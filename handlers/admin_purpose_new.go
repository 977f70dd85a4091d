package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminPurposeNew shows an empty purpose form; ?slug= prefills the slug.
func (s *Server) adminPurposeNew(c echo.Context) error {
	p := store.Purpose{LegalBasis: "consent", Refusable: true}
	if slug := c.QueryParam("slug"); slugPattern.MatchString(slug) {
		p.Slug = slug
	}
	return Render(c, http.StatusOK, views.AdminForm(s.purposeForm(c, p, nil, true)))
}
