package handlers

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// meReviewsCreate records the customer's request that a person review one of their automated decisions
// (GDPR Art. 22), then goes back to the system page where the decision and the request's state are shown.
func (s *Server) meReviewsCreate(c echo.Context) error {
	v, err := s.loadCustomerView(c, "overview")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.FormValue("event"), 10, 64)
	if err != nil || id <= 0 {
		return pageErr(http.StatusBadRequest, "error.bad_request", err)
	}
	ev, err := s.DB.EventByID(ctx, v.cc.Customer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	sys := v.reg.Systems[ev.SystemID]
	kind := c.FormValue("kind")
	if kind == "" {
		kind = store.KindReview // the system page's form asks for a review only
	}
	if !slices.Contains(store.ReviewKinds, kind) {
		return pageErr(http.StatusBadRequest, "error.bad_request", nil)
	}
	msg := strings.TrimSpace(c.FormValue("message"))
	// From the decision's own page, the answer goes back there; from the system page, to its list of decisions.
	back := func(outcome string) error {
		if c.FormValue("from") == "decision" {
			return c.Redirect(http.StatusSeeOther, v.page.MePath("/decisions/"+strconv.FormatInt(ev.ID, 10))+"?sent="+outcome+"#act-h")
		}
		if outcome == "ok" {
			outcome = "asked" // the system page's notice for a request sent (reviewNotices)
		}
		return c.Redirect(http.StatusSeeOther, v.page.MePath("/systems/"+sys.Slug)+"?review="+outcome+"#decisions")
	}
	switch {
	case utf8.RuneCountInString(msg) > 1000:
		return back("long")
	case msg == "" && kind != store.KindReview:
		return back("empty") // a point of view or a contest says something
	}
	method := "web"
	if v.cc.Staff {
		method = "staff"
	}
	_, err = s.DB.RequestReview(ctx, v.cc.Customer.ID, ev.ID, kind, msg, method, s.now())
	switch {
	case errors.Is(err, store.ErrAlreadyRequested):
		return back("again")
	case errors.Is(err, store.ErrNotReviewable):
		return back("not")
	case err != nil:
		return err
	}
	return back("ok")
}

// reviewNotices maps the outcome a redirect carries to its message.
var reviewNotices = map[string]struct {
	key string
	err bool
}{
	"asked": {"decisions.asked", false}, "again": {"decisions.error.again", true},
	"not": {"decisions.error.not", true}, "long": {"decisions.error.long", true},
}

// decisionLines lists the customer's most recent automated decisions by one system since since (the page's
// window, which its counts cover) with the state of any review request.
func (s *Server) decisionLines(c echo.Context, v *customerView, sys *store.AISystem, since time.Time) ([]views.DecisionLine, error) {
	ctx := c.Request().Context()
	page, err := v.data.Events(ctx, store.EventFilter{SystemID: sys.ID, Action: store.ActionDecision, From: since}, store.Cursor{}, systemPageEvents)
	if err != nil || len(page.Events) == 0 {
		return nil, err
	}
	byEvent := v.reviewsByEvent()
	lines := v.eventLines(page.Events)
	out := make([]views.DecisionLine, len(lines))
	for i, e := range page.Events {
		d := views.DecisionLine{Event: lines[i], EventID: e.ID}
		if r, ok := byEvent[e.ID]; ok {
			// Already sent for review: the sentence says when; no second request is offered.
			if r.Status == store.ReviewReviewed {
				d.Answer = &views.Quote{Label: v.l.T("decisions.answer"), Text: r.Outcome, Lang: v.brandLang(r.OutcomeLang)}
			} else {
				d.ReviewText = v.l.T("decisions.pending")
			}
		} else {
			d.CanRequest = e.HumanReview || sys.AutomatedDecision
		}
		out[i] = d
	}
	return out, nil
}
