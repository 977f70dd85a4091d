package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// Bounds of a page of review requests.
const (
	defaultReviews = 100
	maxReviews     = 500
)

type reviewsAnswer struct {
	Reviews []store.ReviewChangeData `json:"reviews"`
	Next    string                   `json:"next"`
}

// apiReviewsIndex lists the brand's review requests in a state (pending by default), oldest first, for the
// brand's case system to answer them. next is the cursor to pass next time, the same when nothing is new.
func (s *Server) apiReviewsIndex(c echo.Context) error {
	brand := apiBrand(c)
	status := c.QueryParam("status")
	if status == "" {
		status = store.ReviewPending
	}
	if status != store.ReviewPending && status != store.ReviewReviewed {
		return apiProblem(http.StatusBadRequest, "status: must be pending or reviewed.")
	}
	var after int64
	if q := c.QueryParam("after"); q != "" {
		cur, ok := parseAPICursor(q, "r", 1)
		if !ok {
			return apiProblem(http.StatusBadRequest, "after: not a cursor of the review list. Pass the next value of the previous answer as it is.")
		}
		after = cur[0]
	}
	limit, pr := apiLimit(c.QueryParam("limit"), defaultReviews, maxReviews)
	if pr != nil {
		return pr
	}
	reviews, err := s.DB.ReviewsData(c.Request().Context(), brand.ID, status, after, limit)
	if err != nil {
		return err
	}
	ans := reviewsAnswer{Reviews: []store.ReviewChangeData{}, Next: apiCursor("r", after)}
	for _, r := range reviews {
		ans.Reviews = append(ans.Reviews, r)
		ans.Next = apiCursor("r", r.ReviewID)
	}
	return c.JSON(http.StatusOK, ans)
}
