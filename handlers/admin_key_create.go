package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminKeyCreate makes a named ingest API key and shows it this once: only its hash is kept.
func (s *Server) adminKeyCreate(c echo.Context) error {
	sc := currentStaff(c)
	name := strings.TrimSpace(c.FormValue("name"))
	var key string
	if name != "" {
		var err error
		if key, _, err = s.DB.CreateAPIKey(c.Request().Context(), sc.Brand.ID, name); err != nil {
			return err
		}
	}
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	if key == "" {
		vm.KeyName.Error = vm.L.T("admin.error.required")
		return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
	}
	// The key is rendered in the answer to the POST rather than after a redirect, so it never sits in a URL.
	vm.NewKey = key
	return Render(c, http.StatusOK, views.AdminSettings(vm))
}
