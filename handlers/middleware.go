package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

const nonceKey = "csp-nonce"

// nonce returns this response's CSP nonce.
func nonce(c echo.Context) string {
	n, _ := c.Get(nonceKey).(string)
	return n
}

// securityHeaders gives every response a fresh CSP nonce and a strict policy: scripts only from vitrine with
// this nonce, nothing from other hosts, and no framing (the embed widget sets its own frame-ancestors).
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := make([]byte, 16)
		_, _ = rand.Read(raw)
		n := base64.StdEncoding.EncodeToString(raw)
		c.Set(nonceKey, n)
		h := c.Response().Header()
		h.Set("Content-Security-Policy", fmt.Sprintf("default-src 'none'; script-src 'self' 'nonce-%s'; style-src 'self' 'nonce-%s'; "+
			"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'", n, n))
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.secure() {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// logRequests writes one structured line per request, with the request and trace ids from its context
// (withRequestIDs), and counts it in the metrics. Both name the route pattern, not the raw path, because some
// paths carry single-use tokens that must not end up in logs, and a path per customer would make the metrics'
// labels without bound.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := s.now()
		timer := s.Metrics.Start()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		route := c.Path()
		if route == "/*" { // echo's name for "no route matched": no route of routes.go is "/*"
			route = ""
		}
		timer.Request(route, c.Request().Method, status)
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		s.Log.LogAttrs(c.Request().Context(), level, "request",
			slog.String("method", c.Request().Method),
			slog.String("route", c.Path()),
			slog.Int("status", status),
			slog.Duration("took", s.now().Sub(start)),
		)
		return nil
	}
}

// recoverPanics turns a panic into a 500 page and logs the stack, instead of dropping the connection.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.Log.ErrorContext(c.Request().Context(), "panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = echo.NewHTTPError(http.StatusInternalServerError)
			}
		}()
		return next(c)
	}
}

// csrfKey is where the CSRF middleware leaves the token that forms must send back as _csrf.
const csrfKey = "csrf"

// csrf protects every state-changing form of cookie-authenticated pages: the browser's Sec-Fetch-Site header
// where it sends one, and otherwise a token in a SameSite=Strict cookie that the form must repeat.
func (s *Server) csrf() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf",
		ContextKey:     csrfKey,
		CookieName:     "vitrine_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   s.secure(),
		CookieSameSite: http.SameSiteStrictMode,
		ErrorHandler: func(err error, c echo.Context) error {
			return pageErr(http.StatusForbidden, "error.csrf", err)
		},
	})
}

// csrfToken returns the token the current page's forms must carry.
func csrfToken(c echo.Context) string {
	t, _ := c.Get(csrfKey).(string)
	return t
}
