package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

type consentAPIRequest struct {
	Purpose string  `json:"purpose"`
	State   string  `json:"state"`
	Shown   *string `json:"previous_state"` // nil: not sent, so not checked
}

type consentAPIAnswer struct {
	ReceiptID     string    `json:"receipt_id"`
	Customer      string    `json:"customer"`
	Purpose       string    `json:"purpose"`
	State         string    `json:"state"`
	LegalBasis    string    `json:"legal_basis"`
	Method        string    `json:"method"`
	PolicyVersion string    `json:"policy_version"`
	At            time.Time `json:"at"`
}

// apiConsentsCreate records a choice the customer made in the brand's own systems (a preference centre, a
// call centre), through the same code path as the customer's page, with method "api". previous_state (the state
// the brand believed current: "granted", "refused" or "") guards against overwriting a newer choice; a brand that
// leaves it out asks for no such check (issue 14: a generated client omits it, and got 409 for a choice never made).
func (s *Server) apiConsentsCreate(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	cust, err := s.DB.CustomerByExternalID(ctx, brand.ID, c.Param("external_id"))
	if errors.Is(err, store.ErrNotFound) {
		return apiProblem(http.StatusNotFound, "No customer of your brand has this id.")
	}
	if err != nil {
		return err
	}
	var req consentAPIRequest
	if err := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 16<<10)).Decode(&req); err != nil {
		return apiProblem(http.StatusBadRequest, `The body must be a JSON object like {"purpose":"model-training","state":"refused","previous_state":"granted"}: `+err.Error())
	}
	reg, err := s.DB.Registry(ctx, brand.ID)
	if err != nil {
		return err
	}
	ch, p, err := s.changeConsent(ctx, reg, consentRequest{Brand: brand, Customer: cust, Purpose: req.Purpose, State: req.State,
		Shown: deref(req.Shown), Unseen: req.Shown == nil, Method: "api"}, s.now())
	switch {
	case errors.Is(err, errUnknownPurpose):
		return apiProblem(http.StatusUnprocessableEntity, "purpose: your brand has no purpose with this slug.")
	case errors.Is(err, errBadState):
		return apiProblem(http.StatusUnprocessableEntity, "state: must be granted or refused.")
	case errors.Is(err, errNotRefusable):
		return apiProblem(http.StatusUnprocessableEntity, "purpose: its legal basis ("+p.LegalBasis+") does not let the customer refuse it.")
	case errors.Is(err, errSameState):
		return apiProblem(http.StatusConflict, "state equals previous_state: nothing to change.")
	case errors.Is(err, store.ErrStaleConsent):
		return apiProblem(http.StatusConflict, "previous_state is not the customer's current choice: it changed since you read it. Read the usage again and retry.")
	case err != nil:
		return err
	}
	return c.JSON(http.StatusCreated, consentAPIAnswer{ReceiptID: ch.ReceiptID, Customer: cust.ExternalID, Purpose: p.Slug, State: ch.State,
		LegalBasis: ch.LegalBasis, Method: ch.Method, PolicyVersion: ch.PolicyVersion, At: ch.At.UTC().Truncate(time.Second)})
}

// deref is the string s points to, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
