package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// The actions of an endpoint's page, for admins: each changes one thing and goes back to the page.

// webhookID reads a number of the path; anything else is a 404.
func webhookID(c echo.Context, name string) (int64, error) {
	id, ok := parseID(c.Param(name))
	if !ok {
		return 0, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	return id, nil
}

// notFoundPage turns another brand's (or a removed) endpoint or delivery into the not-found page.
func notFoundPage(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	return err
}

// adminWebhookPing queues a webhook.test message to the endpoint, sent at once, to check the brand's receiver.
func (s *Server) adminWebhookPing(c echo.Context) error {
	id, err := webhookID(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.QueueTestDelivery(c.Request().Context(), currentStaff(c).Brand.ID, id, s.now()); err != nil {
		return notFoundPage(err)
	}
	s.wakeWebhooks()
	return c.Redirect(http.StatusSeeOther, "/admin/webhooks/"+c.Param("id")+"?done=webhook.pinged")
}

// adminWebhookReplay sends one delivery again, with its message id and body unchanged.
func (s *Server) adminWebhookReplay(c echo.Context) error {
	if _, err := webhookID(c, "id"); err != nil {
		return err
	}
	did, err := webhookID(c, "delivery")
	if err != nil {
		return err
	}
	if err := s.DB.ReplayDelivery(c.Request().Context(), currentStaff(c).Brand.ID, did, s.now()); err != nil {
		return notFoundPage(err)
	}
	s.wakeWebhooks()
	return c.Redirect(http.StatusSeeOther, "/admin/webhooks/"+c.Param("id")+"?done=webhook.replayed")
}

// adminWebhookEnable turns a disabled endpoint back on, for changes from now on.
func (s *Server) adminWebhookEnable(c echo.Context) error {
	id, err := webhookID(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.EnableWebhookEndpoint(c.Request().Context(), currentStaff(c).Brand.ID, id); err != nil {
		return notFoundPage(err)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/webhooks/"+c.Param("id")+"?done=webhook.enabled")
}

// adminWebhookDelete removes the endpoint; nothing more is sent to it.
func (s *Server) adminWebhookDelete(c echo.Context) error {
	id, err := webhookID(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteWebhookEndpoint(c.Request().Context(), currentStaff(c).Brand.ID, id); err != nil {
		return notFoundPage(err)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/webhooks?done=webhook.removed")
}
