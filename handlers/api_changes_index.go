package handlers

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
)

// Bounds of the change feed: a page of changes, and how long a long poll may hold the request open.
const (
	defaultChanges = 100
	maxChanges     = 1000
	maxChangesWait = 30 * time.Second
	changesPoll    = 250 * time.Millisecond
)

type changeItem struct {
	ID        string          `json:"id"`
	Cursor    string          `json:"cursor"`
	Type      string          `json:"type"`
	CreatedAt time.Time       `json:"created_at"`
	Customer  string          `json:"customer,omitempty"`
	Data      json.RawMessage `json:"data"`
}

type changesAnswer struct {
	Changes []changeItem `json:"changes"`
	Next    string       `json:"next"`
}

// apiChangesIndex reads the brand's change feed after a cursor, oldest first. next is the cursor to pass next
// time; it stays the same when nothing is new, so a poller loops on it. With wait, an answer that would be empty
// waits up to that long for a change, so a poller hears of one at once without asking every second.
func (s *Server) apiChangesIndex(c echo.Context) error {
	brand := apiBrand(c)
	ctx := c.Request().Context()
	var after int64
	if q := c.QueryParam("after"); q != "" {
		cur, ok := parseAPICursor(q, "c", 1)
		if !ok {
			return apiProblem(http.StatusBadRequest, "after: not a cursor of the change feed. Pass the next value of the previous answer as it is.")
		}
		after = cur[0]
	}
	limit, pr := apiLimit(c.QueryParam("limit"), defaultChanges, maxChanges)
	if pr != nil {
		return pr
	}
	var types []string
	if q := c.QueryParam("types"); q != "" {
		for _, t := range strings.Split(q, ",") {
			if !slices.Contains(store.ChangeTypes, t) {
				return apiProblem(http.StatusBadRequest, "types: "+t+" is not a type of change. Use a comma-separated list of: "+strings.Join(store.ChangeTypes, ", ")+".")
			}
			types = append(types, t)
		}
	}
	var wait time.Duration
	if q := c.QueryParam("wait"); q != "" {
		d, err := time.ParseDuration(q)
		if err != nil || d < 0 || d > maxChangesWait {
			return apiProblem(http.StatusBadRequest, "wait: must be a duration from 0s to 30s, like 30s.")
		}
		wait = d
	}

	changes, err := s.DB.Changes(ctx, brand.ID, after, types, limit)
	if err != nil {
		return err
	}
	if len(changes) == 0 && wait > 0 {
		changes, err = s.waitForChanges(c, brand.ID, after, types, limit, wait)
		if err != nil {
			return err
		}
	}
	var custIDs []int64
	for _, ch := range changes {
		if ch.CustomerID != 0 {
			custIDs = append(custIDs, ch.CustomerID)
		}
	}
	names, err := s.DB.CustomerExternalIDs(ctx, brand.ID, custIDs)
	if err != nil {
		return err
	}
	ans := changesAnswer{Changes: []changeItem{}, Next: apiCursor("c", after)}
	for _, ch := range changes {
		ans.Next = apiCursor("c", ch.Seq)
		ans.Changes = append(ans.Changes, changeItem{ID: ch.MsgID, Cursor: ans.Next, Type: ch.Type, CreatedAt: ch.CreatedAt,
			Customer: names[ch.CustomerID], Data: ch.Data})
	}
	return c.JSON(http.StatusOK, ans)
}

// waitForChanges reads the feed again every changesPoll until a change comes, wait passes, or the client goes
// away. Durations, not the clock, bound it, so a test clock that stands still does not hold a request forever.
func (s *Server) waitForChanges(c echo.Context, brandID, after int64, types []string, limit int, wait time.Duration) ([]store.Change, error) {
	ctx := c.Request().Context()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	tick := time.NewTicker(changesPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, nil
		case <-deadline.C:
			return nil, nil
		case <-tick.C:
			changes, err := s.DB.Changes(ctx, brandID, after, types, limit)
			if err != nil || len(changes) > 0 {
				return changes, err
			}
		}
	}
}
