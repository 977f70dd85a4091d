package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// adminAgentsIndex lists the brand's own AI agents that read the brand API with OAuth client credentials and,
// for admins, the form that adds one.
func (s *Server) adminAgentsIndex(c echo.Context) error {
	vm, err := s.agentsPage(c, currentStaff(c), "", "")
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminAgents(vm))
}

// agentsPage builds /admin/agents, with the system and purpose given shown as picked (the form sent back).
func (s *Server) agentsPage(c echo.Context, sc *staffCtx, system, purpose string) (views.AdminAgentsPage, error) {
	ctx := c.Request().Context()
	vm := views.AdminAgentsPage{AdminPage: s.adminPage(c, "agents", "admin.agents.title")}
	l := vm.L
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	vm.Name = views.AdminField{Kind: "text", Name: "name", Label: l.T("admin.agents.name"), Hint: l.T("admin.agents.name.hint"), Required: true}
	vm.System = views.AdminField{Kind: "select", Name: "system", Label: l.T("admin.agents.system"), Hint: l.T("admin.agents.system.hint"), Required: true}
	for _, sys := range agentSystems(reg) {
		vm.System.Options = append(vm.System.Options, views.Option{Value: sys.Slug, Label: systemName(l, sys, sc.Brand), Selected: sys.Slug == system})
	}
	vm.Purpose = views.AdminField{Kind: "select", Name: "purpose", Label: l.T("admin.agents.purpose"), Hint: l.T("admin.agents.purpose.hint"), Required: true}
	for _, p := range agentPurposes(reg) {
		vm.Purpose.Options = append(vm.Purpose.Options, views.Option{Value: p.Slug, Label: purposeLabel(l, p, sc.Brand), Selected: p.Slug == purpose})
	}
	vm.NoRegistry = len(vm.System.Options) == 0 || len(vm.Purpose.Options) == 0
	clients, err := s.DB.AgentClients(ctx, sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	for _, a := range clients {
		row := views.AdminAgentRow{Name: a.Name, ClientID: a.ClientID, Created: l.Date(a.CreatedAt), LastUsed: l.T("admin.agents.never"),
			System: l.T("admin.agents.gone"), Purpose: l.T("admin.agents.gone"),
			RevokeURL: "/admin/agents/" + strconv.FormatInt(a.ID, 10) + "/revoke"}
		if sys := reg.Systems[a.SystemID]; sys != nil {
			row.System = systemName(l, sys, sc.Brand)
		}
		if p := reg.Purposes[a.PurposeID]; p != nil {
			row.Purpose = purposeLabel(l, p, sc.Brand)
		}
		if a.LastUsedAt != nil {
			row.LastUsed = l.DateTime(*a.LastUsedAt)
		}
		if a.RevokedAt != nil {
			row.Revoked = l.T("admin.agents.revoked", l.Date(*a.RevokedAt))
		}
		vm.Agents = append(vm.Agents, row)
	}
	return vm, nil
}

// agentSystems are the systems an agent client may be: registered and active, as an event of a retired or
// undescribed system would tell the customer of something the brand no longer runs or never described.
func agentSystems(reg *store.Registry) []*store.AISystem {
	var out []*store.AISystem
	for _, sys := range reg.SystemOrder {
		if sys.Registered && sys.Status != "retired" {
			out = append(out, sys)
		}
	}
	return out
}

// agentPurposes are the registered purposes, the ones the customer can read about.
func agentPurposes(reg *store.Registry) []*store.Purpose {
	var out []*store.Purpose
	for _, p := range reg.PurposeOrder {
		if p.Registered {
			out = append(out, p)
		}
	}
	return out
}

// purposeLabel names a purpose in the page's language, falling back to its slug.
func purposeLabel(l *plain.Localizer, p *store.Purpose, b store.Brand) string {
	return orSlug(p.Text(l.Locale(), b.DefaultLocale).Name, p.Slug)
}
