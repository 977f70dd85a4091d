package handlers

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// adminSettingsShow shows the brand's settings: embed origins and theme, the API keys and the signing keys.
func (s *Server) adminSettingsShow(c echo.Context) error {
	vm, err := s.settingsPage(c, currentStaff(c))
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminSettings(vm))
}

// settingsPage builds the settings page filled from the brand; handlers then put back what was typed.
func (s *Server) settingsPage(c echo.Context, sc *staffCtx) (views.AdminSettingsPage, error) {
	vm := views.AdminSettingsPage{AdminPage: s.adminPage(c, "settings", "admin.settings.title")}
	l := vm.L
	vm.Origins = views.AdminField{Kind: "textarea", Name: "origins", Label: l.T("admin.settings.origins.label"),
		Hint: l.T("admin.settings.origins.hint"), Value: strings.Join(sc.Brand.EmbedOrigins, "\n")}
	vm.Portal = views.AdminField{Kind: "url", Name: "portal_url", Label: l.T("admin.settings.portal.label"),
		Hint: l.T("admin.settings.portal.hint"), Value: sc.Brand.PortalURL}
	months, err := s.DB.ProofRetention(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	vm.Proofs = views.AdminField{Kind: "number", Name: "proof_months", Label: l.T("admin.settings.proofs.label"),
		Hint: l.T("admin.settings.proofs.hint"), Value: strconv.Itoa(months), Required: true}
	vm.Theme = themeFields(l, sc.Brand.Theme, nil)
	vm.KeyName = views.AdminField{Kind: "text", Name: "name", Label: l.T("admin.settings.keys.name"), Required: true}
	keys, err := s.DB.APIKeys(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	for _, k := range keys {
		row := views.AdminKeyRow{Name: k.Name, Prefix: k.Prefix, Created: l.Date(k.CreatedAt), LastUsed: l.T("admin.settings.keys.never"),
			RevokeURL: "/admin/settings/keys/" + strconv.FormatInt(k.ID, 10) + "/revoke"}
		if k.LastUsedAt != nil {
			row.LastUsed = l.DateTime(*k.LastUsedAt)
		}
		if k.RevokedAt != nil {
			row.Revoked = l.T("admin.settings.keys.revoked", l.Date(*k.RevokedAt))
		}
		vm.KeyRows = append(vm.KeyRows, row)
	}
	signing, err := s.DB.ListBrandKeys(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	now := s.now()
	for _, k := range signing {
		row := views.AdminSigningKeyRow{KID: k.KID, Created: l.Date(k.CreatedAt), State: l.T("admin.settings.secret.signs")}
		switch {
		case k.Signs():
		case k.RetiredAt.After(now):
			row.State = l.T("admin.settings.secret.retiring", l.DateTime(*k.RetiredAt))
		default:
			row.State = l.T("admin.settings.secret.retired", l.Date(*k.RetiredAt))
		}
		vm.SigningKeys = append(vm.SigningKeys, row)
	}
	vm.PublicKey = views.AdminField{Kind: "textarea", Name: "jwk", Label: l.T("admin.settings.public.label"), Hint: l.T("admin.settings.public.hint")}
	public, err := s.DB.BrandPublicKeys(c.Request().Context(), sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	for _, k := range public {
		vm.PublicKeys = append(vm.PublicKeys, views.AdminPublicKeyRow{KID: k.KID, Alg: k.Alg, Created: l.Date(k.CreatedAt)})
	}
	sso, err := s.DB.SSOByBrand(c.Request().Context(), sc.Brand.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return vm, err
	}
	if err == nil {
		vm.SSO = ssoFacts(l, sso, s.BaseURL)
	}
	return vm, nil
}

// ssoFacts shows the brand's single sign-on as read-only facts. The client secret is never shown.
func ssoFacts(l *plain.Localizer, c store.SSOConfig, baseURL string) []views.AdminFact {
	values := make([]string, 0, len(c.RoleMap))
	for v := range c.RoleMap {
		values = append(values, v)
	}
	sort.Strings(values)
	mapping := make([]string, 0, len(values))
	for _, v := range values {
		mapping = append(mapping, v+" → "+l.T("staff.role."+c.RoleMap[v]))
	}
	password := l.T("sso.settings.password.off")
	if c.PasswordLogin {
		password = l.T("sso.settings.password.on")
	}
	return []views.AdminFact{
		{Label: l.T("sso.settings.issuer"), Value: c.Issuer},
		{Label: l.T("sso.settings.client"), Value: c.ClientID},
		{Label: l.T("sso.settings.redirect"), Value: strings.TrimRight(baseURL, "/") + ssoCallbackPath},
		{Label: l.T("sso.settings.claim"), Value: c.RoleClaim},
		{Label: l.T("sso.settings.roles"), Value: strings.Join(mapping, ", ")},
		{Label: l.T("sso.settings.domains"), Value: strings.Join(c.Domains, ", ")},
		{Label: l.T("sso.settings.password"), Value: password},
		{Label: l.T("sso.settings.updated"), Value: l.DateTime(c.UpdatedAt)},
	}
}

// themeFields are the colour fields of the theme form, with errors by field name.
func themeFields(l *plain.Localizer, t store.Theme, errs map[string]string) []views.AdminField {
	return []views.AdminField{
		{Kind: "text", Name: "primary", Label: l.T("admin.settings.theme.primary"), Hint: l.T("admin.settings.theme.hint"), Value: t.Primary, Error: errs["primary"]},
		{Kind: "text", Name: "accent", Label: l.T("admin.settings.theme.accent"), Hint: l.T("admin.settings.theme.hint"), Value: t.Accent, Error: errs["accent"]},
	}
}
