package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminPurposeUpdate saves a purpose's form. Purposes are never deleted, so events keep their meaning.
func (s *Server) adminPurposeUpdate(c echo.Context) error {
	sc := currentStaff(c)
	base, err := s.adminPurpose(c, sc)
	if err != nil {
		return err
	}
	p, errs := readPurposeForm(c, base, false)
	if len(errs) > 0 {
		return Render(c, http.StatusUnprocessableEntity, views.AdminForm(s.purposeForm(c, p, errs, false)))
	}
	if _, err := s.DB.SavePurposeAs(c.Request().Context(), sc.User.Email, p, false, s.now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/purposes/"+p.Slug+"?done=purpose.saved")
}
