package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminSystemUpdate saves a system's form (retiring or restoring it is its status field: a system is never
// deleted, so events keep their meaning), sends it for approval when marketing saves it, or previews it without
// saving.
func (s *Server) adminSystemUpdate(c echo.Context) error {
	sc := currentStaff(c)
	base, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	sys, errs := readSystemForm(c, base, false)
	if c.FormValue("do") == "preview" {
		return s.renderSystemForm(c, sc, sys, errs, false)
	}
	return s.saveEntryForm(c, sc, store.RegistryEntry{System: &sys}, false, errs, "/admin/systems/"+sys.Slug+"?done=system.saved",
		func(errs map[string]string) views.AdminFormPage { return s.systemForm(c, sys, errs, false) })
}
