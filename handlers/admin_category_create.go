package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminCategoryCreate registers a new data category (proposes it, for marketing); a key already described is a
// field error.
func (s *Server) adminCategoryCreate(c echo.Context) error {
	sc := currentStaff(c)
	d, errs := readCategoryForm(c, store.DataCategory{BrandID: sc.Brand.ID}, true)
	return s.saveEntryForm(c, sc, store.RegistryEntry{Category: &d}, true, errs, "/admin/categories/"+d.Slug+"?done=category.saved",
		func(errs map[string]string) views.AdminFormPage { return s.categoryForm(c, d, errs, true) })
}
