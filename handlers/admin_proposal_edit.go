package handlers

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminProposalEdit shows the proposer their proposal in the entry's own form, to revise it after a reviewer
// asked for changes (or before anyone has looked).
func (s *Server) adminProposalEdit(c echo.Context) error {
	sc := currentStaff(c)
	p, err := s.adminProposal(c, sc)
	if err != nil {
		return err
	}
	if err := canRevise(sc, p); err != nil {
		return err
	}
	vm := s.proposalForm(c, p, p.Entry, map[string]string{})
	setProposalNote(&vm, p.Note)
	return Render(c, http.StatusOK, views.AdminForm(vm))
}

// canRevise refuses anyone but the proposer, and a proposal already decided.
func canRevise(sc *staffCtx, p store.Proposal) error {
	if p.ProposedBy != sc.User.ID {
		return pageErr(http.StatusForbidden, "proposal.error.not_proposer", nil)
	}
	if p.Status != store.ProposalOpen && p.Status != store.ProposalChangesRequested {
		return pageErr(http.StatusConflict, "proposal.error.closed", nil)
	}
	return nil
}

// proposalForm is the entry's form around e, posting to the proposal: the slug stays the proposal's.
func (s *Server) proposalForm(c echo.Context, p store.Proposal, e store.RegistryEntry, errs map[string]string) views.AdminFormPage {
	var vm views.AdminFormPage
	switch {
	case e.System != nil:
		vm = s.systemForm(c, *e.System, errs, false)
		vm.Factors, vm.CanPreview = nil, false
	case e.Purpose != nil:
		vm = s.purposeForm(c, *e.Purpose, errs, false)
	case e.Category != nil:
		vm = s.categoryForm(c, *e.Category, errs, false)
	}
	vm.Nav = "proposals"
	vm.Links = nil
	vm.Action = fmt.Sprintf("/admin/proposals/%d", p.ID)
	vm.BackURL, vm.BackLabel = vm.Action, vm.L.T("proposal.back.one")
	vm.Heading = vm.L.T("proposal.revise.heading", proposalHeading(vm.L, p))
	if cm := p.LastComment(); cm != "" && p.Status == store.ProposalChangesRequested {
		vm.Intro = vm.L.T("proposal.revise.comment", cm)
	}
	return vm
}

// setProposalNote puts the proposal's reason in its field when the form is first shown.
func setProposalNote(vm *views.AdminFormPage, note string) {
	for i := range vm.Groups {
		for j := range vm.Groups[i].Fields {
			if f := &vm.Groups[i].Fields[j]; f.Name == "proposal_note" && f.Value == "" {
				f.Value = note
			}
		}
	}
}
