package handlers

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
)

// customerLocale picks the language of a customer page. An explicit ?lang= (the language switch) wins and is
// remembered for the session; then the language chosen earlier in the session; then the customer's own setting;
// then the browser's Accept-Language; then the brand's default.
func (s *Server) customerLocale(c echo.Context, cc *customerCtx) string {
	if q := c.QueryParam("lang"); q != "" {
		if loc, ok := plain.Negotiate(q); ok {
			if loc != cc.Session.Locale && !cc.Staff {
				if err := s.DB.SetSessionLocale(c.Request().Context(), cc.SessionID, loc); err != nil {
					s.Log.WarnContext(c.Request().Context(), "remember locale", "err", err)
				}
				cc.Session.Locale = loc
			}
			return loc
		}
	}
	if loc, ok := plain.Negotiate(cc.Session.Locale, cc.Customer.Locale, c.Request().Header.Get("Accept-Language"), cc.Brand.DefaultLocale); ok {
		return loc
	}
	return "en"
}

// anonymousLocale picks the language of a page shown to someone not signed in (error pages).
func anonymousLocale(c echo.Context) string {
	if loc, ok := plain.Negotiate(c.QueryParam("lang"), c.Request().Header.Get("Accept-Language")); ok {
		return loc
	}
	return "en"
}

// langSwitch returns the other language's code and the current URL with ?lang= set to it.
func langSwitch(c echo.Context, current string) (code, href string) {
	code = "fr"
	if current == "fr" {
		code = "en"
	}
	u := c.Request().URL
	q := u.Query()
	q.Set("lang", code)
	return code, (&url.URL{Path: localPath(u.Path), RawQuery: q.Encode()}).String()
}

// localPath makes a request's path safe to link back to: a browser reads a link starting with // or /\ as
// another site ("//evil.example/x"), so the leading run of slashes and backslashes becomes one slash. The
// query, re-encoded, cannot leave the site.
func localPath(p string) string {
	return "/" + strings.TrimLeft(p, `/\`)
}

// localizer returns the customer's Localizer in the brand's time zone.
func localizer(locale string, b store.Brand) *plain.Localizer {
	return plain.New(locale, b.Location())
}
