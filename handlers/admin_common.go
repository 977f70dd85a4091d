package handlers

import (
	"slices"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// adminLocales are the languages customers read, so every text of the registry is asked for in each of them.
var adminLocales = []string{"en", "fr"}

// languageName names a language in itself ("Français"), as a language switch does.
func languageName(loc string) string {
	return plain.New(loc, nil).T("lang.name")
}

// adminNotices are the confirmations a redirect after a save may ask for (?done=…); anything else is ignored,
// so a link cannot put words of its own on the page.
var adminNotices = []string{"system.created", "system.saved", "purpose.saved", "category.saved", "model.saved", "origins.saved", "theme.saved", "portal.saved", "proofs.saved", "gpc.saved", "key.revoked", "agent.revoked", "secret.rotated",
	"webhook.pinged", "webhook.replayed", "webhook.enabled", "webhook.removed",
	"value.saved", "proposal.sent", "proposal.revised", "proposal.approved", "proposal.changes_requested", "proposal.rejected", "proposal.withdrawn"}

// adminPage builds the frame of a governance page for the signed-in marketing, privacy or admin staff member.
func (s *Server) adminPage(c echo.Context, nav, titleKey string) views.AdminPage {
	sp := s.staffPage(c, nav, titleKey)
	sc := currentStaff(c)
	p := views.AdminPage{StaffPage: sp, CanKeys: sc.can(store.RoleAdmin), CanPublish: sc.can(store.RolePrivacy)}
	// A count beside a link is not worth failing the page for: without it the link still reads "Proposals".
	if n, err := s.DB.OpenProposalCount(c.Request().Context(), sc.Brand.ID); err == nil {
		p.OpenProposals = n
	} else {
		s.Log.WarnContext(c.Request().Context(), "count open proposals", "err", err)
	}
	if done := c.QueryParam("done"); slices.Contains(adminNotices, done) {
		p.Notice = sp.L.T("admin.notice." + done)
	}
	return p
}

// adminCustomerView is a customer's-eye view of the brand in a locale, with no customer: it names registry
// entries and builds a system's card the way /me does, for charts and the live preview.
func adminCustomerView(brand store.Brand, reg *store.Registry, locale string) *customerView {
	l := plain.New(locale, brand.Location())
	return &customerView{cc: &customerCtx{Brand: brand, BasePath: "/me"}, locale: locale, l: l, reg: reg,
		page: views.Page{L: l, BrandName: brand.Name, BasePath: "/me"}}
}

// options turns a list of values into select options labelled by catalog keys prefix+value.
func options(l *plain.Localizer, prefix string, values []string, selected string) []views.Option {
	out := make([]views.Option, 0, len(values))
	for _, v := range values {
		out = append(out, views.Option{Value: v, Label: l.T(prefix + v), Selected: v == selected})
	}
	return out
}
