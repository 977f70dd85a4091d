package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// assistantCallLines is how many of an assistant's latest calls the customer's pages list.
const assistantCallLines = 20

// meAssistantsShow is the customer's page of AI assistants: how to connect one, the ones connected with what
// they may do and when they last read something, a way to remove each, and what they read.
func (s *Server) meAssistantsShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "assistants")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	grants, err := s.DB.AssistantGrants(ctx, v.cc.Brand.ID, v.cc.Customer.ID)
	if err != nil {
		return err
	}
	calls, err := s.DB.AssistantCalls(ctx, v.cc.Brand.ID, v.cc.Customer.ID, store.Cursor{}, assistantCallLines)
	if err != nil {
		return err
	}
	vm := views.AssistantsPage{Page: v.page, Intro: v.l.T("assistants.intro", v.cc.Brand.Name), Address: s.mcpResource(),
		Steps: []string{v.l.T("assistants.step.add"), v.l.T("assistants.step.decide"), v.l.T("assistants.step.ask", v.cc.Brand.Name)},
		Calls: v.assistantCallLines(calls)}
	vm.Title = v.l.T("assistants.title") + " · " + v.cc.Brand.Name
	for _, g := range grants {
		vm.Grants = append(vm.Grants, v.assistantLine(g, s.now()))
	}
	if name := c.QueryParam("removed"); name != "" {
		for _, g := range grants {
			if strconv.FormatInt(g.ID, 10) == name {
				vm.Notice = v.l.T("assistants.revoked", g.ClientName)
			}
		}
	}
	return Render(c, http.StatusOK, views.MeAssistants(vm))
}

// assistantLine tells one grant: since and until when, what it may do, its last use.
func (v *customerView) assistantLine(g store.AssistantGrant, now time.Time) views.AssistantLine {
	line := views.AssistantLine{ID: strconv.FormatInt(g.ID, 10), Name: g.ClientName, Can: v.l.T("assistants.can.read")}
	if g.Has(scopeChoices) {
		line.Can = v.l.T("assistants.can.choices")
	}
	switch {
	case g.RevokedAt != nil && (g.RevokedWhy == "refresh token reused" || g.RevokedWhy == "code reused"):
		line.Status = v.l.T("assistants.status.reused", v.l.Date(*g.RevokedAt))
	case g.RevokedAt != nil && g.RevokedWhy == "erased":
		line.Status = v.l.T("assistants.status.erased", v.l.Date(*g.RevokedAt))
	case g.RevokedAt != nil && g.RevokedWhy == "assistant":
		line.Status = v.l.T("assistants.status.disconnected", v.l.Date(*g.RevokedAt))
	case g.RevokedAt != nil:
		line.Status = v.l.T("assistants.status.revoked", v.l.Date(*g.RevokedAt))
	case !now.Before(g.ExpiresAt):
		line.Status = v.l.T("assistants.status.expired", v.l.Date(g.ExpiresAt))
	default:
		line.Status = v.l.T("assistants.status.live", v.l.Date(g.CreatedAt), v.l.Date(g.ExpiresAt))
		line.RevokeURL = v.page.MePath("/assistants/" + line.ID + "/revoke")
	}
	if g.LastUsedAt != nil {
		line.LastUsed = v.l.T("assistants.last_used", v.l.DateTime(*g.LastUsedAt), toolPhrase(v.l, g.LastUsed))
	} else {
		line.LastUsed = v.l.T("assistants.never_used")
	}
	return line
}

// assistantCallLines tells each call as a staff visit is told: "Your assistant Claude read your activity on
// 3 Dec 2026 at 14:02."
func (v *customerView) assistantCallLines(calls []store.AssistantCall) []views.AccessLine {
	out := make([]views.AccessLine, 0, len(calls))
	for _, c := range calls {
		out = append(out, views.AccessLine{ISO: c.At.Format(time.RFC3339), When: v.l.DateTime(c.At),
			Sentence: v.l.T("assistants.call", c.ClientName, toolPhrase(v.l, c.Tool), v.l.DateTime(c.At))})
	}
	return out
}
