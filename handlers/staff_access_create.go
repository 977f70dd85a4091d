package handlers

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// Bounds of the reason an agent gives to open a customer's pages: a ticket number at least, a short note at most.
const (
	reasonMin = 3
	reasonMax = 500
)

// staffAccessCreate records why an agent opens a customer's pages, then sends them to the pages. The record is
// written before anything is shown, and is append-only. A missing, too long or garbled reason shows the form
// again with a message, and records nothing.
func (s *Server) staffAccessCreate(c echo.Context) error {
	sc := currentStaff(c)
	cust, err := s.staffCustomer(c, sc)
	if err != nil {
		return err
	}
	reason, problem := cleanReason(c.FormValue("reason"))
	if problem != "" {
		vm, err := s.reasonPage(c, sc, cust)
		if err != nil {
			return err
		}
		vm.Reason = c.FormValue("reason")
		vm.Error = vm.L.T(problem)
		return Render(c, http.StatusUnprocessableEntity, views.StaffReason(vm))
	}
	if _, err := s.DB.OpenAccess(c.Request().Context(), sc.User.ID, cust.ID, reason, s.staffLocale(c, sc), store.AccessOverview, s.now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, staffCustomerPath(cust.ID)+"/view")
}

// cleanReason puts a reason on one line, as the customer will read it, and checks its length. It returns the
// catalog key of the problem, if any.
func cleanReason(raw string) (string, string) {
	if !utf8.ValidString(raw) {
		return "", "staff.reason.error.invalid"
	}
	r := strings.Join(strings.Fields(raw), " ")
	if strings.IndexFunc(r, func(c rune) bool { return unicode.IsControl(c) || unicode.Is(unicode.Cf, c) }) >= 0 {
		return "", "staff.reason.error.invalid"
	}
	switch n := utf8.RuneCountInString(r); {
	case n < reasonMin:
		return "", "staff.reason.error.missing"
	case n > reasonMax:
		return "", "staff.reason.error.long"
	}
	return r, ""
}
