package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// staffLoginShow shows the sign-in form, or sends a staff member who is already signed in on to the console.
func (s *Server) staffLoginShow(c echo.Context) error {
	sc, err := s.loadStaff(c)
	if err != nil {
		return err
	}
	next := safeNext(c.QueryParam("next"))
	if sc != nil {
		return c.Redirect(http.StatusSeeOther, staffHome(sc, next))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	vm := views.StaffLoginPage{StaffPage: s.staffPage(c, "", "staff.login.title"), Next: next}
	return Render(c, http.StatusOK, views.StaffLogin(vm))
}

// staffHome is where a staff member goes after signing in: back where they were sent from, or the console's
// front page for their role (a platform admin has no customers to search, only accounts to manage).
func staffHome(sc *staffCtx, next string) string {
	switch {
	case next != "":
		return next
	case sc.User.Platform():
		return "/staff/team"
	case !sc.can(store.RoleSupport):
		return "/admin" // marketing: governance is all they see
	}
	return "/staff"
}
