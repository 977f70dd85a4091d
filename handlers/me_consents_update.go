package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// meConsentsUpdate records a choice made on the customer's page (or by staff on their behalf, in the staff
// view), through the one consent code path, then shows the confirmation and receipt. A stale or replayed form,
// a purpose of another brand or one that cannot be refused changes nothing and is explained.
func (s *Server) meConsentsUpdate(c echo.Context) error {
	v, err := s.loadCustomerView(c, "consents")
	if err != nil {
		return err
	}
	method, actor := "web", ""
	if v.cc.Staff {
		method, actor = "staff", v.cc.StaffActor
	}
	ch, _, err := s.changeConsent(c.Request().Context(), v.reg, consentRequest{
		Brand: v.cc.Brand, Customer: v.cc.Customer, Purpose: c.FormValue("purpose"), State: c.FormValue("state"),
		Shown: c.FormValue("shown"), Method: method, Actor: actor, Lang: v.locale,
	}, s.now())
	back := v.page.MePath("/consents")
	code, err := consentRefusal(err)
	if err != nil {
		return err
	}
	if code != "" {
		return c.Redirect(http.StatusSeeOther, back+"?error="+code+"#notice")
	}
	return c.Redirect(http.StatusSeeOther, back+"?done="+url.QueryEscape(ch.ReceiptID)+"#notice")
}
