package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminPurposeCreate registers a new purpose (proposes it, for marketing); a slug already described is a field
// error, never an overwrite.
func (s *Server) adminPurposeCreate(c echo.Context) error {
	sc := currentStaff(c)
	p, errs := readPurposeForm(c, store.Purpose{BrandID: sc.Brand.ID}, true)
	return s.saveEntryForm(c, sc, store.RegistryEntry{Purpose: &p}, true, errs, "/admin/purposes/"+p.Slug+"?done=purpose.saved",
		func(errs map[string]string) views.AdminFormPage { return s.purposeForm(c, p, errs, true) })
}
