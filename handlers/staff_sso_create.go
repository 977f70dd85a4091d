package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// staffSSOCreate starts a sign-in with the company account from the work address typed on the sign-in page: the
// brand whose single sign-on covers the address's domain sends the browser to its identity provider. An address
// no brand covers is told so, in the same words whether or not it has an account.
func (s *Server) staffSSOCreate(c echo.Context) error {
	email := strings.TrimSpace(c.FormValue("email"))
	next := safeNext(c.FormValue("next"))
	if !store.ValidStaffEmail(strings.ToLower(email)) {
		return s.ssoRefuse(c, http.StatusBadRequest, "sso.error.email", email)
	}
	cfg, err := s.DB.SSOByEmail(c.Request().Context(), email)
	if errors.Is(err, store.ErrNotFound) {
		return s.ssoRefuse(c, http.StatusNotFound, "sso.error.unknown_domain", email)
	}
	if err != nil {
		return err
	}
	return s.ssoRedirect(c, cfg, email, next)
}
