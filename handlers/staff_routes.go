package handlers

import (
	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// staffRoutes registers the staff console (sign-in, search, customer view, audit, review queue, team) and the
// customer's list of staff visits. Every console route carries CSRF protection, the sign-in form included, so a
// forged form cannot sign a browser in to an attacker's account either.
func (s *Server) staffRoutes(e *echo.Echo, g *echo.Group) {
	// The customer's own list of staff visits, beside the other customer pages.
	g.GET("/me/access", s.meAccess, s.requireCustomer, s.csrf())

	st := g.Group("/staff", s.csrf())
	st.GET("/login", s.staffLoginShow)
	st.POST("/login", s.staffLoginCreate)
	st.POST("/logout", s.staffLogoutCreate, s.requireStaff(anyRole, false))
	// Single sign-on with the brand's identity provider: from a work address typed on the sign-in page, or from a
	// brand's own link; every provider comes back to the one callback.
	st.POST("/sso", s.staffSSOCreate)
	st.GET("/sso/callback", s.staffSSOCallback)
	st.GET("/sso/:brand", s.staffSSOStart)

	member := s.requireStaff(store.RoleSupport, true) // support, privacy or admin of a brand: marketing sees no customer
	st.GET("", s.staffSearchShow, s.requireStaff(anyRole, false))
	st.GET("/search", s.staffResultsShow, member)
	st.GET("/customers/:customer", s.staffCustomerShow, member)
	st.POST("/customers/:customer", s.staffAccessCreate, member)
	st.GET("/reviews", s.staffReviewsIndex, member)
	st.POST("/reviews/:id", s.staffReviewUpdate, member)
	st.GET("/rights", s.staffRightsIndex, member)
	st.POST("/rights/:id", s.staffRightUpdate, s.requireStaff(store.RolePrivacy, true))
	st.GET("/audit", s.staffAuditIndex, s.requireStaff(store.RolePrivacy, true))
	st.GET("/team", s.staffTeamIndex, s.requireStaff(store.RoleAdmin, false))
	st.POST("/team", s.staffTeamCreate, s.requireStaff(store.RoleAdmin, false))

	// The customer's own pages as the customer sees them, served by the very handlers of /me, once a reason is
	// given; staffViewAs records each page seen. Changes made here (a consent asked for by phone, a review
	// request) take the customer's code path with the method "staff" and the staff member recorded.
	view := st.Group("/customers/:customer/view", member)
	view.GET("", s.meOverview, s.staffViewAs(viewed(store.AccessOverview)))
	view.GET("/systems/:slug", s.meSystemShow, s.staffViewAs(viewedParam("systems/", "slug")))
	view.GET("/activity", s.meActivity, s.staffViewAs(viewed("activity")))
	view.GET("/consents", s.meConsentsShow, s.staffViewAs(viewed("consents")))
	view.POST("/consents", s.meConsentsUpdate, s.staffViewAs(viewed("consents/change")))
	view.GET("/consents/receipts/:id", s.meReceiptShow, s.staffViewAs(viewed("consents/receipts")))
	view.GET("/decisions/:id", s.meDecisionShow, s.staffViewAs(viewedParam("decisions/", "id")))
	view.POST("/reviews", s.meReviewsCreate, s.staffViewAs(viewed("reviews/request")))
	view.GET("/rights", s.meRightsShow, s.staffViewAs(viewed("rights")))
	view.POST("/rights", s.meRightsCreate, s.staffViewAs(viewed("rights/request")))
	view.GET("/access", s.meAccess, s.staffViewAs(viewed("access")))
}
