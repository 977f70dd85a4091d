package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// rightsAPIStep is one step of a rights request as the API and the customer's export show it.
type rightsAPIStep struct {
	Status   string    `json:"status"`
	Note     string    `json:"note,omitempty"`
	NoteLang string    `json:"note_lang,omitempty"`
	Deadline string    `json:"deadline"`
	By       string    `json:"by,omitempty"`
	At       time.Time `json:"at"`
}

// rightsAPIItem is a rights request as the API and the customer's export show it.
type rightsAPIItem struct {
	ID         int64           `json:"id"`
	Customer   string          `json:"customer"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"`
	Message    string          `json:"message"`
	Method     string          `json:"method"`
	ReceivedAt time.Time       `json:"received_at"`
	Deadline   string          `json:"deadline"`
	Overdue    bool            `json:"overdue"`
	Answer     string          `json:"answer,omitempty"`
	AnswerLang string          `json:"answer_lang,omitempty"`
	AnsweredBy string          `json:"answered_by,omitempty"`
	UpdatedAt  time.Time       `json:"updated_at"`
	History    []rightsAPIStep `json:"history"`
	Kept       []erasureKept   `json:"kept,omitempty"` // a done erasure: what was kept, and why
}

// erasureKept is one record an erasure kept, as the API tells it.
type erasureKept struct {
	Record string `json:"record"`
	Reason string `json:"reason"`
	Years  int    `json:"years,omitempty"`
}

// keptReasons say in English why each record outlives an erasure, for the brand's case system.
var keptReasons = map[string]string{
	store.KeptConsentHistory: "The proof of the customer's consent choices, which the law requires the brand to keep (GDPR Art. 7(1)).",
	store.KeptStaffAccess:    "The record of staff who looked at the customer's data and why: the brand's accountability (GDPR Art. 5(2)).",
	store.KeptRequests:       "The customer's requests and the brand's answers, this one included: the proof that the request was done.",
}

type rightsAPIList struct {
	Status   string          `json:"status"`
	Requests []rightsAPIItem `json:"requests"`
}

// keptYears is how long the brand keeps the proofs an erasure leaves (store.KeptProofYears).
func rightsItem(r store.RightsRequest, externalID string, now time.Time, keptYears int) rightsAPIItem {
	it := rightsAPIItem{ID: r.ID, Customer: externalID, Kind: r.Kind, Status: r.Status, Message: r.Message, Method: r.Method,
		ReceivedAt: r.CreatedAt, Deadline: r.DueDate, Overdue: r.Overdue(now), Answer: r.Answer, AnswerLang: r.AnswerLang,
		AnsweredBy: r.AnsweredBy, UpdatedAt: r.UpdatedAt, History: []rightsAPIStep{}}
	for _, s := range r.Steps {
		it.History = append(it.History, rightsAPIStep{Status: s.Status, Note: s.Note, NoteLang: s.NoteLang, Deadline: s.DueDate, By: s.Actor, At: s.At})
	}
	if r.Kind == store.RightsErase && r.Status == store.RightsDone {
		for _, k := range store.ErasedKept {
			kept := erasureKept{Record: k, Reason: keptReasons[k]}
			if k != store.KeptRequests {
				kept.Years = keptYears
			}
			it.Kept = append(it.Kept, kept)
		}
	}
	return it
}

// apiRightsIndex lists the brand's rights requests for its case system: open ones (the default) by deadline,
// overdue ones first; only the overdue ones; or the answered ones, latest first.
func (s *Server) apiRightsIndex(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	filter := c.QueryParam("status")
	if filter == "" {
		filter = store.RightsFilterOpen
	}
	if filter != store.RightsFilterOpen && filter != store.RightsFilterOverdue && filter != store.RightsFilterDone {
		return apiProblem(http.StatusBadRequest, "status: must be open, overdue or done.")
	}
	now := s.now()
	years, err := s.DB.KeptProofYears(ctx, brand.ID)
	if err != nil {
		return err
	}
	rs, err := s.DB.RightsQueue(ctx, brand.ID, filter, now, 500)
	if err != nil {
		return err
	}
	out := rightsAPIList{Status: filter, Requests: []rightsAPIItem{}}
	ids := externalIDs{db: s.DB}
	for _, r := range rs {
		ext, err := ids.of(ctx, r.CustomerID)
		if err != nil {
			return err
		}
		out.Requests = append(out.Requests, rightsItem(r, ext, now, years))
	}
	return c.JSON(http.StatusOK, out)
}

// externalIDs reads customers' external ids once per request.
type externalIDs struct {
	db   *store.DB
	seen map[int64]string
}

func (e *externalIDs) of(ctx context.Context, customerID int64) (string, error) {
	if id, ok := e.seen[customerID]; ok {
		return id, nil
	}
	cust, err := e.db.CustomerByID(ctx, customerID)
	if err != nil {
		return "", err
	}
	if e.seen == nil {
		e.seen = map[int64]string{}
	}
	e.seen[customerID] = cust.ExternalID
	return cust.ExternalID, nil
}
