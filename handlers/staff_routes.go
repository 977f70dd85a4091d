package handlers

import "github.com/labstack/echo/v4"

// staffRoutes registers the staff console (sign-in, search, customer view, audit, review queue).
func (s *Server) staffRoutes(e *echo.Echo, g *echo.Group) {}
