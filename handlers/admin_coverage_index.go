package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// adminCoverageIndex lists what the registry is missing, grouped by kind, each gap linking to where it is fixed.
func (s *Server) adminCoverageIndex(c echo.Context) error {
	sc := currentStaff(c)
	gaps, err := s.DB.Coverage(c.Request().Context(), sc.Brand.ID, adminLocales)
	if err != nil {
		return err
	}
	vm := views.AdminCoveragePage{AdminPage: s.adminPage(c, "coverage", "admin.coverage.title")}
	l := vm.L
	vm.Empty = l.T("admin.coverage.empty")
	byKind := map[string]int{}
	for _, g := range gaps {
		i, ok := byKind[g.Kind]
		if !ok {
			i = len(vm.Groups)
			byKind[g.Kind] = i
			vm.Groups = append(vm.Groups, views.AdminGapGroup{Kind: g.Kind, Title: l.T("admin.gap." + g.Kind), Explain: l.T("admin.gap." + g.Kind + ".why")})
		}
		vm.Groups[i].Items = append(vm.Groups[i].Items, views.AdminLink{Label: gapLabel(l, g), URL: gapFixURL(g)})
	}
	return Render(c, http.StatusOK, views.AdminCoverage(vm))
}

// gapLabel names a gap: the entry, its slug, the language missing and how often it was used.
func gapLabel(l *plain.Localizer, g store.Gap) string {
	name := g.Name
	if name == "" {
		name = g.Slug
	}
	// Gaps about decisions say the whole problem in one sentence: the count or the factor is the point.
	switch g.Kind {
	case store.GapDecisionUnexplained:
		return l.N("admin.gap.item.decision_unexplained", g.Uses, name)
	case store.GapUnregisteredFactor:
		return l.T("admin.gap.item.unregistered_factor", g.Factor, name)
	case store.GapUnregisteredAgent:
		label := l.T("admin.gap.item.unregistered_agent.noorg", name, g.Slug)
		if g.Org != "" {
			label = l.T("admin.gap.item.unregistered_agent", name, g.Slug, g.Org)
		}
		return label + " · " + l.N("count.times", g.Uses)
	}
	label := l.T("admin.gap.item", name, g.Slug)
	if g.Locale != "" {
		label += " · " + plain.New(g.Locale, nil).T("lang.name")
	}
	if g.Uses > 0 {
		label += " · " + l.N("count.times", g.Uses)
	}
	return label
}

// gapFixURL is where a gap is fixed: the form of the entry, which describes an unregistered one for the first time.
func gapFixURL(g store.Gap) string {
	switch g.Entity {
	case "system":
		return "/admin/systems/" + url.PathEscape(g.Slug)
	case "purpose":
		return "/admin/purposes/" + url.PathEscape(g.Slug)
	case "agent":
		// A new system, prefilled as an AI agent outside the brand under the agent's id.
		return "/admin/systems/new?" + url.Values{"slug": {g.Slug}, "deployment": {store.DeployExternalAgent}}.Encode()
	}
	return "/admin/categories/" + url.PathEscape(g.Slug)
}
