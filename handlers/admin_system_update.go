package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminSystemUpdate saves a system's form (retiring or restoring it is its status field: a system is never
// deleted, so events keep their meaning), or previews it without saving.
func (s *Server) adminSystemUpdate(c echo.Context) error {
	sc := currentStaff(c)
	base, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	sys, errs := readSystemForm(c, base, false)
	if len(errs) == 0 && c.FormValue("do") != "preview" {
		if err := s.saveFormSystem(c, sc, sys, false); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/systems/"+sys.Slug+"?done=system.saved")
	}
	return s.renderSystemForm(c, sc, sys, errs, false)
}
