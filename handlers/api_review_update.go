package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/ingest"
	"vitrine/plain"
	"vitrine/store"
)

// apiReviewer is who the customer's page and the feed say answered a review sent through the API.
const apiReviewer = "api"

type reviewAPIRequest struct {
	Outcome string `json:"outcome"`
	Lang    string `json:"lang"`
}

// apiReviewUpdate answers one of the brand's pending review requests from the brand's own case system. The
// answer takes the path of a staff answer (the same record, the customer's page, the feed), with reviewed_by
// "api"; a request already answered is a conflict, another brand's is not found.
func (s *Server) apiReviewUpdate(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	id, ok := parseID(c.Param("id"))
	if !ok {
		return apiProblem(http.StatusNotFound, "Your brand has no review request with this id.")
	}
	rv, err := s.DB.ReviewByID(ctx, brand.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return apiProblem(http.StatusNotFound, "Your brand has no review request with this id.")
	}
	if err != nil {
		return err
	}
	var req reviewAPIRequest
	if err := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 64<<10)).Decode(&req); err != nil {
		return apiProblem(http.StatusBadRequest, `The body must be a JSON object like {"outcome":"We raised your limit to £2,500.","lang":"en"}: `+err.Error())
	}
	outcome := strings.TrimSpace(req.Outcome)
	var errs []ingest.FieldError
	switch n := utf8.RuneCountInString(outcome); {
	case n < 3:
		errs = append(errs, ingest.FieldError{Field: "outcome", Message: "must say what the review found, in at least 3 characters"})
	case n > outcomeMax:
		errs = append(errs, ingest.FieldError{Field: "outcome", Message: "must be at most 2000 characters"})
	}
	if req.Lang != "" && !slices.Contains(plain.Locales, req.Lang) {
		errs = append(errs, ingest.FieldError{Field: "lang", Message: "must be one of " + strings.Join(plain.Locales, ", ") + ", or left out for your brand's default language"})
	}
	if len(errs) > 0 {
		return &problem{Status: http.StatusUnprocessableEntity, Detail: "The answer cannot be recorded as it is.", Extra: map[string]any{"errors": errs}}
	}
	if rv.Status != store.ReviewPending {
		return apiProblem(http.StatusConflict, "This review request was already answered. Read it with GET /api/v1/reviews?status=reviewed.")
	}
	err = s.DB.ResolveReview(ctx, brand.ID, id, apiReviewer, outcome, req.Lang, s.now())
	if errors.Is(err, store.ErrNotFound) { // answered by someone else in the meantime
		return apiProblem(http.StatusConflict, "This review request was already answered. Read it with GET /api/v1/reviews?status=reviewed.")
	}
	if err != nil {
		return err
	}
	ans, err := s.DB.ReviewData(ctx, brand.ID, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ans)
}
