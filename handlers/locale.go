package handlers

import (
	"net/url"

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
	u := *c.Request().URL
	q := u.Query()
	q.Set("lang", code)
	u.RawQuery = q.Encode()
	return code, (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String()
}

// localizer returns the customer's Localizer in the brand's time zone.
func localizer(locale string, b store.Brand) *plain.Localizer {
	return plain.New(locale, b.Location())
}
