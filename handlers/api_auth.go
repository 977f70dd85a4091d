package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"vitrine/store"
)

const apiBrandKey = "api-brand"

// bearer returns the API key of an "Authorization: Bearer KEY" header.
func bearer(c echo.Context) string {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	scheme, key, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(key)
}

// apiRateLimit allows each API key (or each address, for requests without one) a steady rate with bursts;
// past it the client gets 429 with Retry-After instead of slowing every other brand down.
func (s *Server) apiRateLimit() echo.MiddlewareFunc {
	r, burst := s.APIRate, s.APIBurst
	if r <= 0 {
		r = 20
	}
	if burst <= 0 {
		burst = 40
	}
	retry := max(1, int(1/r+0.999))
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(r), Burst: burst, ExpiresIn: 10 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) {
			if k := bearer(c); k != "" {
				h := sha256.Sum256([]byte(k))
				return "key:" + hex.EncodeToString(h[:8]), nil
			}
			return "ip:" + c.RealIP(), nil
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return apiProblem(http.StatusForbidden, "could not identify the client")
		},
		DenyHandler: func(c echo.Context, id string, err error) error {
			return &problem{Status: http.StatusTooManyRequests, RetryAfter: retry,
				Detail: "Too many requests for this API key. Wait for the number of seconds in Retry-After, then retry; retries of event batches are safe."}
		},
	})
}

// requireAPIKey lets a request through only with a live API key, and scopes it to the key's brand.
func (s *Server) requireAPIKey(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := bearer(c)
		if key == "" {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine"`)
			return apiProblem(http.StatusUnauthorized, "Send your API key as 'Authorization: Bearer KEY'. Create one with 'vitrine apikey create --brand SLUG'.")
		}
		brandID, err := s.DB.APIKeyBrand(c.Request().Context(), key, s.now())
		switch {
		case errors.Is(err, store.ErrKeyRevoked):
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine", error="invalid_token"`)
			return apiProblem(http.StatusUnauthorized, "This API key was revoked. Use another key of your brand.")
		case errors.Is(err, store.ErrNotFound):
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine", error="invalid_token"`)
			return apiProblem(http.StatusUnauthorized, "This API key is not known. Check that it was copied whole.")
		case err != nil:
			return err
		}
		brand, err := s.DB.BrandByID(c.Request().Context(), brandID)
		if err != nil {
			return err
		}
		c.Set(apiBrandKey, brand)
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

func apiBrand(c echo.Context) store.Brand {
	b, _ := c.Get(apiBrandKey).(store.Brand)
	return b
}
