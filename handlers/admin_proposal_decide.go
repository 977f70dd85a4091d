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

// maxProposalComment bounds a reviewer's comment.
const maxProposalComment = 2000

// proposalDecisions maps the reviewer's buttons to the step they record.
var proposalDecisions = map[string]string{"approve": store.StepApproved, "changes": store.StepChangesRequested, "reject": store.StepRejected}

// adminProposalDecide records a privacy or admin member's decision on a proposal: approve (the change reaches
// customers now, in the same transaction), ask for changes (a comment saying what is needed), or reject. The
// proposer cannot decide their own proposal; a consent purpose without its wording in both languages is not
// approved.
func (s *Server) adminProposalDecide(c echo.Context) error {
	sc := currentStaff(c)
	p, err := s.adminProposal(c, sc)
	if err != nil {
		return err
	}
	action, ok := proposalDecisions[c.FormValue("do")]
	if !ok {
		return pageErr(http.StatusBadRequest, "proposal.error.decision", nil)
	}
	comment := strings.TrimSpace(c.FormValue("comment"))
	fieldErr := ""
	switch {
	case utf8.RuneCountInString(comment) > maxProposalComment:
		fieldErr = "proposal.error.comment_long"
	case comment == "" && action != store.StepApproved:
		fieldErr = "proposal.error.comment_needed" // a proposer sent back or turned down deserves to know why
	}
	if fieldErr == "" {
		err = s.DB.DecideProposal(c.Request().Context(), sc.Brand.ID, p.ID, action, comment, sc.User.ID, sc.User.Signature())
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, "/admin/proposals/"+strconv.FormatInt(p.ID, 10)+"?done=proposal."+action)
		case errors.Is(err, store.ErrOwnProposal):
			return pageErr(http.StatusForbidden, "proposal.error.own", nil)
		case errors.Is(err, store.ErrProposalClosed):
			return pageErr(http.StatusConflict, "proposal.error.closed", nil)
		case errors.Is(err, store.ErrConsentWording):
			fieldErr = "proposal.error.wording"
		default:
			return err
		}
	}
	vm, err := s.proposalPage(c, sc, p)
	if err != nil {
		return err
	}
	vm.DecideError = vm.L.T(fieldErr, maxProposalComment)
	return Render(c, http.StatusUnprocessableEntity, views.AdminProposal(vm))
}
