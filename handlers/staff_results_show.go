package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// staffResultsShow answers the search script as the agent types: the results list alone, as an HTML fragment
// rendered by the same component as the full page, so both always show the same thing.
func (s *Server) staffResultsShow(c echo.Context) error {
	sc := currentStaff(c)
	p := s.staffPage(c, "search", "staff.search.title")
	results, err := s.searchResults(c, sc, p.L, strings.TrimSpace(c.QueryParam("q")))
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.StaffResultsList(p.Page, results))
}
