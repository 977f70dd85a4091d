package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminPurposeEdit shows a purpose's form filled from the registry.
func (s *Server) adminPurposeEdit(c echo.Context) error {
	p, err := s.adminPurpose(c, currentStaff(c))
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminForm(s.purposeForm(c, p, nil, false)))
}

// adminPurpose loads the purpose named by :slug in the staff member's brand; any other slug is a 404.
func (s *Server) adminPurpose(c echo.Context, sc *staffCtx) (store.Purpose, error) {
	reg, err := s.DB.Registry(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return store.Purpose{}, err
	}
	p := reg.PurposeBySlug[c.Param("slug")]
	if p == nil {
		return store.Purpose{}, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	return *p, nil
}
