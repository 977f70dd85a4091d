package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// meConsentsUpdate records a choice made on the customer's page (or by staff on their behalf, in the staff
// view), through the one consent code path, then shows the confirmation and receipt. A stale or replayed form,
// a purpose of another brand or one that cannot be refused changes nothing and is explained. A yes that goes
// against the Global Privacy Control signal the customer's browser sends is first asked again (confirm=1).
func (s *Server) meConsentsUpdate(c echo.Context) error {
	v, err := s.loadCustomerView(c, "consents")
	if err != nil {
		return err
	}
	method, actor := "web", ""
	if v.cc.Staff {
		method, actor = "staff", v.cc.StaffActor
	}
	purpose, state, shown := c.FormValue("purpose"), c.FormValue("state"), c.FormValue("shown")
	back := v.page.MePath("/consents")
	// A yes against the browser's Global Privacy Control signal is asked again before it is recorded.
	conflict := v.gpcConflict(purpose, state)
	if conflict && c.FormValue("confirm") != "1" {
		vm := views.GPCConfirmPage{Page: v.page, Confirm: v.gpcConfirmForm(purpose, shown, back, back, true, nil)}
		vm.Title = vm.Confirm.Heading + " · " + v.cc.Brand.Name
		return Render(c, http.StatusOK, views.MeGPCConfirm(vm))
	}
	ch, p, err := s.changeConsent(c.Request().Context(), v.reg, consentRequest{
		Brand: v.cc.Brand, Customer: v.cc.Customer, Purpose: purpose, State: state,
		Shown: shown, Method: method, Actor: actor, Lang: v.locale,
	}, s.now())
	code, err := consentRefusal(err)
	if err != nil {
		return err
	}
	if code != "" {
		return c.Redirect(http.StatusSeeOther, back+"?error="+code+"#notice")
	}
	if conflict {
		if err := s.DB.RecordGPCConfirmation(c.Request().Context(), v.cc.Brand.ID, v.cc.Customer.ID, p.ID, ch.ReceiptID); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, back+"?done="+url.QueryEscape(ch.ReceiptID)+"#notice")
}
