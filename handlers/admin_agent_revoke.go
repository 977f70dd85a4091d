package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// adminAgentRevoke stops one of the brand's agent clients at once, its live tokens with it; another brand's
// client id is a 404.
func (s *Server) adminAgentRevoke(c echo.Context) error {
	sc := currentStaff(c)
	id, ok := parseID(c.Param("id"))
	if !ok {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	if err := s.DB.RevokeAgentClient(c.Request().Context(), sc.Brand.ID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return pageErr(http.StatusNotFound, "error.not_found", err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/agents?done=agent.revoked")
}
