package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

const (
	sessionCookie = "vitrine_session"
	customerKey   = "customer"
)

// customerCtx is who is looking at a customer page: the customer, their brand and their session.
type customerCtx struct {
	Brand     store.Brand
	Customer  store.Customer
	SessionID string
	Session   store.CustomerSession

	// Set when a staff member looks at the customer's pages instead of the customer.
	Staff       bool   // show internal details (event ids, ingest times, receipts, flags)
	StaffBanner string // "viewing as support" banner
	BasePath    string // where the customer's pages live for this viewer ("/me" for the customer)
	StaffActor  string // who, recorded on changes made on the customer's behalf (e.g. the staff email)

	// revs, when the session was read with them, are the customer's data and the registry's revisions as of this
	// request: the memoised reads are checked against them without asking SQLite again.
	revs *store.SessionView
}

func currentCustomer(c echo.Context) *customerCtx {
	cc, _ := c.Get(customerKey).(*customerCtx)
	return cc
}

// requireCustomer lets a request through only with a live customer session, and loads who it is.
// Every customer query is then scoped by this customer's id, never by an id taken from the URL.
func (s *Server) requireCustomer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return pageErr(http.StatusUnauthorized, "error.signed_out", nil)
		}
		sv, err := s.DB.SessionView(c.Request().Context(), ck.Value, s.now())
		if errors.Is(err, store.ErrNotFound) {
			return pageErr(http.StatusUnauthorized, "error.signed_out", nil)
		}
		if err != nil {
			return err
		}
		c.Set(customerKey, &customerCtx{Brand: sv.Brand, Customer: sv.Customer, SessionID: ck.Value, Session: sv.Session, revs: &sv})
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}
