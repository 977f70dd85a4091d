package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// healthShow answers 200 when the database answers a query, 503 otherwise.
func (s *Server) healthShow(c echo.Context) error {
	if err := s.DB.Ping(c.Request().Context()); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}
