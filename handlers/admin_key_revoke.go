package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// adminKeyRevoke stops an API key of the brand at once; another brand's key id is a 404.
func (s *Server) adminKeyRevoke(c echo.Context) error {
	sc := currentStaff(c)
	id, ok := parseID(c.Param("id"))
	if !ok {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	if err := s.DB.RevokeAPIKey(c.Request().Context(), sc.Brand.ID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return pageErr(http.StatusNotFound, "error.not_found", err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/settings?done=key.revoked")
}
