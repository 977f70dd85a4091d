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

// rightsProblems maps the store's refusals of a step to what the staff form says.
var rightsProblems = map[error]string{
	store.ErrRightsStatus: "staff.rights.error.status", store.ErrRightsNote: "staff.rights.error.note",
	store.ErrRightsDeadline: "staff.rights.error.deadline",
}

// rightsProblem returns the message key for a refused step, "" for any other error.
func rightsProblem(err error) string {
	for e, key := range rightsProblems {
		if errors.Is(err, e) {
			return key
		}
	}
	return ""
}

// staffRightUpdate takes a step on one of the brand's open rights requests (privacy and admin staff): in
// progress, more time with a new deadline and a reason, done or refused with the answer the customer reads.
// Answering means reading the customer's request, so it is recorded as a look at their data, with the request
// as the reason, like an answer to a review.
func (s *Server) staffRightUpdate(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	id, ok := parseID(c.Param("id"))
	if !ok {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	r, err := s.DB.RightsByID(ctx, sc.Brand.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	if !store.RightsOpen(r.Status) {
		return c.Redirect(http.StatusSeeOther, "/staff/rights?gone=1")
	}
	u := store.RightsUpdate{Status: c.FormValue("status"), Note: strings.TrimSpace(c.FormValue("note")), Lang: s.staffLocale(c, sc),
		DueDate: parseDueDate(c.FormValue("due_date")), Actor: sc.User.Email}
	problem := ""
	if !utf8.ValidString(u.Note) {
		problem = "staff.reason.error.invalid"
	} else if utf8.RuneCountInString(u.Note) > outcomeMax {
		problem = "staff.rights.error.long"
	}
	now := s.now()
	if problem == "" {
		if _, err := s.DB.OpenAccess(ctx, sc.User.ID, r.CustomerID, "rights request #"+strconv.FormatInt(id, 10), "en", "rights/answer", now); err != nil {
			return err
		}
		_, err = s.DB.UpdateRights(ctx, sc.Brand.ID, id, u, now)
		switch {
		case errors.Is(err, store.ErrRightsClosed): // answered by someone else in the meantime
			return c.Redirect(http.StatusSeeOther, "/staff/rights?gone=1")
		case err != nil:
			if problem = rightsProblem(err); problem == "" {
				return err
			}
		}
	}
	if problem != "" {
		vm, err := s.rightsQueuePage(c, sc, store.RightsFilterOpen)
		if err != nil {
			return err
		}
		for i := range vm.Items {
			if vm.Items[i].ID == strconv.FormatInt(id, 10) {
				it := &vm.Items[i]
				it.Error, it.Note, it.DueDate = vm.L.T(problem), c.FormValue("note"), u.DueDate
				it.Choices = rightsChoices(vm.L.T, r.Status, u.Status)
			}
		}
		return Render(c, http.StatusUnprocessableEntity, views.StaffRights(vm))
	}
	return c.Redirect(http.StatusSeeOther, "/staff/rights?done="+strconv.FormatInt(id, 10))
}
