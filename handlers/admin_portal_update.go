package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminPortalUpdate saves the brand's address where a signed-in customer opens their AI page (an absolute
// http(s) URL, or empty): refused and expired links send customers there, so they never need staff to get back in.
func (s *Server) adminPortalUpdate(c echo.Context) error {
	sc := currentStaff(c)
	u := strings.TrimSpace(c.FormValue("portal_url"))
	if u == "" || safeDocURL(u) != "" {
		if err := s.DB.SetPortalURL(c.Request().Context(), sc.Brand.ID, u); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/settings?done=portal.saved")
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	vm.Portal.Value, vm.Portal.Error = u, vm.L.T("admin.error.portal")
	return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
}
