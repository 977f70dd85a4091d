package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// reviewQueueSize is how many requests the queue page lists at once, oldest first.
const reviewQueueSize = 50

// staffReviewsIndex lists the brand's pending requests for a person to check an automated decision, oldest
// first, each with the decision as the customer reads it (plus its internal reference) and a form to resolve it.
func (s *Server) staffReviewsIndex(c echo.Context) error {
	vm, err := s.reviewsPage(c, currentStaff(c))
	if err != nil {
		return err
	}
	switch {
	case c.QueryParam("done") != "":
		vm.Done = vm.L.T("staff.reviews.done")
	case c.QueryParam("gone") != "":
		vm.Done = vm.L.T("staff.reviews.gone")
	}
	return Render(c, http.StatusOK, views.StaffReviews(vm))
}

// reviewsPage builds the queue. Each decision is told by the customer pages' own sentence builder, in the staff
// member's language, so the agent reads what the customer read.
func (s *Server) reviewsPage(c echo.Context, sc *staffCtx) (views.StaffReviewsPage, error) {
	ctx := c.Request().Context()
	vm := views.StaffReviewsPage{StaffPage: s.staffPage(c, "reviews", "staff.reviews.title")}
	queue, err := s.DB.ReviewQueue(ctx, sc.Brand.ID, store.ReviewPending, reviewQueueSize)
	if err != nil {
		return vm, err
	}
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	l := vm.L
	for _, r := range queue {
		cust, err := s.DB.CustomerByID(ctx, r.CustomerID)
		if err != nil {
			return vm, err
		}
		ev, err := s.DB.EventByID(ctx, r.CustomerID, r.EventID)
		if err != nil {
			return vm, err
		}
		v := &customerView{
			cc:     &customerCtx{Brand: sc.Brand, Customer: cust, Staff: true, BasePath: staffCustomerPath(cust.ID) + "/view"},
			locale: l.Locale(), l: l, reg: reg, page: vm.Page,
		}
		id := strconv.FormatInt(r.ID, 10)
		method := r.Method
		if key := "staff.reviews.method." + method; plain.Has(l.Locale(), key) {
			method = l.T(key)
		}
		x, err := s.DB.ExplanationOf(ctx, sc.Brand.ID, ev.Key)
		if err != nil {
			return vm, err
		}
		item := views.ReviewItem{
			ID: id, Action: "/staff/reviews/" + id, Asked: l.T("staff.reviews.asked", l.Date(r.CreatedAt)),
			Customer: customerLabel(cust) + " · " + cust.ExternalID, CustomerURL: staffCustomerPath(cust.ID),
			Decision: v.eventLines([]store.Event{ev})[0], Kind: l.T("staff.reviews.kind." + r.Kind),
			Due: l.T("staff.reviews.due", l.Date(r.DueAt)), Late: s.now().After(r.DueAt), Message: r.Message, Method: method,
		}
		if sys := reg.Systems[ev.SystemID]; sys != nil {
			item.Explained = v.explanation(sys, x) // the same words the customer reads on the decision's page
		}
		if item.Late {
			item.Due = l.T("staff.reviews.late", l.Date(r.DueAt))
		}
		vm.Items = append(vm.Items, item)
	}
	return vm, nil
}
