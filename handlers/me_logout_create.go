package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// meLogoutCreate signs the customer out: the session ends in the database, the cookie is cleared, and the page
// says how to come back (the brand's own address, when it gave one).
func (s *Server) meLogoutCreate(c echo.Context) error {
	v, err := s.loadCustomerView(c, "")
	if err != nil {
		return err
	}
	if v.cc.Staff {
		return pageErr(http.StatusForbidden, "error.forbidden", nil)
	}
	if err := s.DB.EndSession(c.Request().Context(), v.cc.SessionID); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	page := views.ErrorPage{Page: v.page, Status: http.StatusOK, Heading: v.l.T("signed_out.title"),
		Body: v.l.T("error.signed_out.body.brand", v.cc.Brand.Name)}
	page.SignedIn, page.SignedInAs = false, ""
	page.Title = page.Heading + " · " + v.cc.Brand.Name
	if u := safeDocURL(v.cc.Brand.PortalURL); u != "" {
		page.LinkURL, page.LinkText = u, v.l.T("error.link.portal", v.cc.Brand.Name)
	}
	return Render(c, http.StatusOK, views.ErrorView(page))
}
