package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminCategoryNew shows an empty data category form; ?slug= prefills the key.
func (s *Server) adminCategoryNew(c echo.Context) error {
	var d store.DataCategory
	if slug := c.QueryParam("slug"); slugPattern.MatchString(slug) {
		d.Slug = slug
	}
	return Render(c, http.StatusOK, views.AdminForm(s.categoryForm(c, d, nil, true)))
}
