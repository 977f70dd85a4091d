package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminPublicKeyRemove removes one of the brand's own public keys: tokens under its kid stop working at once.
func (s *Server) adminPublicKeyRemove(c echo.Context) error {
	sc := currentStaff(c)
	kid := c.FormValue("kid")
	if err := s.DB.RemoveBrandPublicKey(c.Request().Context(), sc.Brand.ID, kid); errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	} else if err != nil {
		return err
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	vm.Notice = vm.L.T("admin.settings.public.removed", kid)
	return Render(c, http.StatusOK, views.AdminSettings(vm))
}
