package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
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

// requireAPIKey lets a request through only with a live API key (or an agent's access token, which only reads:
// api_agent_auth.go), scopes it to the key's brand, and limits
// each key to a steady rate with bursts; past it the client gets 429 with Retry-After instead of slowing every
// other brand down. A key is counted only once verified: counting every bearer as sent gave each made-up key a fresh
// allowance of its own. Requests with no key, or one not verified yet, are counted per client address before
// the key is looked up: a flood of random keys from one address gets 429s without costing a database lookup
// each, while a key already verified keeps its own allowance, whatever else comes from the same address.
func (s *Server) requireAPIKey() echo.MiddlewareFunc {
	r, burst := s.APIRate, s.APIBurst
	if r <= 0 {
		r = 20
	}
	if burst <= 0 {
		burst = 40
	}
	retry := max(1, int(1/r+0.999))
	limiter := func() *middleware.RateLimiterMemoryStore {
		return middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(r), Burst: burst, ExpiresIn: 10 * time.Minute,
		})
	}
	perKey, perAddress := limiter(), limiter()
	var verified sync.Map // key ids verified at least once, exempt from the address's count
	tooMany := func(who string) error {
		return &problem{Status: http.StatusTooManyRequests, RetryAfter: retry,
			Detail: "Too many requests for this " + who + ". Wait for the number of seconds in Retry-After, then retry; retries of event batches are safe."}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := bearer(c)
			h := sha256.Sum256([]byte(key))
			id := hex.EncodeToString(h[:8])
			if _, ok := verified.Load(id); !ok || key == "" {
				if ok, _ := perAddress.Allow(c.RealIP()); !ok {
					return tooMany("address with no valid API key")
				}
			}
			if key == "" {
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine"`)
				return apiProblem(http.StatusUnauthorized, "Send your API key as 'Authorization: Bearer KEY'. Create one with 'vitrine apikey create --brand SLUG'.")
			}
			if strings.HasPrefix(key, store.AgentTokenPrefix) {
				// One of the brand's agents, with an access token from /oauth/token: it reads only, and is
				// limited per agent client as a key is per key.
				g, err := s.agentGrant(c, key)
				if err != nil {
					verified.Delete(id)
					return err
				}
				verified.Store(id, struct{}{})
				if ok, _ := perKey.Allow("agent:" + g.Client.ClientID); !ok {
					return tooMany("agent client")
				}
				if err := agentMayCall(c); err != nil {
					return err
				}
				brand, err := s.DB.BrandByID(c.Request().Context(), g.Client.BrandID)
				if err != nil {
					return err
				}
				c.Set(apiBrandKey, brand)
				c.Set(apiAgentKey, &g)
				c.Response().Header().Set("Cache-Control", "no-store")
				return next(c)
			}
			brandID, err := s.DB.APIKeyBrand(c.Request().Context(), key, s.now())
			switch {
			case errors.Is(err, store.ErrKeyRevoked):
				verified.Delete(id)
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine", error="invalid_token"`)
				return apiProblem(http.StatusUnauthorized, "This API key was revoked. Use another key of your brand.")
			case errors.Is(err, store.ErrNotFound):
				verified.Delete(id)
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine", error="invalid_token"`)
				return apiProblem(http.StatusUnauthorized, "This API key is not known. Check that it was copied whole.")
			case err != nil:
				return err
			}
			verified.Store(id, struct{}{})
			if ok, _ := perKey.Allow(id); !ok {
				return tooMany("API key")
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
}

func apiBrand(c echo.Context) store.Brand {
	b, _ := c.Get(apiBrandKey).(store.Brand)
	return b
}
