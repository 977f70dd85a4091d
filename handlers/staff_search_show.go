package handlers

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// searchLimit is how many customers a search lists; an agent who needs more types more.
const searchLimit = 20

// staffSearchShow is the console's front page: the customer search (?q=, a plain GET form that works without
// JavaScript) and how many review requests wait. A platform admin, who sees no customer, goes to the team page,
// and marketing, who sees none either, to governance.
func (s *Server) staffSearchShow(c echo.Context) error {
	sc := currentStaff(c)
	if sc.User.Platform() {
		return c.Redirect(http.StatusSeeOther, "/staff/team")
	}
	if !sc.can(store.RoleSupport) {
		return c.Redirect(http.StatusSeeOther, "/admin")
	}
	vm := views.StaffSearchPage{StaffPage: s.staffPage(c, "search", "staff.search.title"), FragmentURL: "/staff/search", ReviewsURL: "/staff/reviews"}
	vm.Script = "js/staff-search.js"
	vm.Query = strings.TrimSpace(c.QueryParam("q"))
	results, err := s.searchResults(c, sc, vm.L, vm.Query)
	if err != nil {
		return err
	}
	vm.Results = results
	n, err := s.DB.PendingReviewCount(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		vm.Reviews = vm.L.N("staff.reviews.waiting", n)
	}
	return Render(c, http.StatusOK, views.StaffSearch(vm))
}

// searchResults runs a search of the staff member's brand and tells what it found.
func (s *Server) searchResults(c echo.Context, sc *staffCtx, l *plain.Localizer, q string) (views.StaffResults, error) {
	r := views.StaffResults{Query: q}
	if q == "" {
		return r, nil
	}
	found, err := s.DB.SearchCustomers(c.Request().Context(), sc.Brand.ID, q, searchLimit+1)
	if err != nil {
		return r, err
	}
	if len(found) > searchLimit {
		found = found[:searchLimit]
		r.Hint = l.T("staff.search.more", l.Number(searchLimit))
	} else if utf8.RuneCountInString(q) < 3 {
		r.Hint = l.T("staff.search.prefix")
	}
	r.Status = l.N("staff.search.found", len(found))
	for _, cust := range found {
		name := cust.Name
		if name == "" {
			name = l.T("staff.search.noname")
		}
		r.Hits = append(r.Hits, views.CustomerHit{
			Name: name, Email: cust.Email, ExternalID: cust.ExternalID, Since: l.T("staff.search.since", l.Date(cust.CreatedAt)),
			URL: staffCustomerPath(cust.ID),
		})
	}
	return r, nil
}
