package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/token"
)

// sessionExchange turns a single-use session link (/s/{token}) into a first-party session cookie and sends the
// customer to their page. A link that is expired, already used, forged or for another purpose opens nothing.
func (s *Server) sessionExchange(c echo.Context) error {
	raw := c.Param("token")
	ctx := c.Request().Context()
	now := s.now()
	claims, brand, err := s.verifyCustomerToken(c, raw, token.AudSession)
	if err != nil {
		if brand.ID != 0 && claims.Subject != "" { // signed by the brand, but expired: speak to its customer
			s.refusalFor(c, brand, claims.Subject)
		}
		return err
	}
	cust, err := s.DB.CustomerByExternalID(ctx, brand.ID, claims.Subject)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusUnauthorized, "error.link_invalid", err)
	}
	if err != nil {
		return err
	}
	id, err := s.DB.ExchangeToken(ctx, claims.ID, claims.ExpiresAt.Time, cust.ID, s.SessionTTL, now)
	if errors.Is(err, store.ErrTokenUsed) {
		s.refusalFor(c, brand, cust.ExternalID)
		return pageErr(http.StatusUnauthorized, "error.link_used", err)
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(c, id, now)
	if next := takeOAuthNext(c); next != "" { // the customer was connecting an assistant when signed out
		return c.Redirect(http.StatusSeeOther, next)
	}
	return c.Redirect(http.StatusSeeOther, "/me")
}

// refusal is who a refused link was for, when its signature shows it: the error page then speaks the customer's
// language, names their brand and links to the brand's own way back in (Brand.PortalURL).
type refusal struct {
	brand  store.Brand
	locale string
}

const refusalKey = "vitrine.refusal"

// refusalFor records, for the error page, the brand and customer a refused but genuine link was for.
func (s *Server) refusalFor(c echo.Context, brand store.Brand, externalID string) {
	r := refusal{brand: brand, locale: brand.DefaultLocale}
	if cust, err := s.DB.CustomerByExternalID(c.Request().Context(), brand.ID, externalID); err == nil && cust.Locale != "" {
		r.locale = cust.Locale
	}
	if loc, ok := plain.Negotiate(c.QueryParam("lang"), r.locale); ok {
		r.locale = loc
	}
	c.Set(refusalKey, r)
}

// setSessionCookie gives the browser a customer session: HttpOnly, SameSite=Lax, Secure over TLS.
func (s *Server) setSessionCookie(c echo.Context, id string, now time.Time) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.SessionTTL.Seconds()), Expires: now.Add(s.SessionTTL),
	})
	c.Response().Header().Set("Cache-Control", "no-store")
}

// verifyCustomerToken checks a brand-minted token for the given audience, against the brand's HS256 secrets and
// its registered public keys, and returns its claims and brand.
func (s *Server) verifyCustomerToken(c echo.Context, raw, aud string) (token.Claims, store.Brand, error) {
	ctx := c.Request().Context()
	iss, err := token.Issuer(raw)
	if err != nil {
		return token.Claims{}, store.Brand{}, pageErr(http.StatusUnauthorized, "error.link_invalid", err)
	}
	brand, err := s.DB.BrandBySlug(ctx, iss)
	if errors.Is(err, store.ErrNotFound) {
		return token.Claims{}, store.Brand{}, pageErr(http.StatusUnauthorized, "error.link_invalid", err)
	}
	if err != nil {
		return token.Claims{}, store.Brand{}, err
	}
	keys, err := s.DB.BrandKeys(ctx, brand.ID, s.now())
	if err != nil {
		return token.Claims{}, store.Brand{}, err
	}
	tk := make([]token.Key, len(keys))
	for i, k := range keys {
		tk[i] = token.Key{KID: k.KID, Secret: k.Secret}
	}
	public, err := s.DB.BrandPublicKeys(ctx, brand.ID)
	if err != nil {
		return token.Claims{}, store.Brand{}, err
	}
	var pk []token.PublicKey
	for _, k := range public {
		// Keys were checked when registered; one that no longer parses verifies nothing rather than failing all.
		if parsed, err := token.ParseJWKs([]byte(k.JWK)); err == nil && len(parsed) == 1 && parsed[0].Alg == k.Alg {
			pk = append(pk, parsed[0])
		}
	}
	claims, err := token.VerifyWith(raw, tk, pk, brand.Slug, aud, s.now())
	switch {
	case errors.Is(err, token.ErrExpired):
		return claims, brand, pageErr(http.StatusUnauthorized, "error.link_expired", err)
	case err != nil:
		return claims, brand, pageErr(http.StatusUnauthorized, "error.link_invalid", err)
	}
	return claims, brand, nil
}
