package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// adminGPCUpdate saves which purposes a customer's Global Privacy Control signal turns off: a ticked box
// (gpc-SLUG=1) turns it off, an unticked one leaves it to the customer's own choice. Only the purposes whose
// behaviour changes are written, so the date of the last change (/.well-known/gpc.json) moves only with a real one.
// It changes nothing already recorded: the next request carrying the signal applies it.
func (s *Server) adminGPCUpdate(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	choices, err := s.DB.GPCChoices(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	changed := map[int64]bool{}
	for _, p := range reg.PurposeOrder {
		if !refusable(p) {
			continue
		}
		if want := c.FormValue("gpc-"+p.Slug) == "1"; want != store.GPCHonoured(p, choices) {
			changed[p.ID] = want
		}
	}
	if len(changed) > 0 {
		if err := s.DB.SetGPCChoices(ctx, sc.Brand.ID, changed, sc.User.Email); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, "/admin/settings/gpc?done=gpc.saved")
}
