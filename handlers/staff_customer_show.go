package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// staffCustomerShow is the door to a customer's pages: the internal details staff may need (ids, email, when
// the customer arrived, consent receipts, consent violations) and the form that asks why the agent opens the
// pages. Nothing of the customer's own pages is shown, and nothing is recorded, until a reason is given.
func (s *Server) staffCustomerShow(c echo.Context) error {
	sc := currentStaff(c)
	cust, err := s.staffCustomer(c, sc)
	if err != nil {
		return err
	}
	vm, err := s.reasonPage(c, sc, cust)
	if err != nil {
		return err
	}
	if c.QueryParam("expired") != "" && vm.ContinueURL == "" {
		vm.Notice = vm.L.T("staff.reason.expired")
	}
	return Render(c, http.StatusOK, views.StaffReason(vm))
}

// reasonPage builds the reason form of a customer, with the visit the agent may still be in.
func (s *Server) reasonPage(c echo.Context, sc *staffCtx, cust store.Customer) (views.StaffReasonPage, error) {
	ctx := c.Request().Context()
	vm := views.StaffReasonPage{StaffPage: s.staffPage(c, "search", "staff.reason.title"), Action: staffCustomerPath(cust.ID)}
	l := vm.L
	vm.Heading = l.T("staff.reason.heading", customerLabel(cust))
	in, err := s.DB.CustomerInternals(ctx, cust)
	if err != nil {
		return vm, err
	}
	vm.Details = []views.Fact{
		{Label: l.T("staff.detail.id"), Value: strconv.FormatInt(cust.ID, 10)},
		{Label: l.T("staff.detail.external", sc.Brand.Name), Value: cust.ExternalID},
		{Label: l.T("staff.detail.name"), Value: cust.Name},
		{Label: l.T("staff.detail.email"), Value: cust.Email},
		{Label: l.T("staff.detail.created"), Value: l.Date(cust.CreatedAt)},
		{Label: l.T("staff.detail.receipts"), Value: l.Number(in.Receipts)},
		{Label: l.T("staff.detail.violations"), Value: l.Number(in.Violations)},
	}
	if !cust.ErasedAt.IsZero() {
		vm.Erased = l.T("staff.erased", l.Date(cust.ErasedAt))
	}
	visit, err := s.DB.CurrentVisit(ctx, sc.User.ID, cust.ID, s.now().Add(-reasonLasts))
	switch {
	case err == nil:
		vm.ContinueURL = staffCustomerPath(cust.ID) + "/view"
		vm.CurrentReason = l.T("staff.reason.current", visit.At.In(sc.Brand.Location()).Format("15:04"), visit.Reason)
	case !errors.Is(err, store.ErrNotFound):
		return vm, err
	}
	return vm, nil
}
