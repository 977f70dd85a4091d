package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminOriginsUpdate saves the sites allowed to frame the widget, one origin a line, each stored as
// store.CanonicalOrigin rebuilds it. Any bad line refuses the whole list (a half-saved list would silently
// break a site); the message names each bad line and what is wrong with it, and the form keeps every line typed.
func (s *Server) adminOriginsUpdate(c echo.Context) error {
	sc := currentStaff(c)
	raw := c.FormValue("origins")
	var lines []string
	for _, line := range strings.Split(raw, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	err := s.DB.SetEmbedOrigins(c.Request().Context(), sc.Brand.ID, lines)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/settings?done=origins.saved")
	}
	if !errors.Is(err, store.ErrBadOrigin) {
		return err
	}
	vm, verr := s.settingsPage(c, sc)
	if verr != nil {
		return verr
	}
	why := []string{vm.L.T("admin.error.origins")}
	for _, e := range unwrapAll(err) {
		var oe *store.OriginError
		if errors.As(e, &oe) {
			why = append(why, vm.L.T("admin.error.origin."+oe.Reason, oe.Origin))
		}
	}
	vm.Origins.Value = strings.TrimSpace(raw)
	vm.Origins.Error = strings.Join(why, "\n") // one line each: .form-error keeps the breaks
	return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
}

// unwrapAll lists the errors joined in err (errors.Join, possibly wrapped by fmt.Errorf), or err alone.
func unwrapAll(err error) []error {
	for err != nil {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			return j.Unwrap()
		}
		if _, ok := err.(*store.OriginError); ok {
			return []error{err}
		}
		err = errors.Unwrap(err)
	}
	return nil
}
