package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// staffSSOStart starts a sign-in at the identity provider of the brand named in the address
// (/staff/sso/maison-lumiere), a link a brand can put on its intranet. A brand without single sign-on, or no
// brand, is a 404.
func (s *Server) staffSSOStart(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.DB.BrandBySlug(ctx, c.Param("brand"))
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	cfg, err := s.DB.SSOByBrand(ctx, b.ID)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	return s.ssoRedirect(c, cfg, "", safeNext(c.QueryParam("next")))
}
