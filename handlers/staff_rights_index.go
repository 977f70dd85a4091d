package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// rightsQueueSize is how many requests the queue page lists at once.
const rightsQueueSize = 100

// staffRightsIndex lists the brand's rights requests: open ones by deadline, so that late ones come first and
// are flagged; only the late ones; or the answered ones. Support sees the queue; privacy and admin staff answer.
func (s *Server) staffRightsIndex(c echo.Context) error {
	vm, err := s.rightsQueuePage(c, currentStaff(c), c.QueryParam("status"))
	if err != nil {
		return err
	}
	switch {
	case c.QueryParam("done") != "":
		vm.Done = vm.L.T("staff.rights.done")
	case c.QueryParam("gone") != "":
		vm.Done = vm.L.T("staff.rights.gone")
	}
	return Render(c, http.StatusOK, views.StaffRights(vm))
}

// rightsQueuePage builds the queue in the staff member's language, dates in the brand's time zone.
func (s *Server) rightsQueuePage(c echo.Context, sc *staffCtx, filter string) (views.StaffRightsPage, error) {
	ctx := c.Request().Context()
	if filter != store.RightsFilterOverdue && filter != store.RightsFilterDone {
		filter = store.RightsFilterOpen
	}
	vm := views.StaffRightsPage{StaffPage: s.staffPage(c, "rights", "staff.rights.title"), Filter: filter, CanAnswer: sc.can(store.RolePrivacy)}
	l := vm.L
	for _, f := range []string{store.RightsFilterOpen, store.RightsFilterOverdue, store.RightsFilterDone} {
		vm.Filters = append(vm.Filters, views.RightsFilterLink{Label: l.T("staff.rights.filter." + f), URL: "/staff/rights?status=" + f, Current: f == filter})
	}
	now := s.now()
	rs, err := s.DB.RightsQueue(ctx, sc.Brand.ID, filter, now, rightsQueueSize)
	if err != nil {
		return vm, err
	}
	v := &customerView{cc: &customerCtx{Brand: sc.Brand}, locale: l.Locale(), l: l, page: vm.Page}
	loc := sc.Brand.Location()
	for _, r := range rs {
		cust, err := s.DB.CustomerByID(ctx, r.CustomerID)
		if err != nil {
			return vm, err
		}
		id := strconv.FormatInt(r.ID, 10)
		it := views.RightsItem{
			ID: id, Action: "/staff/rights/" + id, Customer: customerLabel(cust) + " · " + cust.ExternalID, CustomerURL: staffCustomerPath(cust.ID),
			Kind: l.T("staff.rights.kind." + r.Kind), Received: l.T("staff.rights.received", l.Date(r.CreatedAt)),
			Deadline: l.T("staff.rights.deadline", l.Date(deadlineDay(r))), Status: l.T("rights.status." + r.Status),
			Message: r.Message, Steps: v.rightsSteps(r),
		}
		if r.Overdue(now) {
			it.Overdue = l.T("staff.rights.overdue")
		}
		if store.RightsOpen(r.Status) {
			it.MaxDate, _ = store.RightsDeadline(r.CreatedAt, loc, store.RightsMaxMonths)
			it.Choices = rightsChoices(l.T, r.Status, "")
		}
		vm.Items = append(vm.Items, it)
	}
	return vm, nil
}

// rightsChoices lists the statuses an open request can move to: in progress once, one extension, an answer.
func rightsChoices(t func(string, ...any) string, current, selected string) []views.RightsChoice {
	var out []views.RightsChoice
	for _, st := range []string{store.RightsInProgress, store.RightsExtended, store.RightsDone, store.RightsRefused} {
		if (st == store.RightsInProgress && current != store.RightsReceived) || (st == store.RightsExtended && current == store.RightsExtended) {
			continue
		}
		out = append(out, views.RightsChoice{Value: st, Label: t("rights.status." + st), Selected: st == selected})
	}
	return out
}

// parseDueDate keeps a date field as the store expects it, YYYY-MM-DD, or "" when it is not a date.
func parseDueDate(s string) string {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return ""
	}
	return s
}
