package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// staffTeamCreate adds a staff account with a first password the admin hands over. A brand's admin adds people
// to their own brand only; a platform admin picks the brand. Problems are listed above the form, which keeps
// what was typed (except the password). An email that already has an account, on this team or at another
// brand, gets one answer that is true in both cases, so that adding people cannot be used to learn who works
// where.
func (s *Server) staffTeamCreate(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	u := store.StaffUser{
		BrandID: sc.User.BrandID, Name: strings.TrimSpace(c.FormValue("name")),
		Email: strings.TrimSpace(c.FormValue("email")), Role: c.FormValue("role"),
	}
	password := c.FormValue("password")
	var problems []string
	if sc.User.Platform() {
		id, _ := parseID(c.FormValue("brand"))
		if _, err := s.DB.BrandByID(ctx, id); err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			problems = append(problems, "staff.team.error.brand")
		}
		u.BrandID = id
	}
	if !store.ValidStaffEmail(u.Email) {
		problems = append(problems, "staff.team.error.email")
	}
	if !slices.Contains(store.Roles, u.Role) {
		problems = append(problems, "staff.team.error.role")
	}
	if len([]rune(password)) < store.MinPasswordLength {
		problems = append(problems, "staff.team.error.password")
	}
	if len(problems) == 0 {
		_, err := s.DB.CreateStaff(ctx, u, password, s.now())
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/staff/team?added="+url.QueryEscape(u.Email))
		case errors.Is(err, store.ErrEmailTaken):
			problems = append(problems, "staff.team.error.unavailable")
		case errors.Is(err, store.ErrWeakPassword):
			problems = append(problems, "staff.team.error.password")
		case errors.Is(err, store.ErrBadStaff):
			problems = append(problems, "staff.team.error.email")
		default:
			return err
		}
	}
	vm, err := s.teamPage(c, sc, u.Role, u.BrandID)
	if err != nil {
		return err
	}
	vm.Name, vm.Email = u.Name, u.Email
	for _, p := range problems {
		vm.Errors = append(vm.Errors, vm.L.T(p, vm.L.Number(store.MinPasswordLength)))
	}
	return Render(c, http.StatusUnprocessableEntity, views.StaffTeam(vm))
}
