package handlers

import (
	"errors"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"vitrine/store"
)

// staffSSOCallback is where every brand's identity provider sends the browser back. The attempt cookie must be
// there, unexpired, with the state the provider returns; it is used once. The code is exchanged with the PKCE
// verifier, and the ID token must be signed by that brand's provider for that brand's client (the audience),
// carry the attempt's nonce, a verified e-mail of one of the brand's domains, and a claim value that maps to a
// role. Then the staff account is made or refreshed and a session opens as with a password: a new id, the old
// session ended.
func (s *Server) staffSSOCallback(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.now()
	a := s.ssoAttemptOf(c, now)
	s.setSSOCookie(c, nil, now)
	if a == nil || !sameSecret(a.State, c.QueryParam("state")) {
		s.Log.Info("single sign-on refused: no attempt, expired, or another state")
		return s.ssoRefuse(c, http.StatusBadRequest, "sso.error.state", "")
	}
	if e := c.QueryParam("error"); e != "" {
		s.Log.Info("single sign-on refused by the provider", "brand", a.Brand, "error", e, "description", c.QueryParam("error_description"))
		return s.ssoRefuse(c, http.StatusUnauthorized, "sso.error.declined", "")
	}
	cfg, err := s.DB.SSOByBrand(ctx, a.Brand)
	if errors.Is(err, store.ErrNotFound) {
		return s.ssoRefuse(c, http.StatusBadRequest, "sso.error.state", "")
	}
	if err != nil {
		return err
	}
	p, err := s.ssoProvider(ctx, cfg)
	if err != nil {
		s.Log.Warn("single sign-on: provider unreachable", "brand", cfg.BrandID, "err", err)
		return s.ssoRefuse(c, http.StatusBadGateway, "sso.error.provider", "")
	}
	tok, err := s.oauthConfig(cfg, p).Exchange(oidc.ClientContext(ctx, ssoHTTP), c.QueryParam("code"), oauth2.VerifierOption(a.Verifier))
	if err != nil {
		s.Log.Warn("single sign-on: code exchange failed", "brand", cfg.BrandID, "err", err)
		return s.ssoRefuse(c, http.StatusBadGateway, "sso.error.provider", "")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: s.now}).Verify(ctx, raw)
	if err != nil || !sameSecret(idt.Nonce, a.Nonce) {
		s.Log.Warn("single sign-on: ID token refused", "brand", cfg.BrandID, "err", err, "nonce_matches", err == nil)
		return s.ssoRefuse(c, http.StatusUnauthorized, "sso.error.token", "")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return s.ssoRefuse(c, http.StatusUnauthorized, "sso.error.token", "")
	}
	email, _ := claims["email"].(string)
	name, _ := claims["name"].(string)
	switch {
	case email == "" || !claimTrue(claims["email_verified"]):
		return s.ssoRefuse(c, http.StatusForbidden, "sso.error.unverified", email)
	case !cfg.AllowsEmail(email):
		return s.ssoRefuse(c, http.StatusForbidden, "sso.error.domain", email)
	}
	role := cfg.Role(claimStrings(claims[cfg.RoleClaim]))
	if role == "" {
		s.Log.Info("single sign-on refused: no role", "brand", cfg.BrandID, "claim", cfg.RoleClaim, "values", claimStrings(claims[cfg.RoleClaim]))
		return s.ssoRefuse(c, http.StatusForbidden, "sso.error.no_role", email)
	}
	u, err := s.DB.SSOSignIn(ctx, cfg.BrandID, email, name, role, now)
	if errors.Is(err, store.ErrOtherBrand) || errors.Is(err, store.ErrBadStaff) {
		s.Log.Warn("single sign-on refused: the address belongs to another account", "brand", cfg.BrandID, "err", err)
		return s.ssoRefuse(c, http.StatusForbidden, "sso.error.account", email)
	}
	if err != nil {
		return err
	}
	previous := ""
	if ck, err := c.Cookie(staffCookie); err == nil {
		previous = ck.Value
	}
	id, err := s.DB.StartStaffSession(ctx, u.ID, previous, now, staffLifetime)
	if err != nil {
		return err
	}
	s.setStaffCookie(c, id, now)
	return c.Redirect(http.StatusSeeOther, staffHome(&staffCtx{User: u}, a.Next))
}
