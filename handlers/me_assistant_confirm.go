package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// meAssistantConfirmShow shows a change the customer's assistant prepared and asks them to confirm it. A link of
// another customer is not found: the proposal is looked up under the signed-in customer only.
func (s *Server) meAssistantConfirmShow(c echo.Context) error {
	v, p, err := s.loadProposal(c)
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AssistantConfirm(s.confirmPage(v, p, "")))
}

// meAssistantConfirmCreate does what the assistant prepared, once the customer confirmed it, through the same
// code path as the customer's own pages, with method agent and the assistant named on the receipt.
func (s *Server) meAssistantConfirmCreate(c echo.Context) error {
	v, p, err := s.loadProposal(c)
	if err != nil {
		return err
	}
	if p.DoneAt != nil || !s.now().Before(p.ExpiresAt) {
		return Render(c, http.StatusOK, views.AssistantConfirm(s.confirmPage(v, p, "")))
	}
	ctx := c.Request().Context()
	if c.FormValue("decision") != "confirm" {
		if _, err := s.DB.FinishAssistantProposal(ctx, p); err != nil {
			return err
		}
		return Render(c, http.StatusOK, views.AssistantConfirm(s.confirmPage(v, p, v.l.T("confirm.cancelled"))))
	}
	var outcome string
	switch p.Kind {
	case store.ProposalChoice:
		pur := v.reg.Purposes[p.PurposeID]
		if pur == nil {
			return pageErr(http.StatusNotFound, "error.not_found", nil)
		}
		current, err := v.data.Consents(ctx)
		if err != nil {
			return err
		}
		_, _, err = s.changeConsent(ctx, v.reg, consentRequest{Brand: v.cc.Brand, Customer: v.cc.Customer, Purpose: pur.Slug, State: p.State,
			Shown: current[pur.ID], Method: "agent", Actor: p.ClientName, Lang: v.locale}, s.now())
		switch {
		case errors.Is(err, errSameState):
			outcome = v.l.T("confirm.same")
		case err != nil:
			if _, refusalErr := consentRefusal(err); refusalErr != nil {
				return refusalErr
			}
			return pageErr(http.StatusConflict, "error.bad_request", err)
		default:
			outcome = v.l.T("confirm.ok.choice", p.ClientName)
		}
	case store.ProposalReview:
		_, err := s.DB.RequestReview(ctx, v.cc.Customer.ID, p.EventID, store.KindReview, p.Note, "agent", s.now())
		switch {
		case errors.Is(err, store.ErrAlreadyRequested):
			outcome = v.l.T("confirm.done")
		case err != nil:
			return err
		default:
			outcome = v.l.T("confirm.ok.review")
		}
	}
	if _, err := s.DB.FinishAssistantProposal(ctx, p); err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AssistantConfirm(s.confirmPage(v, p, outcome)))
}

func (s *Server) loadProposal(c echo.Context) (*customerView, store.AssistantProposal, error) {
	v, err := s.loadCustomerView(c, "assistants")
	if err != nil {
		return nil, store.AssistantProposal{}, err
	}
	if v.cc.Staff {
		return nil, store.AssistantProposal{}, pageErr(http.StatusForbidden, "error.forbidden", nil)
	}
	p, err := s.DB.AssistantProposalByID(c.Request().Context(), v.cc.Brand.ID, v.cc.Customer.ID, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		return nil, p, pageErr(http.StatusNotFound, "error.not_found", err)
	}
	return v, p, err
}

// confirmPage tells the prepared change; outcome, once acted on, replaces the question.
func (s *Server) confirmPage(v *customerView, p store.AssistantProposal, outcome string) views.AssistantConfirmPage {
	vm := views.AssistantConfirmPage{Page: v.page, Heading: v.l.T("confirm.title"), BackURL: v.page.MePath("/assistants"),
		Cancel: v.l.T("confirm.no"), Action: v.page.MePath("/assistants/confirm/" + p.ID)}
	vm.Title = vm.Heading + " · " + v.cc.Brand.Name
	switch p.Kind {
	case store.ProposalChoice:
		key := "confirm.refuse"
		if p.State == store.ConsentGranted {
			key = "confirm.grant"
		}
		vm.Body = v.l.T(key, p.ClientName, v.purposeName(p.PurposeID), v.cc.Brand.Name)
		vm.Confirm = v.l.T("confirm.yes.choice")
	case store.ProposalReview:
		what := ""
		if e, err := s.DB.EventByID(v.ctx, v.cc.Customer.ID, p.EventID); err == nil {
			what = v.eventLines([]store.Event{e})[0].Sentence
		}
		vm.Body = v.l.T("confirm.review", p.ClientName, v.cc.Brand.Name, what)
		vm.Confirm = v.l.T("confirm.yes.review")
	}
	switch {
	case outcome != "":
		vm.Body, vm.Action = outcome, ""
	case p.DoneAt != nil:
		vm.Body, vm.Action = v.l.T("confirm.done"), ""
	case !s.now().Before(p.ExpiresAt):
		vm.Body, vm.Action = v.l.T("confirm.expired"), ""
	}
	return vm
}
