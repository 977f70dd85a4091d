package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// outcomeMax bounds the outcome of a review, which the customer reads on their page.
const outcomeMax = 2000

// staffReviewUpdate marks one of the brand's pending review requests as reviewed, with the outcome the customer
// will read. Reading the customer's decision to answer them is a look at their data, so it is recorded like any
// other, with the request as the reason. An empty or too long outcome shows the queue again with a message.
func (s *Server) staffReviewUpdate(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	id, ok := parseID(c.Param("id"))
	if !ok {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	rv, err := s.DB.ReviewByID(ctx, sc.Brand.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	if rv.Status != store.ReviewPending {
		return c.Redirect(http.StatusSeeOther, "/staff/reviews?gone=1")
	}
	outcome := strings.TrimSpace(c.FormValue("outcome"))
	problem := ""
	switch n := utf8.RuneCountInString(outcome); {
	case !utf8.ValidString(outcome):
		problem = "staff.reason.error.invalid"
	case n < 3:
		problem = "staff.reviews.error.missing"
	case n > outcomeMax:
		problem = "staff.reviews.error.long"
	}
	if problem != "" {
		vm, err := s.reviewsPage(c, sc)
		if err != nil {
			return err
		}
		for i := range vm.Items {
			if vm.Items[i].ID == strconv.FormatInt(id, 10) {
				vm.Items[i].Error, vm.Items[i].Outcome = vm.L.T(problem), c.FormValue("outcome")
			}
		}
		return Render(c, http.StatusUnprocessableEntity, views.StaffReviews(vm))
	}
	now := s.now()
	if _, err := s.DB.OpenAccess(ctx, sc.User.ID, rv.CustomerID, "review request #"+strconv.FormatInt(id, 10), "en", store.AccessReview, now); err != nil {
		return err
	}
	// The answer is in the language of the console the reviewer writes in; the customer's page quotes it marked so.
	err = s.DB.ResolveReview(ctx, sc.Brand.ID, id, sc.User.Email, outcome, s.staffLocale(c, sc), now)
	if errors.Is(err, store.ErrNotFound) { // resolved by someone else in the meantime
		return c.Redirect(http.StatusSeeOther, "/staff/reviews?gone=1")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/reviews?done="+strconv.FormatInt(id, 10))
}
