package handlers

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// themeColour is the only colour form the theme takes: pages put it in CSS, so nothing else may pass.
var themeColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// adminThemeUpdate saves the brand's colours (#rrggbb, or empty for the default); the logo is kept as it is.
func (s *Server) adminThemeUpdate(c echo.Context) error {
	sc := currentStaff(c)
	t := sc.Brand.Theme
	t.Primary, t.Accent = strings.TrimSpace(c.FormValue("primary")), strings.TrimSpace(c.FormValue("accent"))
	errs := map[string]string{}
	for name, v := range map[string]string{"primary": t.Primary, "accent": t.Accent} {
		if v != "" && !themeColour.MatchString(v) {
			errs[name] = "admin.error.colour"
		}
	}
	if len(errs) == 0 {
		if err := s.DB.SetTheme(c.Request().Context(), sc.Brand.ID, t); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/settings?done=theme.saved")
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	for k, v := range errs {
		errs[k] = vm.L.T(v)
	}
	vm.Theme = themeFields(vm.L, t, errs)
	return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
}
