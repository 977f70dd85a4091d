package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// meRightsCreate records the customer's request to delete their data, pause its use, or stop using it, then goes
// back to their requests, where the new one shows with its deadline. A second open request of the same kind is
// refused politely.
func (s *Server) meRightsCreate(c echo.Context) error {
	v, err := s.loadCustomerView(c, "rights")
	if err != nil {
		return err
	}
	back := v.page.MePath("/rights")
	kind := c.FormValue("kind")
	msg := strings.TrimSpace(c.FormValue("message"))
	if utf8.RuneCountInString(msg) > 1000 || !utf8.ValidString(msg) {
		return c.Redirect(http.StatusSeeOther, back+"?rights=long")
	}
	method := "web"
	if v.cc.Staff {
		method = "staff"
	}
	r, err := s.DB.OpenRights(c.Request().Context(), v.cc.Customer.ID, kind, msg, method, s.now())
	switch {
	case errors.Is(err, store.ErrRightsKind):
		return c.Redirect(http.StatusSeeOther, back+"?rights=kind")
	case errors.Is(err, store.ErrRightsOpen):
		return c.Redirect(http.StatusSeeOther, back+"?rights=again")
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, back+"?rights=asked#request-"+strconv.FormatInt(r.ID, 10))
}
