package handlers

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// proposalsDecidedLimit bounds the decided proposals listed; the waiting ones are always all there.
const proposalsDecidedLimit = 50

// adminProposalsIndex lists the brand's registry proposals: those waiting for a reviewer or for their proposer,
// then the latest decided ones.
func (s *Server) adminProposalsIndex(c echo.Context) error {
	sc := currentStaff(c)
	ps, err := s.DB.Proposals(c.Request().Context(), sc.Brand.ID, proposalsDecidedLimit)
	if err != nil {
		return err
	}
	vm := views.AdminProposalsPage{AdminPage: s.adminPage(c, "proposals", "proposal.index.title")}
	l := vm.L
	vm.Intro = l.T("proposal.index.intro.publish")
	if proposing(sc) {
		vm.Intro = l.T("proposal.index.intro.propose")
	}
	head := []string{l.T("proposal.col.what"), l.T("proposal.col.by"), l.T("proposal.col.status"), l.T("proposal.col.updated")}
	vm.Waiting = views.AdminTable{Caption: l.T("proposal.index.waiting"), Head: head, Empty: l.T("proposal.index.none")}
	vm.Decided = views.AdminTable{Caption: l.T("proposal.index.decided"), Head: head}
	for _, p := range ps {
		row := views.AdminRow{Cells: []string{proposalHeading(l, p), p.Proposer, l.T("proposal.status." + p.Status), l.Date(p.UpdatedAt)},
			URL: fmt.Sprintf("/admin/proposals/%d", p.ID)}
		if p.Status == store.ProposalOpen || p.Status == store.ProposalChangesRequested {
			vm.Waiting.Rows = append(vm.Waiting.Rows, row)
		} else {
			vm.Decided.Rows = append(vm.Decided.Rows, row)
		}
	}
	return Render(c, http.StatusOK, views.AdminProposals(vm))
}
