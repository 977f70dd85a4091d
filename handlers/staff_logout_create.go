package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// staffLogoutCreate signs the staff member out: the session is deleted, so the cookie is worthless even if it
// was copied, and the browser is told to forget it.
func (s *Server) staffLogoutCreate(c echo.Context) error {
	sc := currentStaff(c)
	if err := s.DB.EndStaffSession(c.Request().Context(), sc.SessionID); err != nil {
		return err
	}
	s.setStaffCookie(c, "", s.now())
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}
