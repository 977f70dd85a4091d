package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// adminProposalWithdraw lets the proposer take back a proposal nobody has decided yet.
func (s *Server) adminProposalWithdraw(c echo.Context) error {
	sc := currentStaff(c)
	p, err := s.adminProposal(c, sc)
	if err != nil {
		return err
	}
	err = s.DB.WithdrawProposal(c.Request().Context(), sc.Brand.ID, p.ID, sc.User.ID, sc.User.Signature())
	switch {
	case errors.Is(err, store.ErrNotProposer):
		return pageErr(http.StatusForbidden, "proposal.error.not_proposer", nil)
	case errors.Is(err, store.ErrProposalClosed):
		return pageErr(http.StatusConflict, "proposal.error.closed", nil)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/proposals/"+strconv.FormatInt(p.ID, 10)+"?done=proposal.withdrawn")
}
