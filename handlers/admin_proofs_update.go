package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminProofsUpdate saves the brand's legal period for receipts and staff-access records, in months (1 to 1200):
// the daily retention job removes older ones from the start of each customer's chain (store.PruneProofs).
func (s *Server) adminProofsUpdate(c echo.Context) error {
	sc := currentStaff(c)
	raw := strings.TrimSpace(c.FormValue("proof_months"))
	months, err := strconv.Atoi(raw)
	if err == nil && months >= 1 && months <= 1200 {
		if err := s.DB.SetProofRetention(c.Request().Context(), sc.Brand.ID, months); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/admin/settings?done=proofs.saved")
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	vm.Proofs.Value, vm.Proofs.Error = raw, vm.L.T("admin.error.proofs")
	return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
}
