package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// secretGrace is how long the old signing secret still verifies tokens after a rotation, so links and widgets
// already handed out keep working while the brand's backend picks up the new key.
const secretGrace = 24 * time.Hour

// adminSecretRotate makes a new signing secret for embed and session tokens; "now" retires the old one at once
// (after a leak), otherwise it is kept for a day's grace.
func (s *Server) adminSecretRotate(c echo.Context) error {
	sc := currentStaff(c)
	if _, err := s.DB.RotateBrandKey(c.Request().Context(), sc.Brand.ID, c.FormValue("now") == "1", secretGrace, s.now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/settings?done=secret.rotated")
}
