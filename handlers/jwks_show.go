package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// jwksShow publishes the JWK Set of the keys that sign consent receipts, so a customer, their lawyer or any JOSE
// library can check a receipt without asking vitrine or the brand anything else. Keys are only ever added, so a
// cached copy stays right for the receipts it already covers.
func (s *Server) jwksShow(c echo.Context) error {
	set, err := s.DB.ReceiptJWKS(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	c.Response().Header().Set(echo.HeaderContentType, "application/jwk-set+json")
	return c.JSON(http.StatusOK, set)
}
