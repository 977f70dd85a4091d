package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminCategoryEdit shows a data category's form filled from the registry.
func (s *Server) adminCategoryEdit(c echo.Context) error {
	d, err := s.adminCategory(c, currentStaff(c))
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminForm(s.categoryForm(c, d, nil, false)))
}

// adminCategory loads the data category named by :slug in the staff member's brand; any other is a 404.
func (s *Server) adminCategory(c echo.Context, sc *staffCtx) (store.DataCategory, error) {
	reg, err := s.DB.Registry(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return store.DataCategory{}, err
	}
	d := reg.CategoryBySlug[c.Param("slug")]
	if d == nil {
		return store.DataCategory{}, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	return *d, nil
}
