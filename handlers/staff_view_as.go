package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// maxWhat bounds what an access record says was seen, since part of it comes from the URL.
const maxWhat = 120

// viewed names a page of the customer for the access record.
func viewed(what string) func(echo.Context) string {
	return func(echo.Context) string { return what }
}

// viewedParam names a page by a prefix and a URL parameter, such as a system page by its slug.
func viewedParam(prefix, param string) func(echo.Context) string {
	return func(c echo.Context) string {
		w := prefix + c.Param(param)
		if len(w) > maxWhat {
			w = strings.ToValidUTF8(w[:maxWhat], "")
		}
		return w
	}
}

// staffViewAs puts a staff member in the customer's place so that the customer handlers serve the staff view
// unchanged. It runs after requireStaff and lets the request through only when:
//   - the customer in the URL belongs to the staff member's brand (anything else is a 404);
//   - the staff member gave a reason for this customer within the last 30 minutes (else back to the reason
//     form, and nothing is shown or changed);
//   - the look has been recorded, before anything is shown: what is not recorded is not shown.
//
// The customer context it sets shows internal details and the "viewing as" banner, builds links under the staff
// view, names the staff member on changes made for the customer, and has no session, so nothing the staff
// member does (such as switching language) is remembered for the customer.
func (s *Server) staffViewAs(what func(echo.Context) string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sc := currentStaff(c)
			cust, err := s.staffCustomer(c, sc)
			if err != nil {
				return err
			}
			ctx := c.Request().Context()
			now := s.now()
			visit, err := s.DB.CurrentVisit(ctx, sc.User.ID, cust.ID, now.Add(-reasonLasts))
			if errors.Is(err, store.ErrNotFound) {
				return c.Redirect(http.StatusSeeOther, staffCustomerPath(cust.ID)+"?expired=1")
			}
			if err != nil {
				return err
			}
			if err := s.DB.RecordView(ctx, visit, what(c), now); err != nil {
				return err
			}
			cc := &customerCtx{
				Brand: sc.Brand, Customer: cust, Staff: true, StaffActor: sc.User.Email,
				BasePath: staffCustomerPath(cust.ID) + "/view",
			}
			l := localizer(s.customerLocale(c, cc), sc.Brand)
			cc.StaffBanner = l.T("staff.banner", roleLabel(l, sc.User), customerLabel(cust), strings.TrimRight(visit.Reason, ". "))
			c.Set(customerKey, cc)
			return next(c)
		}
	}
}
