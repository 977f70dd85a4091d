package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminCategoryUpdate saves a data category's form, or sends it for approval when marketing saves it.
func (s *Server) adminCategoryUpdate(c echo.Context) error {
	sc := currentStaff(c)
	base, err := s.adminCategory(c, sc)
	if err != nil {
		return err
	}
	d, errs := readCategoryForm(c, base, false)
	return s.saveEntryForm(c, sc, store.RegistryEntry{Category: &d}, false, errs, "/admin/categories/"+d.Slug+"?done=category.saved",
		func(errs map[string]string) views.AdminFormPage { return s.categoryForm(c, d, errs, false) })
}
