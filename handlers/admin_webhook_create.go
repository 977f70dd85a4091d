package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
	"vitrine/webhook"
)

// adminWebhookCreate registers an endpoint and shows its signing secret this once, in the answer to the POST
// (never in a URL); the list below it then includes the endpoint.
func (s *Server) adminWebhookCreate(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	types := form["events"]
	rawURL := strings.TrimSpace(c.FormValue("url"))
	description := strings.TrimSpace(c.FormValue("description"))
	u, urlErr := webhook.CheckURL(rawURL, s.InsecureWebhooks)
	var ep store.WebhookEndpoint
	if urlErr == nil {
		ep, err = s.DB.CreateWebhookEndpoint(ctx, sc.Brand.ID, u.String(), description, types, s.now())
		if err != nil && !errors.Is(err, store.ErrBadEventType) {
			return err
		}
	}
	vm, perr := s.webhooksPage(c, sc, types)
	if perr != nil {
		return perr
	}
	switch {
	case rawURL == "":
		vm.URL.Error = vm.L.T("admin.error.required")
	case urlErr != nil:
		vm.URL.Error = vm.L.T("admin.webhooks.url.unsafe")
	case err != nil:
		vm.Errors = append(vm.Errors, vm.L.T("admin.webhooks.types.unknown"))
	}
	if vm.URL.Error != "" || len(vm.Errors) > 0 {
		vm.URL.Value, vm.Note.Value = rawURL, description
		if vm.URL.Error != "" {
			vm.Errors = append(vm.Errors, vm.URL.Error)
		}
		return Render(c, http.StatusUnprocessableEntity, views.AdminWebhooks(vm))
	}
	vm.NewSecret, vm.NewURL = ep.Secret, ep.URL
	return Render(c, http.StatusOK, views.AdminWebhooks(vm))
}
