package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminPurposeUpdate saves a purpose's form, or sends it for approval when marketing saves it. Purposes are never
// deleted, so events keep their meaning.
func (s *Server) adminPurposeUpdate(c echo.Context) error {
	sc := currentStaff(c)
	base, err := s.adminPurpose(c, sc)
	if err != nil {
		return err
	}
	p, errs := readPurposeForm(c, base, false)
	return s.saveEntryForm(c, sc, store.RegistryEntry{Purpose: &p}, false, errs, "/admin/purposes/"+p.Slug+"?done=purpose.saved",
		func(errs map[string]string) views.AdminFormPage { return s.purposeForm(c, p, errs, false) })
}
