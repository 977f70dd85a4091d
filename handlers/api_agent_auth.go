package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

const apiAgentKey = "api-agent"

// What an agent's read of one customer reveals, as fideslang data categories. The usage answer is the
// customer's id at the brand and their language beside the record of the AI uses; the consent answers are the
// customer's choices. When the brand's registry describes a category with that key, its words are used; otherwise
// the event names the key and the privacy team sees it as a category to describe (store.InsertEvents).
var (
	agentReadsUsage    = []string{"user.unique_id", "user.demographic.language"}
	agentReadsConsents = []string{"user.privacy_preferences"}
)

// agentGrant checks an agent's access token for the brand API: live, of a client not revoked, for this API and
// with the scope brand.read. A token that fails gets 401 with the Bearer challenge RFC 6750 §3 asks for.
func (s *Server) agentGrant(c echo.Context, tok string) (store.AgentGrant, error) {
	refuse := func(detail string) (store.AgentGrant, error) {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine", error="invalid_token"`)
		return store.AgentGrant{}, apiProblem(http.StatusUnauthorized, detail)
	}
	g, err := s.DB.AgentToken(c.Request().Context(), tok)
	switch {
	case errors.Is(err, store.ErrAgentTokenExpired):
		return refuse("This access token has expired. Ask /oauth/token for a new one with your client credentials.")
	case errors.Is(err, store.ErrAgentClientRevoked):
		return refuse("The agent client of this token was revoked by your brand's admin.")
	case errors.Is(err, store.ErrNotFound):
		return refuse("This access token is not known. Ask /oauth/token for one with your client credentials.")
	case err != nil:
		return g, err
	case g.Resource != s.apiResource():
		return refuse("This access token is not for this API: ask for one with resource=" + s.apiResource() + ".")
	case !slices.Contains(strings.Fields(g.Scope), scopeBrand):
		return refuse("This access token does not have the scope " + scopeBrand + ".")
	}
	return g, nil
}

// agentMayCall lets an agent's token through to reads only: every GET, and the consent check, which only reads
// though it is a POST. Anything else writes, and needs the brand's API key: 403 with the insufficient_scope
// challenge, so the agent's OAuth library says why.
func agentMayCall(c echo.Context) error {
	m := c.Request().Method
	if m == http.MethodGet || m == http.MethodHead || (m == http.MethodPost && c.Path() == "/api/v1/consents/check") {
		return nil
	}
	c.Response().Header().Set("WWW-Authenticate", `Bearer realm="vitrine", error="insufficient_scope", scope="`+scopeBrand+`", `+
		`error_description="an agent token only reads; writing needs an API key of the brand"`)
	return apiProblem(http.StatusForbidden, "An agent's access token only reads the API (scope "+scopeBrand+"). Sending events, "+
		"recording consents, opening sessions and answering requests need an API key of your brand: 'Authorization: Bearer vtr_…'.")
}

// apiAgent is the agent whose token authenticated the request, or nil for an API key.
func apiAgent(c echo.Context) *store.AgentGrant {
	g, _ := c.Get(apiAgentKey).(*store.AgentGrant)
	return g
}

// agentReadEvent is the one place an agent's read of a customer becomes an event: the agent_access event the
// customer then sees on their page ("an AI agent, NAME, read … on behalf of BRAND"). Fields that say more about
// who acts for whom are set here, for every read alike.
func agentReadEvent(g *store.AgentGrant, brand store.Brand, customer string, categories []string, at time.Time) store.EventInput {
	return store.EventInput{
		ID:             agentEventID(),
		Customer:       customer,
		System:         g.System,
		Purpose:        g.Purpose,
		Action:         store.ActionAgentAccess,
		DataCategories: categories,
		OccurredAt:     at,
		Actor:          g.Client.Name,
		OnBehalfOf:     brand.Name,
		Channel:        "api",
		// The brand's own agent, acting for the brand (RFC 8693's act: no prior actor, the brand is the subject's
		// controller). Its id is its registry system, so coverage knows it is registered.
		Act: &store.Delegation{Sub: g.System, Name: g.Client.Name, Type: "brand_agent"},
	}
}

// agentEventID is a fresh event id: an agent's reads are each a fact of their own, never a retry of another.
func agentEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "agent-access-" + hex.EncodeToString(b)
}

// recordAgentReads records, before the answer leaves, one agent_access event per customer the agent is about
// to read, when the request came with an agent's token; with an API key it does nothing. A read that could not
// be recorded is not answered (the error is returned): the customer sees every read or there is none.
func (s *Server) recordAgentReads(c echo.Context, brand store.Brand, customers []string, categories []string) error {
	g := apiAgent(c)
	if g == nil || len(customers) == 0 {
		return nil
	}
	reg, err := s.DB.Registry(c.Request().Context(), brand.ID)
	if err != nil {
		return err
	}
	cats := registryCategories(reg, categories)
	now := s.now().UTC()
	events := make([]store.EventInput, 0, len(customers))
	seen := map[string]bool{}
	for _, cust := range customers {
		if seen[cust] {
			continue
		}
		seen[cust] = true
		events = append(events, agentReadEvent(g, brand, cust, cats, now))
	}
	res, err := s.DB.InsertEvents(c.Request().Context(), brand.ID, events)
	if err != nil {
		return err
	}
	for i, r := range res {
		if r.Status != store.StatusAccepted {
			return errors.New("agent read of " + events[i].Customer + " not recorded: " + r.Status)
		}
	}
	return nil
}

// registryCategories names each fideslang key by the brand's own category for it, when the registry has one.
func registryCategories(reg *store.Registry, keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		slug := k
		if d := reg.CategoryBySlug[k]; d == nil || !d.Registered {
			for _, id := range reg.CategoryOrderIDs {
				if d := reg.Categories[id]; d != nil && d.Registered && d.FidesKey == k {
					slug = d.Slug
					break
				}
			}
		}
		out = append(out, slug)
	}
	return out
}
