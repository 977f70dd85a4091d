package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/ingest"
	"vitrine/plain"
	"vitrine/store"
	"vitrine/token"
)

// Session link lifetimes: short by default, like a billing-portal session, because the link is a bearer secret.
const (
	defaultLinkTTL = 5 * time.Minute
	maxLinkTTL     = time.Hour
)

// maxEmailLen is the longest address SMTP carries (RFC 5321: a 254-byte path without its brackets).
const maxEmailLen = 254

// sessionRequest is what the brand sends. Customer, email and name are kept undecoded until checked with the
// rules ingest applies to ids, which look at the raw bytes (decoding would silently mend invalid UTF-8).
type sessionRequest struct {
	Customer   json.RawMessage `json:"customer"`
	Email      json.RawMessage `json:"email"`
	Name       json.RawMessage `json:"name"`
	Locale     string          `json:"locale"`
	TTLSeconds int             `json:"ttl_seconds"`
}

type sessionAnswer struct {
	URL       string    `json:"url"`
	Customer  string    `json:"customer"`
	ExpiresAt time.Time `json:"expires_at"`
}

// apiSessionsCreate returns a short-lived, single-use link that signs a customer in to their vitrine page.
// The brand's backend redirects its signed-in customer there. A customer vitrine has not seen yet is created.
// Nothing is created or updated unless every field is right.
func (s *Server) apiSessionsCreate(c echo.Context) error {
	brand := apiBrand(c)
	var req sessionRequest
	dec := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 64<<10))
	if err := dec.Decode(&req); err != nil {
		return apiProblem(http.StatusBadRequest, "The body must be a JSON object like {\"customer\":\"C-1001\"}: "+err.Error())
	}
	var errs []map[string]string
	customer, msg := ingest.ID(req.Customer, true)
	if msg != "" {
		errs = append(errs, map[string]string{"field": "customer", "message": msg})
	}
	email, msg := ingest.ID(req.Email, false)
	if msg == "" && email != "" && (len(email) > maxEmailLen || !store.ValidStaffEmail(email)) {
		msg = fmt.Sprintf("must be an email address alone, like camille.martin@example.com, at most %d bytes", maxEmailLen)
	}
	if msg != "" {
		errs = append(errs, map[string]string{"field": "email", "message": msg})
	}
	name, msg := ingest.ID(req.Name, false)
	if msg != "" {
		errs = append(errs, map[string]string{"field": "name", "message": msg})
	}
	if req.Locale != "" {
		if _, ok := plain.Negotiate(req.Locale); !ok {
			errs = append(errs, map[string]string{"field": "locale", "message": "must be en or fr"})
		}
	}
	ttl := defaultLinkTTL
	if req.TTLSeconds != 0 {
		ttl = time.Duration(req.TTLSeconds) * time.Second
		if ttl <= 0 || ttl > maxLinkTTL {
			errs = append(errs, map[string]string{"field": "ttl_seconds", "message": "must be between 1 and 3600"})
		}
	}
	if len(errs) > 0 {
		return &problem{Status: http.StatusUnprocessableEntity, Detail: "Some fields are not right.", Extra: map[string]any{"errors": errs}}
	}
	if loc, ok := plain.Negotiate(req.Locale); ok {
		req.Locale = loc
	}
	cust, err := s.DB.EnsureCustomer(c.Request().Context(), store.Customer{BrandID: brand.ID, ExternalID: customer, Email: email, Name: name, Locale: req.Locale})
	if err != nil {
		return err
	}
	keys, err := s.DB.BrandKeys(c.Request().Context(), brand.ID, s.now())
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return apiProblem(http.StatusConflict, "This brand has no signing key. Rotate its secret first.")
	}
	now := s.now()
	tok, err := token.Sign(token.Key{KID: keys[0].KID, Secret: keys[0].Secret}, brand.Slug, cust.ExternalID, token.AudSession, ttl, now)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, sessionAnswer{URL: s.BaseURL + "/s/" + tok, Customer: cust.ExternalID, ExpiresAt: now.Add(ttl).UTC().Truncate(time.Second)})
}
