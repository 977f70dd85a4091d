package handlers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Bounds of the excluded stream: one answer holds up to maxExcluded lines; the brand's customers are read from the
// database excludedPage at a time and each page's lines flushed, so memory stays flat however many customers the
// brand has.
const (
	defaultExcluded = 10000
	maxExcluded     = 100000
	excludedPage    = 1000
)

type exclusionLine struct {
	Customer  string     `json:"customer"`
	Reason    string     `json:"reason"` // refused, withdrawn, objected or never_asked
	Since     *time.Time `json:"since,omitempty"`
	ReceiptID string     `json:"receipt_id,omitempty"`
}

type exclusionEnd struct {
	Next *string `json:"next"` // null at the end of the list
}

// apiExcludedIndex streams, as NDJSON, every customer the brand must leave out of a purpose as of an instant
// (now by default): their latest choice then was a refusal, or the purpose needs consent and they never gave it.
// The last line is always {"next": CURSOR} or {"next": null}; a stream without it was cut and must be read again
// from the last cursor. The cursor holds the instant, so every page of one list answers the same question.
func (s *Server) apiExcludedIndex(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	reg, err := s.DB.Registry(ctx, brand.ID)
	if err != nil {
		return err
	}
	p := reg.PurposeBySlug[c.Param("slug")]
	if p == nil {
		return apiProblem(http.StatusNotFound, "Your brand has no purpose with this slug.")
	}
	now := s.now()
	asOf := now
	if q := c.QueryParam("as_of"); q != "" {
		asOf, err = time.Parse(time.RFC3339, q)
		if err != nil {
			return apiProblem(http.StatusBadRequest, "as_of: must be an RFC 3339 date and time, like 2026-11-29T12:00:00Z.")
		}
		if asOf.After(now) {
			return apiProblem(http.StatusBadRequest, "as_of: must not be in the future: choices made after now are not known yet.")
		}
	}
	var after int64
	if q := c.QueryParam("after"); q != "" {
		cur, ok := parseAPICursor(q, "x", 3)
		if !ok || cur[0] != p.ID {
			return apiProblem(http.StatusBadRequest, "after: not a cursor of this purpose's list. Pass the next value of the previous answer as it is.")
		}
		if c.QueryParam("as_of") != "" && asOf.Unix() != cur[1] {
			return apiProblem(http.StatusBadRequest, "as_of: differs from the instant of the cursor. Leave as_of out when you pass a cursor.")
		}
		asOf, after = time.Unix(cur[1], 0).UTC(), cur[2]
	}
	limit, pr := apiLimit(c.QueryParam("limit"), defaultExcluded, maxExcluded)
	if pr != nil {
		return pr
	}

	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	res.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(res)
	for sent := 0; sent < limit; {
		page, last, err := s.DB.Excluded(ctx, brand.ID, p, asOf, after, excludedPage)
		if err != nil {
			return err // the stream ends without its last line: the client knows to read on from its last cursor
		}
		if last == 0 { // every customer was read
			return enc.Encode(exclusionEnd{})
		}
		after = last
		for i, e := range page {
			line := exclusionLine{Customer: e.ExternalID, Reason: e.Reason, ReceiptID: e.ReceiptID}
			if !e.Since.IsZero() {
				since := e.Since
				line.Since = &since
			}
			if err := enc.Encode(line); err != nil {
				return nil // the client went away
			}
			if sent++; sent == limit && i < len(page)-1 { // the next answer starts after this customer
				after = e.CustomerID
				break
			}
		}
		res.Flush()
	}
	next := apiCursor("x", p.ID, asOf.Unix(), after)
	return enc.Encode(exclusionEnd{Next: &next})
}
