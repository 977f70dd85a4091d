package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminSystemCreate registers a new system (proposes it, for marketing), or, with the Preview button, shows how
// customers would read it without saving. A slug already in use is a field error, never an overwrite.
func (s *Server) adminSystemCreate(c echo.Context) error {
	sc := currentStaff(c)
	sys, errs := readSystemForm(c, store.AISystem{BrandID: sc.Brand.ID}, true)
	if c.FormValue("do") == "preview" {
		return s.renderSystemForm(c, sc, sys, errs, true)
	}
	return s.saveEntryForm(c, sc, store.RegistryEntry{System: &sys}, true, errs, "/admin/systems/"+sys.Slug+"?done=system.created",
		func(errs map[string]string) views.AdminFormPage { return s.systemForm(c, sys, errs, true) })
}

// renderSystemForm shows the system form again: with its errors (422), or with the preview when there are none.
func (s *Server) renderSystemForm(c echo.Context, sc *staffCtx, sys store.AISystem, errs map[string]string, create bool) error {
	vm := s.systemForm(c, sys, errs, create)
	if len(errs) > 0 {
		return Render(c, http.StatusUnprocessableEntity, views.AdminForm(vm))
	}
	pv, err := s.systemPreview(c, sc, sys)
	if err != nil {
		return err
	}
	vm.Preview = pv
	return Render(c, http.StatusOK, views.AdminForm(vm))
}
