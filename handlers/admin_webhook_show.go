package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminWebhookShow is one endpoint's page: its state, why it was disabled if it was, and its delivery log with
// each delivery's attempts, last response and next retry.
func (s *Server) adminWebhookShow(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	id, err := webhookID(c, "id")
	if err != nil {
		return err
	}
	ep, err := s.DB.WebhookEndpoint(ctx, sc.Brand.ID, id)
	if err != nil {
		return notFoundPage(err)
	}
	vm := views.AdminWebhookPage{AdminPage: s.adminPage(c, "webhooks", "admin.webhook.title")}
	l := vm.L
	base := "/admin/webhooks/" + strconv.FormatInt(ep.ID, 10)
	vm.PingURL, vm.DeleteURL = base+"/ping", base+"/delete"
	if vm.Endpoint, err = s.webhookRow(ctx, l, ep); err != nil {
		return err
	}
	if ep.DisabledAt != nil {
		vm.Disabled = l.T("admin.webhook.disabled", l.DateTime(*ep.DisabledAt), ep.DisabledReason)
		vm.EnableURL = base + "/enable"
	}
	dls, err := s.DB.WebhookDeliveries(ctx, sc.Brand.ID, ep.ID, 100)
	if err != nil {
		return err
	}
	for _, d := range dls {
		row := views.AdminDeliveryRow{Type: d.Type, Status: l.T("admin.webhook.status." + d.Status), Problem: d.Status == store.DeliveryFailed,
			Attempts: strconv.Itoa(d.Attempts), Created: l.DateTime(d.CreatedAt), Next: "–", Response: d.LastError,
			ReplayURL: base + "/deliveries/" + strconv.FormatInt(d.ID, 10) + "/replay", Change: l.T("admin.webhook.change", d.Seq)}
		if d.Seq == 0 {
			row.Change = l.T("admin.webhook.change.test")
		}
		if d.Status == store.DeliveryPending && d.Attempts > 0 {
			row.Next = l.DateTime(d.NextAttemptAt)
			row.Problem = true
		}
		if d.LastCode != 0 && d.LastError == "" {
			row.Response = strconv.Itoa(d.LastCode)
		}
		vm.Deliveries = append(vm.Deliveries, row)
	}
	return Render(c, http.StatusOK, views.AdminWebhook(vm))
}
