package handlers

import (
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"vitrine/static"
)

// New builds the echo instance with every route of the product in one place.
func New(s *Server) *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.errorHandler
	s.Log = slog.New(withRequestIDs(s.Log.Handler()))
	s.Metrics.WatchPagesWaiting(func() int { return int(s.pageWaiting.Load()) })
	e.IPExtractor = s.ipExtractor()
	e.Pre(middleware.RemoveTrailingSlash())
	routes := &routeTable{e: e}
	e.Pre(routes.headAsGet)
	e.Use(restoreHead)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{TargetHeader: echo.HeaderXRequestID}))
	e.Use(traceRequests)
	e.Use(s.logRequests)
	e.Use(s.recoverPanics)
	e.Use(s.securityHeaders)
	e.Use(routes.allowMethods)

	// Static assets are precompressed and fingerprinted; they skip the gzip middleware.
	e.GET("/static/*", echo.WrapHandler(static.Handler()))

	g := e.Group("", compress())
	g.GET("/healthz", s.healthShow)
	// Global Privacy Control support resource: this site honours Sec-GPC: 1 on customers' pages and the widget.
	g.GET("/.well-known/gpc.json", s.gpcSupportShow)

	// Customer pages.
	g.GET("/s/:token", s.sessionExchange)
	me := g.Group("/me", s.limitPages, s.requireCustomer, s.csrf())
	me.GET("", s.meOverview)
	me.GET("/systems/:slug", s.meSystemShow)
	me.GET("/activity", s.meActivity)
	me.GET("/consents", s.meConsentsShow)
	me.POST("/consents", s.meConsentsUpdate)
	me.GET("/consents/receipts/:id", s.meReceiptShow)
	me.GET("/decisions/:id", s.meDecisionShow)
	me.POST("/reviews", s.meReviewsCreate)
	me.GET("/rights", s.meRightsShow)
	me.POST("/rights", s.meRightsCreate)
	me.GET("/export.json", s.meExportJSON)
	me.GET("/export.csv", s.meExportCSV)
	me.POST("/logout", s.meLogoutCreate)
	me.GET("/assistants", s.meAssistantsShow)
	me.POST("/assistants/:id/revoke", s.meAssistantRevoke)
	me.GET("/assistants/confirm/:id", s.meAssistantConfirmShow)
	me.POST("/assistants/confirm/:id", s.meAssistantConfirmCreate)

	// The brand's AI registry, public and machine-readable (JSON-LD in DPV terms), for AI agents and auditors, and
	// the JSON-LD context it and the customer's export.json are written in.
	g.GET("/brands/:slug/ai.json", s.publicRegistryShow)
	// The keys that verify every consent receipt this installation signed, retired ones included.
	g.GET("/.well-known/jwks.json", s.jwksShow)
	g.GET(ldContextPath, s.nsContextShow)

	// Widget brands frame in their own sites: token in the URL and forms, no cookies, brand's frame-ancestors.
	g.GET("/embed/v1", s.embedShow, s.limitPages)
	g.POST("/embed/v1/consents", s.embedConsentsUpdate)
	g.POST("/embed/v1/open", s.embedOpen)
	g.GET("/embed/v1/resize.js", s.embedResizeScript)

	// Staff console and the customer's view of staff access (staff_routes.go).
	s.staffRoutes(e, g)

	// Governance of the brand's AI registry, for privacy and admin staff (admin_routes.go).
	s.adminRoutes(e, g)

	// OAuth 2.1 authorization server: customers connect their own AI assistants (oauth_*.go), brands their agents.
	// The consent screen reads the customer's session and posts its decision with the pages' CSRF token; the
	// machine endpoints are called by the assistant's own HTTP client, without cookies.
	g.GET("/.well-known/oauth-authorization-server", s.oauthServerMetadata)
	g.GET("/.well-known/oauth-protected-resource", s.protectedResourceMetadata)
	g.GET("/.well-known/oauth-protected-resource"+mcpPath, s.protectedResourceMetadata)
	authz := g.Group("/oauth/authorize", s.limitPages, s.csrf())
	authz.GET("", s.oauthAuthorizeShow)
	authz.POST("", s.oauthAuthorizeCreate)
	g.POST("/oauth/register", s.oauthRegisterCreate, s.limitRegistrations())
	g.POST("/oauth/token", s.oauthToken)
	g.POST("/oauth/revoke", s.oauthRevokeCreate)

	// MCP server (Model Context Protocol, Streamable HTTP) for customers' own assistants: a bearer token of the
	// customer's grant, audience-bound to this address, rate-limited per grant (mcp_*.go).
	e.POST(mcpPath, s.mcpServe, s.requireAssistant)
	e.GET(mcpPath, s.mcpServe, s.requireAssistant)
	e.DELETE(mcpPath, s.mcpServe, s.requireAssistant)

	// Brand API: JSON, bearer API key, rate-limited per key (per address before a key is verified). Answers are small and go server to server, so
	// they skip gzip, which would cost more CPU on the ingest path than it saves in bytes.
	g.GET("/api/v1/openapi.json", s.apiOpenAPIShow)
	g.GET(eventSchemaPath, s.apiEventSchemaShow)
	api := e.Group("/api/v1", s.requireAPIKey())
	api.POST("/events", s.apiEventsCreate)
	api.POST("/sessions", s.apiSessionsCreate)
	api.GET("/customers/:external_id/usage", s.apiUsageShow)
	api.POST("/customers/:external_id/consents", s.apiConsentsCreate)
	// Reading what customers decided, to check before using their data, follow changes and answer reviews.
	api.GET("/customers/:external_id/consents", s.apiConsentsShow)
	api.POST("/consents/check", s.apiConsentsCheck)
	api.GET("/purposes/:slug/excluded", s.apiExcludedIndex)
	api.GET("/changes", s.apiChangesIndex)
	api.GET("/reviews", s.apiReviewsIndex)
	api.POST("/reviews/:id", s.apiReviewUpdate)
	api.GET("/rights-requests", s.apiRightsIndex)
	api.POST("/rights-requests/:id", s.apiRightUpdate)
	return e
}
