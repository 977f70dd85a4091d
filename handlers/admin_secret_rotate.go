package handlers

import (
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminSecretRotate makes a new signing secret for embed and session tokens and shows it this once; "now"
// retires the old one at once (after a leak), otherwise it keeps verifying for store.KeyGrace.
func (s *Server) adminSecretRotate(c echo.Context) error {
	sc := currentStaff(c)
	k, err := s.DB.RotateBrandKey(c.Request().Context(), sc.Brand.ID, c.FormValue("now") == "1", store.KeyGrace, s.now())
	if err != nil {
		return err
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	// The secret is rendered in the answer to the POST rather than after a redirect, so it never sits in a URL,
	// and the answer is not kept by the browser's cache: reloading cannot show it again.
	vm.Notice = vm.L.T("admin.notice.secret.rotated")
	vm.NewSecret = &views.AdminNewSecret{KID: k.KID, Secret: base64.RawURLEncoding.EncodeToString(k.Secret)}
	c.Response().Header().Set("Cache-Control", "no-store")
	return Render(c, http.StatusOK, views.AdminSettings(vm))
}
