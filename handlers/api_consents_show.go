package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

type consentStateAnswer struct {
	Purpose    string     `json:"purpose"`
	State      string     `json:"state"` // granted, refused or unanswered
	Since      *time.Time `json:"since,omitempty"`
	ReceiptID  string     `json:"receipt_id,omitempty"`
	LegalBasis string     `json:"legal_basis"`
	CanRefuse  bool       `json:"can_refuse"`
	Allowed    bool       `json:"allowed"`
	Reason     string     `json:"reason"`
}

type consentsAnswer struct {
	Customer string               `json:"customer"`
	Consents []consentStateAnswer `json:"consents"`
}

// apiConsentsShow tells the brand where a customer stands now on every purpose of the brand, with the receipt of
// the choice and whether the data may be used, so that a job can check before it uses the customer's data.
func (s *Server) apiConsentsShow(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	cust, err := s.DB.CustomerByExternalID(ctx, brand.ID, c.Param("external_id"))
	if errors.Is(err, store.ErrNotFound) {
		return apiProblem(http.StatusNotFound, "No customer of your brand has this id.")
	}
	if err != nil {
		return err
	}
	reg, err := s.DB.Registry(ctx, brand.ID)
	if err != nil {
		return err
	}
	states, err := s.DB.ConsentStates(ctx, brand.ID, []int64{cust.ID}, s.now())
	if err != nil {
		return err
	}
	ans := consentsAnswer{Customer: cust.ExternalID, Consents: []consentStateAnswer{}}
	for _, p := range reg.PurposeOrder {
		var st *store.ConsentState
		if x, ok := states[store.ConsentKey{CustomerID: cust.ID, PurposeID: p.ID}]; ok {
			st = &x
		}
		state, allowed, reason := consentVerdict(p, st)
		a := consentStateAnswer{Purpose: p.Slug, State: state, LegalBasis: p.LegalBasis, CanRefuse: refusable(p), Allowed: allowed, Reason: reason}
		if st != nil {
			since := st.At
			a.Since, a.ReceiptID = &since, st.ReceiptID
		}
		ans.Consents = append(ans.Consents, a)
	}
	if err := s.recordAgentReads(c, brand, []string{cust.ExternalID}, agentReadsConsents); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ans)
}
