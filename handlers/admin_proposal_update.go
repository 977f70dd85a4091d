package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminProposalUpdate saves the proposer's revision of their proposal and opens it for review again.
func (s *Server) adminProposalUpdate(c echo.Context) error {
	sc := currentStaff(c)
	p, err := s.adminProposal(c, sc)
	if err != nil {
		return err
	}
	if err := canRevise(sc, p); err != nil {
		return err
	}
	var e store.RegistryEntry
	var errs map[string]string
	switch {
	case p.Entry.System != nil:
		sys, fe := readSystemForm(c, *p.Entry.System, false)
		sys.Factors = nil
		e, errs = store.RegistryEntry{System: &sys}, fe
	case p.Entry.Purpose != nil:
		x, fe := readPurposeForm(c, *p.Entry.Purpose, false)
		e, errs = store.RegistryEntry{Purpose: &x}, fe
	case p.Entry.Category != nil:
		x, fe := readCategoryForm(c, *p.Entry.Category, false)
		e, errs = store.RegistryEntry{Category: &x}, fe
	}
	note := readProposalNote(c, errs)
	if len(errs) > 0 {
		return Render(c, http.StatusUnprocessableEntity, views.AdminForm(s.proposalForm(c, p, e, errs)))
	}
	err = s.DB.ReviseProposal(c.Request().Context(), sc.Brand.ID, p.ID, e, note, sc.User.ID, sc.User.Signature())
	switch {
	case errors.Is(err, store.ErrProposalClosed):
		return pageErr(http.StatusConflict, "proposal.error.closed", nil)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/proposals/"+strconv.FormatInt(p.ID, 10)+"?done=proposal.revised")
}
