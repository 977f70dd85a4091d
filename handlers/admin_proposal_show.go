package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// adminProposalShow is one proposal: what it would change, field by field, against today's registry (or, once
// decided, against the entry as it was), how customers would read it in each language with its readability, its
// history, and the buttons the signed-in member may use.
func (s *Server) adminProposalShow(c echo.Context) error {
	sc := currentStaff(c)
	p, err := s.adminProposal(c, sc)
	if err != nil {
		return err
	}
	vm, err := s.proposalPage(c, sc, p)
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminProposal(vm))
}

// adminProposal loads the :id proposal of the staff member's brand; any other id is the same 404.
func (s *Server) adminProposal(c echo.Context, sc *staffCtx) (store.Proposal, error) {
	id, ok := parseID(c.Param("id"))
	if !ok {
		return store.Proposal{}, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	p, err := s.DB.Proposal(c.Request().Context(), sc.Brand.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return p, pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	return p, err
}

// proposalPage builds the proposal's page for the signed-in member.
func (s *Server) proposalPage(c echo.Context, sc *staffCtx, p store.Proposal) (views.AdminProposalPage, error) {
	reg, err := s.DB.Registry(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return views.AdminProposalPage{}, err
	}
	vm := views.AdminProposalPage{AdminPage: s.adminPage(c, "proposals", "proposal.title")}
	l := vm.L
	vm.Heading = proposalHeading(l, p)
	vm.Status, vm.StatusKind = l.T("proposal.status."+p.Status), p.Status
	vm.Proposer = l.T("proposal.by", p.Proposer, l.DateTime(p.CreatedAt))
	vm.Note = p.Note
	if p.Status == store.ProposalChangesRequested {
		vm.Comment = p.LastComment()
	}
	open := p.Status == store.ProposalOpen || p.Status == store.ProposalChangesRequested
	before := baseEntry(p)
	if open {
		// What approving would change now: against today's registry, which may have moved since.
		cur := reg.Entry(p.Entity, p.Slug)
		if cur != nil && !p.IsNew && jsonOf(cur) != jsonOf(before) {
			vm.Stale = l.T("proposal.stale")
		}
		if cur != nil && p.IsNew {
			vm.Stale = l.T("proposal.stale_new")
		}
		before = cur
	}
	vm.Diff = entryDiff(l, before, &p.Entry)
	vm.DiffCaption = l.T("proposal.diff.title")
	vm.Previews = proposalPreviews(l, sc.Brand, reg, p.Entry, s.now())
	if p.Entry.Purpose != nil {
		if missing := store.MissingConsentWording(*p.Entry.Purpose); len(missing) > 0 && open {
			var names []string
			for _, loc := range missing {
				names = append(names, languageName(loc))
			}
			vm.Blocked = l.T("proposal.blocked.wording", strings.Join(names, ", "))
		}
	}
	own := p.ProposedBy == sc.User.ID
	switch {
	case p.Status == store.ProposalOpen && sc.can(store.RolePrivacy) && !own:
		vm.CanDecide = true
		vm.DecideAction = fmt.Sprintf("/admin/proposals/%d/decision", p.ID)
	case p.Status == store.ProposalOpen && sc.can(store.RolePrivacy) && own:
		vm.OwnProposal = l.T("proposal.own")
	}
	if own && open {
		vm.CanRevise = true
		vm.EditURL = fmt.Sprintf("/admin/proposals/%d/edit", p.ID)
		vm.WithdrawAction = fmt.Sprintf("/admin/proposals/%d/withdraw", p.ID)
	}
	for _, st := range p.Steps {
		vm.Steps = append(vm.Steps, views.AdminProposalStep{ISO: st.At.Format(time.RFC3339), When: l.DateTime(st.At), Who: st.Actor,
			What: l.T("proposal.step." + st.Action), Comment: st.Comment})
	}
	return vm, nil
}

// proposalHeading names what a proposal does in one line: "New purpose: newsletter-ai", "Retire system: recs".
func proposalHeading(l *plain.Localizer, p store.Proposal) string {
	kind := "change"
	switch {
	case p.IsNew:
		kind = "new"
	case p.Entry.System != nil && p.Entry.System.Status == "retired" && !strings.Contains(p.Base, `"Status":"retired"`):
		kind = "retire"
	}
	return l.T("proposal.heading."+kind+"."+p.Entity, entryName(p.Entry, l.Locale()))
}

// entryName is the entry's name as staff reading locale know it: its name in that language (or, for a system,
// its default name), else its slug.
func entryName(e store.RegistryEntry, locale string) string {
	name := ""
	switch {
	case e.System != nil:
		name = e.System.NameIn(locale, "")
	case e.Purpose != nil:
		name = e.Purpose.Texts[locale].Name
	case e.Category != nil:
		name = e.Category.Texts[locale].Name
	}
	if name == "" {
		return e.Slug()
	}
	return name
}

// baseEntry is the entry as it was when proposed, or nil for a new one.
func baseEntry(p store.Proposal) *store.RegistryEntry {
	return decodeEntry(p.Entity, p.Base)
}

// decodeEntry reads a system, purpose or category record as the change log and proposals keep it (JSON), or
// gives nil for an empty record, another kind of entity, or a record it cannot read.
func decodeEntry(entity, raw string) *store.RegistryEntry {
	if raw == "" {
		return nil
	}
	var e store.RegistryEntry
	var err error
	switch entity {
	case "system":
		e.System = &store.AISystem{}
		err = json.Unmarshal([]byte(raw), e.System)
	case "purpose":
		e.Purpose = &store.Purpose{}
		err = json.Unmarshal([]byte(raw), e.Purpose)
	case "category":
		e.Category = &store.DataCategory{}
		err = json.Unmarshal([]byte(raw), e.Category)
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	return &e
}

// jsonOf is an entry's JSON, to tell whether it changed.
func jsonOf(e *store.RegistryEntry) string {
	if e == nil {
		return ""
	}
	b, _ := json.Marshal(e)
	return string(b)
}
