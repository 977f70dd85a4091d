package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminOriginsUpdate saves the sites allowed to frame the widget, one origin a line. Any bad line refuses the
// whole list (a half-saved list would silently break a site) and the form keeps every line typed.
func (s *Server) adminOriginsUpdate(c echo.Context) error {
	sc := currentStaff(c)
	raw := c.FormValue("origins")
	var origins, bad []string
	for _, line := range strings.Split(raw, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !validOrigin(line) {
			bad = append(bad, line)
			continue
		}
		origins = append(origins, strings.ToLower(line))
	}
	if len(bad) == 0 {
		if err := s.DB.SetEmbedOrigins(c.Request().Context(), sc.Brand.ID, origins); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/settings?done=origins.saved")
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	vm.Origins.Value = strings.TrimSpace(raw)
	vm.Origins.Error = vm.L.T("admin.error.origins", strings.Join(bad, ", "))
	return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
}

// validOrigin reports whether s is scheme://host[:port] for http(s), with nothing after the host: the browser
// compares frame-ancestors origins exactly, so a path would never match.
func validOrigin(s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "" {
		return false
	}
	return u.User == nil && u.Path == "" && u.RawQuery == "" && u.Fragment == "" && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "#")
}
