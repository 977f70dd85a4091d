package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"vitrine/store"
)

const assistantGrantKey = "assistant-grant"

// Calls an assistant grant may make: a steady rate with bursts, enough for an assistant answering its person's
// questions, not for a scraper walking every page of the history.
const (
	assistantRate  = 2 // per second
	assistantBurst = 30
	maxMCPBody     = 1 << 20
)

// assistantLimiter keeps a token bucket per grant. Buckets of grants unused for ten minutes are dropped.
type assistantLimiter struct {
	mu      sync.Mutex
	buckets map[int64]*grantBucket
}

type grantBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// allow takes one call from the grant's bucket at now (the server's clock), buckets filling at r a second up to
// burst.
func (a *assistantLimiter) allow(grantID int64, now time.Time, r float64, burst int) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.buckets == nil {
		a.buckets = map[int64]*grantBucket{}
	}
	b := a.buckets[grantID]
	if b == nil {
		if len(a.buckets) > 10000 {
			for id, old := range a.buckets {
				if now.Sub(old.seen) > 10*time.Minute {
					delete(a.buckets, id)
				}
			}
		}
		b = &grantBucket{lim: rate.NewLimiter(rate.Limit(r), burst)}
		a.buckets[grantID] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// bearerChallenge sets the WWW-Authenticate of a refused MCP request (RFC 6750 §3 with RFC 9728's
// resource_metadata), so a client that knows nothing yet finds the authorization server from it.
func (s *Server) bearerChallenge(c echo.Context, errCode, scope string) {
	parts := []string{fmt.Sprintf("resource_metadata=%q", s.prmURL())}
	if errCode != "" {
		parts = append(parts, fmt.Sprintf("error=%q", errCode))
	}
	if scope != "" {
		parts = append(parts, fmt.Sprintf("scope=%q", scope))
	}
	c.Response().Header().Set("WWW-Authenticate", "Bearer "+strings.Join(parts, ", "))
}

// requireAssistant lets an MCP request through only with a live access token made for this MCP server; the
// grant it belongs to (one customer of one brand) is all the request can ever read.
func (s *Server) requireAssistant(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok := bearer(c)
		if tok == "" {
			s.bearerChallenge(c, "", strings.Join(assistantScopes, " "))
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "send an access token as 'Authorization: Bearer TOKEN'; see resource_metadata in WWW-Authenticate to get one"})
		}
		g, err := s.DB.AssistantTokenGrant(c.Request().Context(), tok, s.now())
		switch {
		case errors.Is(err, store.ErrTokenInvalid), errors.Is(err, store.ErrNotFound):
			s.bearerChallenge(c, "invalid_token", "")
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "the access token is unknown or expired: refresh it, or connect again"})
		case errors.Is(err, store.ErrGrantRevoked):
			s.bearerChallenge(c, "invalid_token", "")
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "the customer removed this assistant's access, or it ended: connect again"})
		case err != nil:
			return err
		}
		if g.Resource != s.mcpResource() { // audience-bound (RFC 8707): a token for another resource is not ours
			s.bearerChallenge(c, "invalid_token", "")
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "this token was issued for another resource than " + s.mcpResource()})
		}
		r, burst := s.AssistantRate, s.AssistantBurst
		if r <= 0 {
			r = assistantRate
		}
		if burst <= 0 {
			burst = assistantBurst
		}
		if !s.assistantLimits.allow(g.ID, s.now(), r, burst) {
			c.Response().Header().Set("Retry-After", strconv.Itoa(1))
			return c.JSON(http.StatusTooManyRequests, map[string]string{"error": "rate_limited", "error_description": "too many calls for this connection: wait a second and retry"})
		}
		if need := s.scopeNeeded(c, g); need != "" {
			s.bearerChallenge(c, "insufficient_scope", strings.Join(append(slices.Clone(g.Scopes), need), " "))
			return c.JSON(http.StatusForbidden, map[string]string{"error": "insufficient_scope", "error_description": "this tool needs the scope " + need + ": ask the customer to allow it"})
		}
		c.Set(assistantGrantKey, g)
		return next(c)
	}
}

// choiceTools need the vitrine.choices scope.
var choiceTools = []string{"change_choice", "request_review"}

// scopeNeeded peeks at a JSON-RPC call before the MCP server runs it: a tool that needs a scope the grant lacks
// is refused with 403 insufficient_scope at the HTTP level, which is how MCP clients learn to step up (MCP
// authorization, "Scope challenge handling"). The body is put back for the server.
func (s *Server) scopeNeeded(c echo.Context, g store.AssistantGrant) string {
	req := c.Request()
	if req.Method != http.MethodPost || g.Has(scopeChoices) {
		return ""
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, maxMCPBody))
	req.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return ""
	}
	var call struct {
		Method string `json:"method"`
		Params struct {
			Name string `json:"name"`
		} `json:"params"`
	}
	if json.Unmarshal(body, &call) != nil || call.Method != "tools/call" || !slices.Contains(choiceTools, call.Params.Name) {
		return ""
	}
	return scopeChoices
}
