package handlers

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// adminWebhooksIndex lists the brand's webhook endpoints and, for admins, the form that adds one.
func (s *Server) adminWebhooksIndex(c echo.Context) error {
	vm, err := s.webhooksPage(c, currentStaff(c), nil)
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminWebhooks(vm))
}

// webhooksPage builds /admin/webhooks; ticked are the change types to show as chosen (the form sent back).
func (s *Server) webhooksPage(c echo.Context, sc *staffCtx, ticked []string) (views.AdminWebhooksPage, error) {
	ctx := c.Request().Context()
	vm := views.AdminWebhooksPage{AdminPage: s.adminPage(c, "webhooks", "admin.webhooks.title")}
	l := vm.L
	vm.URL = views.AdminField{Kind: "url", Name: "url", Label: l.T("admin.webhooks.url"), Hint: l.T("admin.webhooks.url.hint"), Required: true}
	vm.Note = views.AdminField{Kind: "text", Name: "description", Label: l.T("admin.webhooks.note"), Hint: l.T("admin.webhooks.note.hint")}
	for _, t := range store.ChangeTypes {
		vm.Types = append(vm.Types, views.AdminField{Kind: "checkbox", Name: "events", Value: t, Label: l.T("admin.webhooks.type." + t),
			Checked: slices.Contains(ticked, t)})
	}
	eps, err := s.DB.WebhookEndpoints(ctx, sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	for _, ep := range eps {
		row, err := s.webhookRow(ctx, l, ep)
		if err != nil {
			return vm, err
		}
		vm.Endpoints = append(vm.Endpoints, row)
	}
	return vm, nil
}

// webhookRow says what an endpoint sends, how it is doing and how its latest delivery went.
func (s *Server) webhookRow(ctx context.Context, l *plain.Localizer, ep store.WebhookEndpoint) (views.AdminWebhookRow, error) {
	row := views.AdminWebhookRow{URL: ep.URL, Link: "/admin/webhooks/" + strconv.FormatInt(ep.ID, 10), Created: l.DateTime(ep.CreatedAt),
		State: l.T("admin.webhooks.state.active"), Sends: l.T("admin.webhooks.sends.all")}
	if len(ep.EventTypes) > 0 {
		var names []string
		for _, t := range ep.EventTypes {
			names = append(names, l.T("admin.webhooks.type."+t))
		}
		row.Sends = strings.Join(names, ", ")
	}
	switch {
	case ep.DisabledAt != nil:
		row.State, row.Problem = l.T("admin.webhooks.state.disabled", l.DateTime(*ep.DisabledAt)), true
	case ep.FailingSince != nil:
		row.State, row.Problem = l.T("admin.webhooks.state.failing", l.DateTime(*ep.FailingSince)), true
	}
	last, err := s.DB.WebhookDeliveries(ctx, ep.BrandID, ep.ID, 1)
	if err != nil {
		return row, err
	}
	row.Delivery = l.T("admin.webhooks.last.none")
	if len(last) == 1 {
		row.Delivery = l.T("admin.webhook.status."+last[0].Status) + " · " + l.DateTime(last[0].CreatedAt)
	}
	return row, nil
}
