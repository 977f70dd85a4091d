package handlers

import "github.com/labstack/echo/v4"

// adminRoutes registers governance under /admin/ (registry, coverage, violations, overview, brand settings).
func (s *Server) adminRoutes(e *echo.Echo, g *echo.Group) {}
