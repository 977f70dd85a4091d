package handlers

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// embedConsentsUpdate records a choice made in the widget, through the one consent code path with method
// "widget", and shows the widget again with the confirmation. The form carries the token instead of a cookie. A yes
// against the browser's Global Privacy Control signal goes back to the widget with the question (?confirm=purpose).
func (s *Server) embedConsentsUpdate(c echo.Context) error {
	raw := c.FormValue("token")
	cc, _, err := s.embedCustomer(c, raw)
	if err != nil {
		return err
	}
	v, err := s.loadCustomerView(c, "")
	if err != nil {
		return err
	}
	purpose, state := c.FormValue("purpose"), c.FormValue("state")
	q := url.Values{"token": {raw}}
	if p := embedParent(c, cc.Brand); p != "" {
		q.Set("parent", p)
	}
	// A yes against the browser's Global Privacy Control signal is asked again, in the widget, before it is recorded.
	conflict := v.gpcConflict(purpose, state)
	if conflict && c.FormValue("confirm") != "1" {
		q.Set("confirm", purpose)
		return c.Redirect(http.StatusSeeOther, "/embed/v1?"+q.Encode())
	}
	ch, p, err := s.changeConsent(c.Request().Context(), v.reg, consentRequest{
		Brand: cc.Brand, Customer: cc.Customer, Purpose: purpose, State: state,
		Shown: c.FormValue("shown"), Method: "widget",
	}, s.now())
	code, err := consentRefusal(err)
	switch {
	case err != nil:
		return err
	case code != "":
		q.Set("error", code)
	default:
		if conflict {
			if err := s.DB.RecordGPCConfirmation(c.Request().Context(), cc.Brand.ID, cc.Customer.ID, p.ID, ch.ReceiptID); err != nil {
				return err
			}
		}
		q.Set("done", ch.ReceiptID)
	}
	return c.Redirect(http.StatusSeeOther, "/embed/v1?"+q.Encode())
}

// embedOpen opens the customer's full page in a new tab from the widget: the widget's token is exchanged, once,
// for a first-party session, as a session link would be.
func (s *Server) embedOpen(c echo.Context) error {
	cc, claims, err := s.embedCustomer(c, c.FormValue("token"))
	if err != nil {
		return err
	}
	now := s.now()
	id, err := s.DB.ExchangeToken(c.Request().Context(), claims.ID+"#open", claims.ExpiresAt.Time, cc.Customer.ID, s.SessionTTL, now)
	if errors.Is(err, store.ErrTokenUsed) {
		return pageErr(http.StatusUnauthorized, "error.link_used", err)
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(c, id, now)
	return c.Redirect(http.StatusSeeOther, "/me")
}
