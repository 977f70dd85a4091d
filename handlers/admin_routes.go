package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// adminRoutes registers governance under /admin/ (registry, proposals, coverage, violations, overview, brand
// settings). Privacy and admin staff of a brand run the registry together; marketing reads it with its figures
// and proposes changes, which a privacy or admin colleague approves before customers read them (the registry's
// save handlers turn a marketing save into a proposal). Support gets the forbidden page and a platform admin,
// who belongs to no brand, has no registry here. API keys, agent clients and signing secrets are the admin's alone.
func (s *Server) adminRoutes(e *echo.Echo, g *echo.Group) {
	a := g.Group("/admin", s.csrf(), s.requireStaff(store.RoleMarketing, true))
	privacy := s.requireStaff(store.RolePrivacy, true)
	a.GET("", s.adminOverviewShow)
	a.GET("/systems", s.adminSystemsIndex)
	a.GET("/systems/new", s.adminSystemNew)
	a.POST("/systems", s.adminSystemCreate)
	a.GET("/systems/:slug", s.adminSystemEdit)
	a.POST("/systems/:slug", s.adminSystemUpdate)
	a.GET("/systems/:slug/value", s.adminSystemValueShow)
	a.POST("/systems/:slug/value", s.adminSystemValueUpdate)
	a.GET("/systems/:slug/models", s.adminModelsIndex)
	a.POST("/systems/:slug/models", s.adminModelCreate, privacy)
	a.GET("/purposes", s.adminPurposesIndex)
	a.GET("/purposes/new", s.adminPurposeNew)
	a.POST("/purposes", s.adminPurposeCreate)
	a.GET("/purposes/:slug", s.adminPurposeEdit)
	a.POST("/purposes/:slug", s.adminPurposeUpdate)
	a.GET("/categories", s.adminCategoriesIndex)
	a.GET("/categories/new", s.adminCategoryNew)
	a.POST("/categories", s.adminCategoryCreate)
	a.GET("/categories/:slug", s.adminCategoryEdit)
	a.POST("/categories/:slug", s.adminCategoryUpdate)
	a.GET("/proposals", s.adminProposalsIndex)
	a.GET("/proposals/:id", s.adminProposalShow)
	a.GET("/proposals/:id/edit", s.adminProposalEdit)
	a.POST("/proposals/:id", s.adminProposalUpdate)
	a.POST("/proposals/:id/decision", s.adminProposalDecide, privacy)
	a.POST("/proposals/:id/withdraw", s.adminProposalWithdraw)
	a.GET("/coverage", s.adminCoverageIndex)
	a.GET("/violations", s.adminViolationsIndex, privacy) // lists customers' events: not for marketing
	a.GET("/changes", s.adminChangesIndex)
	a.GET("/settings", s.adminSettingsShow, privacy)
	a.POST("/settings/origins", s.adminOriginsUpdate, privacy)
	a.POST("/settings/theme", s.adminThemeUpdate, privacy)
	a.POST("/settings/portal", s.adminPortalUpdate, privacy)
	a.POST("/settings/proofs", s.adminProofsUpdate, privacy)
	a.GET("/settings/gpc", s.adminGPCShow, privacy)
	a.POST("/settings/gpc", s.adminGPCUpdate, privacy)
	admin := s.requireStaff(store.RoleAdmin, true)
	a.POST("/settings/keys", s.adminKeyCreate, admin)
	a.POST("/settings/keys/:id/revoke", s.adminKeyRevoke, admin)
	a.POST("/settings/rotate", s.adminSecretRotate, admin)
	a.GET("/webhooks", s.adminWebhooksIndex, privacy)
	a.GET("/webhooks/:id", s.adminWebhookShow, privacy)
	a.POST("/webhooks", s.adminWebhookCreate, admin)
	a.POST("/webhooks/:id/ping", s.adminWebhookPing, admin)
	a.POST("/webhooks/:id/enable", s.adminWebhookEnable, admin)
	a.POST("/webhooks/:id/delete", s.adminWebhookDelete, admin)
	a.POST("/webhooks/:id/deliveries/:delivery/replay", s.adminWebhookReplay, admin)
	a.GET("/agents", s.adminAgentsIndex, privacy)
	a.POST("/agents", s.adminAgentCreate, admin)
	a.POST("/agents/:id/revoke", s.adminAgentRevoke, admin)
	a.POST("/settings/public-keys", s.adminPublicKeyCreate, admin)
	a.POST("/settings/public-keys/remove", s.adminPublicKeyRemove, admin)
}
