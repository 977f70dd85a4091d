package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/token"
	"vitrine/views"
)

// adminPublicKeyCreate registers the brand's own public key (a pasted JWK or JWK Set, ES256 or EdDSA): tokens
// the brand signs with the private half are accepted from then on, and vitrine holds nothing that signs.
func (s *Server) adminPublicKeyCreate(c echo.Context) error {
	sc := currentStaff(c)
	pasted := strings.TrimSpace(c.FormValue("jwk"))
	vm, err := s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	vm.PublicKey.Value = pasted
	refuse := func(key string) error {
		vm.PublicKey.Error = vm.L.T(key)
		return Render(c, http.StatusUnprocessableEntity, views.AdminSettings(vm))
	}
	if pasted == "" {
		return refuse("admin.error.required")
	}
	parsed, err := token.ParseJWKs([]byte(pasted))
	switch {
	case errors.Is(err, token.ErrJWKPrivate):
		vm.PublicKey.Value = "" // a private key is not sent back to the browser, nor kept in the form
		return refuse("admin.settings.public.private")
	case err != nil:
		return refuse("admin.settings.public.invalid")
	}
	keys := make([]store.BrandPublicKey, len(parsed))
	for i, p := range parsed {
		keys[i] = store.BrandPublicKey{KID: p.KID, Alg: p.Alg, JWK: p.JWK}
	}
	added, err := s.DB.AddBrandPublicKeys(c.Request().Context(), sc.Brand.ID, keys, s.now())
	if errors.Is(err, store.ErrKIDTaken) {
		return refuse("admin.settings.public.taken")
	}
	if err != nil {
		return err
	}
	vm, err = s.settingsPage(c, sc)
	if err != nil {
		return err
	}
	kids := make([]string, len(added))
	for i, k := range added {
		kids[i] = k.KID
	}
	vm.Notice = vm.L.T("admin.settings.public.added", strings.Join(kids, ", "))
	return Render(c, http.StatusOK, views.AdminSettings(vm))
}
