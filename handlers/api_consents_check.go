package handlers

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// Bounds of a bulk consent check: enough for a batch job's page, small enough to answer in one quick read.
const (
	maxChecks         = 1000
	maxCheckBodyBytes = 1 << 20
)

type consentCheck struct {
	Customer string `json:"customer"`
	Purpose  string `json:"purpose"`
}

type consentCheckRequest struct {
	Checks []consentCheck `json:"checks"`
}

type consentCheckResult struct {
	Customer string `json:"customer"`
	Purpose  string `json:"purpose"`
	Allowed  bool   `json:"allowed"`
	State    string `json:"state"`
	Reason   string `json:"reason"`
}

type consentCheckAnswer struct {
	Results []consentCheckResult `json:"results"`
}

// apiConsentsCheck answers, for up to 1,000 customer and purpose pairs, whether the brand may use the customer's
// data for the purpose now, in the order asked. A customer vitrine does not know has made no choice, so the
// purpose's legal basis decides; a purpose the brand does not have allows nothing.
func (s *Server) apiConsentsCheck(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	var req consentCheckRequest
	err := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, maxCheckBodyBytes)).Decode(&req)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return &problem{Status: http.StatusRequestEntityTooLarge, Extra: map[string]any{"max_body_bytes": maxCheckBodyBytes},
			Detail: "The body is larger than 1 MiB. Send at most 1000 checks per request."}
	case err != nil:
		return apiProblem(http.StatusBadRequest, `The body must be a JSON object like {"checks":[{"customer":"C-1001","purpose":"model-training"}]}: `+err.Error())
	case len(req.Checks) > maxChecks:
		return &problem{Status: http.StatusRequestEntityTooLarge, Extra: map[string]any{"max_checks": maxChecks},
			Detail: "At most 1000 checks per request. Split them into several requests."}
	}
	reg, err := s.DB.Registry(ctx, brand.ID)
	if err != nil {
		return err
	}
	externalIDs := make([]string, 0, len(req.Checks))
	for _, ch := range req.Checks {
		externalIDs = append(externalIDs, ch.Customer)
	}
	known, err := s.DB.CustomersByExternalID(ctx, brand.ID, externalIDs)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(known))
	for _, id := range known {
		ids = append(ids, id)
	}
	states, err := s.DB.ConsentStates(ctx, brand.ID, ids, s.now())
	if err != nil {
		return err
	}
	// An agent's check reads the choices of each customer vitrine knows; of one it does not, nothing is read
	// (and recording it would create the customer).
	read := make([]string, 0, len(known))
	for _, ch := range req.Checks {
		if _, ok := known[ch.Customer]; ok {
			read = append(read, ch.Customer)
		}
	}
	if err := s.recordAgentReads(c, brand, read, agentReadsConsents); err != nil {
		return err
	}
	ans := consentCheckAnswer{Results: make([]consentCheckResult, 0, len(req.Checks))}
	for _, ch := range req.Checks {
		r := consentCheckResult{Customer: ch.Customer, Purpose: ch.Purpose, State: stateUnanswered, Reason: reasonUnknownPurpose}
		p := reg.PurposeBySlug[ch.Purpose]
		id, isKnown := known[ch.Customer]
		switch {
		case p == nil:
		case !isKnown:
			_, r.Allowed, _ = consentVerdict(p, nil)
			r.Reason = reasonUnknownCustomer
		default:
			var st *store.ConsentState
			if x, ok := states[store.ConsentKey{CustomerID: id, PurposeID: p.ID}]; ok {
				st = &x
			}
			r.State, r.Allowed, r.Reason = consentVerdict(p, st)
		}
		ans.Results = append(ans.Results, r)
	}
	return c.JSON(http.StatusOK, ans)
}
