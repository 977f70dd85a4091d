package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// meAssistantRevoke removes a connected assistant's access at once: its tokens stop working on their next use.
// Staff looking at the customer's pages cannot do it for them.
func (s *Server) meAssistantRevoke(c echo.Context) error {
	cc := currentCustomer(c)
	if cc.Staff {
		return pageErr(http.StatusForbidden, "error.forbidden", nil)
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return pageErr(http.StatusBadRequest, "error.bad_request", err)
	}
	err = s.DB.RevokeAssistantGrant(c.Request().Context(), cc.Brand.ID, cc.Customer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/me/assistants?removed="+strconv.FormatInt(id, 10))
}
