package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// maxProposalNote bounds the reason a proposer gives: a few paragraphs for the reviewer, not a document.
const maxProposalNote = 2000

// proposing reports whether the staff member's registry saves become proposals: marketing proposes, privacy and
// admin publish (and approve what marketing proposes).
func proposing(sc *staffCtx) bool { return !sc.can(store.RolePrivacy) }

// readProposalNote reads the proposer's reason from the form, adding its error to errs when too long.
func readProposalNote(c echo.Context, errs map[string]string) string {
	note := strings.TrimSpace(c.FormValue("proposal_note"))
	if utf8.RuneCountInString(note) > maxProposalNote {
		errs["proposal_note"] = "proposal.error.note_long"
	}
	return note
}

// withProposalNote adds, for a proposer, the field where they say why to the registry form, and says on the form
// that saving sends the change for approval.
func (s *Server) withProposalNote(c echo.Context, vm *views.AdminFormPage, errs map[string]string) {
	if !proposing(currentStaff(c)) {
		return
	}
	l := vm.L
	vm.Propose = true
	vm.ProposeIntro = l.T("proposal.form.intro")
	f := views.AdminField{Kind: "textarea", Name: "proposal_note", Label: l.T("proposal.field.note"), Hint: l.T("proposal.field.note.hint"),
		Value: c.FormValue("proposal_note")}
	if k, ok := errs["proposal_note"]; ok {
		f.Error = l.T(k, maxProposalNote)
	}
	vm.Groups = append(vm.Groups, views.AdminFieldGroup{Legend: l.T("proposal.field.legend"), Fields: []views.AdminField{f}})
}

// saveEntry saves a registry entry read from a form, or, for a proposer, records it as a proposal, and returns where
// to go next: savedURL after a save, the proposal's page after a proposal. create asks for a new entry.
func (s *Server) saveEntry(c echo.Context, sc *staffCtx, entry store.RegistryEntry, create bool, note, savedURL string) (string, error) {
	ctx := c.Request().Context()
	if entry.System != nil {
		// A system's factors are edited in the registry file, never from a form: nil tells the store to leave them
		// as they are (a form save must not mark a factor seen in events as described, nor drop one).
		entry.System.Factors = nil
	}
	if proposing(sc) {
		id, err := s.DB.ProposeChange(ctx, sc.Brand.ID, entry, create, note, sc.User.ID, sc.User.Signature())
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("/admin/proposals/%d?done=proposal.sent", id), nil
	}
	var err error
	switch {
	case entry.System != nil:
		_, err = s.DB.SaveSystemAs(ctx, sc.User.Email, *entry.System, create, s.now())
	case entry.Purpose != nil:
		_, err = s.DB.SavePurposeAs(ctx, sc.User.Email, *entry.Purpose, create, s.now())
	case entry.Category != nil:
		_, err = s.DB.SaveCategoryAs(ctx, sc.User.Email, *entry.Category, create, s.now())
	}
	return savedURL, err
}

// saveEntryForm is the end of every registry form's POST: with no field error it saves (or proposes) and
// redirects; a slug already taken becomes the slug's field error; otherwise the form is shown again, with what was
// typed, by render (422).
func (s *Server) saveEntryForm(c echo.Context, sc *staffCtx, entry store.RegistryEntry, create bool, errs map[string]string, savedURL string,
	render func(errs map[string]string) views.AdminFormPage) error {
	note := readProposalNote(c, errs)
	if len(errs) == 0 {
		next, err := s.saveEntry(c, sc, entry, create, note, savedURL)
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, next)
		case errors.Is(err, store.ErrSlugTaken):
			errs["slug"] = "admin.error.slug_taken"
		default:
			return err
		}
	}
	return Render(c, http.StatusUnprocessableEntity, views.AdminForm(render(errs)))
}
