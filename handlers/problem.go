package handlers

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// problem is an RFC 9457 problem-details answer of the API: a status, a short title and a detail a brand
// engineer can act on, plus optional extension members (such as the limit that was exceeded).
type problem struct {
	Status     int
	Detail     string
	Extra      map[string]any
	RetryAfter int // seconds, for 429 and 503
}

func (p *problem) Error() string { return fmt.Sprintf("%d: %s", p.Status, p.Detail) }

func apiProblem(status int, detail string) *problem { return &problem{Status: status, Detail: detail} }

// writeProblem sends an application/problem+json answer.
func writeProblem(c echo.Context, p *problem) error {
	body := map[string]any{"type": "about:blank", "title": http.StatusText(p.Status), "status": p.Status, "detail": p.Detail}
	for k, v := range p.Extra {
		body[k] = v
	}
	if p.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(p.RetryAfter))
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	return c.JSONBlob(p.Status, mustJSON(body))
}
