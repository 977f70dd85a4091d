package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminSystemEdit shows a system's form filled from the registry; a system only seen in events is described
// here for the first time.
func (s *Server) adminSystemEdit(c echo.Context) error {
	sc := currentStaff(c)
	sys, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	if sys.Deployment == "" {
		sys.Deployment = store.DeployVendorTool
	}
	return Render(c, http.StatusOK, views.AdminForm(s.systemForm(c, sys, nil, false)))
}

// adminSystem loads the system named by :slug in the staff member's brand; any other slug is a 404.
func (s *Server) adminSystem(c echo.Context, sc *staffCtx) (store.AISystem, error) {
	reg, err := s.DB.Registry(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return store.AISystem{}, err
	}
	sys := reg.SystemBySlug[c.Param("slug")]
	if sys == nil {
		return store.AISystem{}, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	return *sys, nil
}
