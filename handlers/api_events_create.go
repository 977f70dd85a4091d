package handlers

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/ingest"
	"vitrine/metrics"
	"vitrine/store"
)

// eventResult is one event's fate in the ingest answer.
type eventResult struct {
	Index            int                 `json:"index"`
	Line             int                 `json:"line,omitempty"`
	ID               string              `json:"id,omitempty"`
	Status           string              `json:"status"`
	ConsentViolation bool                `json:"consent_violation,omitempty"`
	Unregistered     bool                `json:"unregistered,omitempty"`
	Errors           []ingest.FieldError `json:"errors,omitempty"`
}

// ingestAnswer is the body of a 200 answer to a batch.
type ingestAnswer struct {
	Accepted   int           `json:"accepted"`
	Duplicates int           `json:"duplicates"`
	Rejected   int           `json:"rejected"`
	Violations int           `json:"consent_violations"`
	Results    []eventResult `json:"results"`
}

// apiEventsCreate takes a batch of events (JSON {"events":[…]} or NDJSON), refuses the bad ones one by one
// with the field and the reason, and stores the rest in one transaction. It answers only after the commit, so an
// acknowledged event is never lost; a retry of the same batch finds every event a duplicate and counts nothing twice.
func (s *Server) apiEventsCreate(c echo.Context) error {
	brand := apiBrand(c)
	req := c.Request()
	body := http.MaxBytesReader(c.Response(), req.Body, ingest.MaxBodyBytes)
	items, err := ingest.DecodeBatch(body, req.Header.Get(echo.HeaderContentType), s.now())
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || errors.Is(err, ingest.ErrTooLarge):
		s.Metrics.IngestRefused(metrics.RefusedTooLarge)
		return &problem{Status: http.StatusRequestEntityTooLarge, Extra: map[string]any{"max_body_bytes": ingest.MaxBodyBytes},
			Detail: fmt.Sprintf("The body is larger than %d bytes. Split the batch.", ingest.MaxBodyBytes)}
	case errors.Is(err, ingest.ErrTooMany):
		s.Metrics.IngestRefused(metrics.RefusedTooMany)
		return &problem{Status: http.StatusRequestEntityTooLarge, Extra: map[string]any{"max_events": ingest.MaxBatchEvents},
			Detail: fmt.Sprintf("A batch holds at most %d events. Split the batch.", ingest.MaxBatchEvents)}
	case errors.Is(err, ingest.ErrEmpty):
		s.Metrics.IngestRefused(metrics.RefusedEmpty)
		return apiProblem(http.StatusBadRequest, "The batch holds no event. Send {\"events\":[…]} or one event per line (NDJSON).")
	case err != nil:
		s.Metrics.IngestRefused(metrics.RefusedUnreadable)
		return apiProblem(http.StatusBadRequest, err.Error())
	}

	ans := ingestAnswer{Results: make([]eventResult, len(items))}
	var valid []store.EventInput
	var validIdx []int
	unregistered := 0
	for i, it := range items {
		ans.Results[i] = eventResult{Index: it.Index, Line: it.Line, ID: it.ID}
		if len(it.Errors) > 0 {
			ans.Results[i].Status = "rejected"
			ans.Results[i].Errors = it.Errors
			ans.Rejected++
			continue
		}
		valid = append(valid, it.Event)
		validIdx = append(validIdx, i)
	}
	if len(valid) > 0 {
		done := s.ingesting()
		res, err := s.DB.InsertEvents(req.Context(), brand.ID, valid)
		done()
		if err != nil {
			return err
		}
		for j, r := range res {
			out := &ans.Results[validIdx[j]]
			if r.Status == store.StatusExpired {
				out.Status = "rejected"
				out.Errors = []ingest.FieldError{{Field: "occurred_at", Message: store.ExpiredMessage}}
				ans.Rejected++
				continue
			}
			out.Status = r.Status
			out.ConsentViolation = r.Violation
			out.Unregistered = r.Unregistered
			if r.Status == store.StatusAccepted {
				ans.Accepted++
				if r.Violation {
					ans.Violations++
				}
				if r.Unregistered {
					unregistered++
				}
			} else {
				ans.Duplicates++
			}
		}
	}
	// Counted once committed: a batch whose transaction failed stored nothing, and its retry counts it then.
	s.Metrics.IngestEvents(ans.Accepted, ans.Duplicates, ans.Rejected, ans.Violations, unregistered)
	return c.JSON(http.StatusOK, ans)
}
