package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// staffTeamIndex lists the staff accounts an admin manages (their brand's; every brand's for a platform admin)
// with a form to add one.
func (s *Server) staffTeamIndex(c echo.Context) error {
	vm, err := s.teamPage(c, currentStaff(c), "", 0)
	if err != nil {
		return err
	}
	if added := c.QueryParam("added"); added != "" && store.ValidStaffEmail(added) {
		vm.Done = vm.L.T("staff.team.done", added)
	}
	return Render(c, http.StatusOK, views.StaffTeam(vm))
}

// teamPage builds the team page, with role and brand preselected in the form.
func (s *Server) teamPage(c echo.Context, sc *staffCtx, role string, brandID int64) (views.StaffTeamPage, error) {
	ctx := c.Request().Context()
	vm := views.StaffTeamPage{StaffPage: s.staffPage(c, "team", "staff.team.title")}
	l := vm.L
	vm.PasswordMin = l.T("staff.team.password.hint", l.Number(store.MinPasswordLength))
	if role == "" {
		role = store.RoleSupport
	}
	for _, r := range store.Roles {
		vm.Roles = append(vm.Roles, views.Option{Value: r, Label: capitalise(l.T("staff.role." + r)), Selected: r == role})
	}
	names := map[int64]string{}
	if sc.User.Platform() {
		brands, err := s.DB.Brands(ctx)
		if err != nil {
			return vm, err
		}
		for _, b := range brands {
			names[b.ID] = b.Name
			vm.Brands = append(vm.Brands, views.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Name, Selected: b.ID == brandID})
		}
	}
	team, err := s.DB.StaffByBrand(ctx, sc.User.BrandID)
	if err != nil {
		return vm, err
	}
	for _, u := range team {
		m := views.TeamMember{Name: u.Name, Email: u.Email, Role: capitalise(roleLabel(l, u)), Since: l.Date(u.CreatedAt), Brand: names[u.BrandID]}
		if u.Platform() {
			m.Brand = l.T("staff.platform")
		}
		switch {
		case u.LastSignInAt == nil:
			m.LastSignIn = l.T("sso.team.never")
		case u.LastSignInMethod == store.SignInSSO:
			m.LastSignIn = l.T("sso.team.by_sso", l.DateTime(*u.LastSignInAt))
		default:
			m.LastSignIn = l.T("sso.team.by_password", l.DateTime(*u.LastSignInAt))
		}
		vm.Members = append(vm.Members, m)
	}
	return vm, nil
}
