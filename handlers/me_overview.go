package handlers

import (
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// meOverview is the customer's page: the summary sentence, a card per system, the charts and recent events.
// Everything but the recent events is read from rollups. Each chart is built on its own: when one fails it is
// left out and logged, and the rest of the page still shows.
func (s *Server) meOverview(c echo.Context) error {
	v, err := s.loadCustomerView(c, "overview")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	now := s.now()
	since := windowStart(now)

	usage, catsBySys, err := v.windowUsage(ctx, since)
	if err != nil {
		return err
	}
	recent, err := v.data.Events(ctx, store.EventFilter{From: since}, store.Cursor{}, 8)
	if err != nil {
		return err
	}
	violations, err := v.data.ViolationsBySystem(ctx, since)
	if err != nil {
		return err
	}

	facts, cards := v.summarize(usage, catsBySys, violations)

	vm := views.Overview{Page: v.page, Summary: v.l.Summary(facts), Events: facts.Events, Systems: cards, Recent: v.eventLines(recent.Events), AllURL: v.page.MePath("/activity")}
	vm.Heading = v.l.T("me.title", v.cc.Brand.Name)
	vm.Title = vm.Heading
	if recs, err := v.data.RecentAccess(ctx, 3); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "overview access", "err", err)
	} else {
		vm.Access = v.accessLines(recs)
	}
	if since, err := s.previousVisit(ctx, v, now); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "overview visit", "err", err)
	} else {
		if vm.Changes, vm.Changed, err = s.registryChanges(ctx, v, usage, since); err != nil {
			s.Log.ErrorContext(c.Request().Context(), "overview changes", "err", err)
		}
		if vm.Answers, err = s.answerNotices(ctx, v, since); err != nil {
			s.Log.ErrorContext(c.Request().Context(), "overview answers", "err", err)
		}
	}
	if cf, err := s.loadConsentFacts(ctx, v, now); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "overview consents", "err", err)
	} else {
		vm.Consents = v.consentControls(cf)
	}
	if facts.Events > 0 {
		vm.Charts = s.overviewCharts(c, v, usage, catsBySys)
		vm.Page.Charts = len(vm.Charts) > 0
	}
	return Render(c, http.StatusOK, views.MeOverview(vm))
}

// summaryFacts counts what the 12-month sentence says of the customer's usage: one count for the overview, the
// widget and assistants (the MCP summary tool), so all three say the same.
func (v *customerView) summaryFacts(usage []store.SystemUsage) plain.SummaryFacts {
	facts := plain.SummaryFacts{Months: windowMonths, Systems: len(usage), BrandName: v.cc.Brand.Name}
	purposes := map[int64]bool{}
	for _, u := range usage {
		facts.Events += u.Count
		if u.Trained > 0 {
			facts.Learned++
		}
		for pid := range u.Purposes {
			purposes[pid] = true
		}
	}
	facts.Purposes = len(purposes)
	return facts
}

// summarize is the overview's 12-month sentence and its cards, one per system, for the page and for assistants.
func (v *customerView) summarize(usage []store.SystemUsage, catsBySys map[int64][]store.IDCount, violations map[int64]int) (plain.SummaryFacts, []views.SystemCard) {
	cards := make([]views.SystemCard, 0, len(usage))
	// Systems that used data without the consent it needed come first: that is what a customer must see.
	for _, u := range violationsFirst(usage, violations) {
		if sys := v.reg.Systems[u.SystemID]; sys != nil {
			card := v.systemCard(sys, u, catsBySys[u.SystemID])
			if n := violations[sys.ID]; n > 0 {
				card.Violations = v.l.N("system.violations", n)
			}
			cards = append(cards, card)
		}
	}
	return v.summaryFacts(usage), cards
}

// overviewCharts builds the three charts; the purpose and category charts sum what the cards already read, so
// only the monthly chart costs a query of its own.
func (s *Server) overviewCharts(c echo.Context, v *customerView, usage []store.SystemUsage, catsBySys map[int64][]store.IDCount) []views.Chart {
	ctx := c.Request().Context()
	now := s.now()
	since := windowStart(now)
	var out []views.Chart
	if counts, err := v.data.UsageByMonth(ctx, since, 0); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "activity chart", "err", err)
	} else {
		out = append(out, v.activityChart("chart-activity", v.l.T("chart.activity.title"), now, counts))
	}
	out = append(out, v.purposeChart(usage))
	out = append(out, v.categoryChart(categoryTotals(catsBySys)))
	return out
}

// categoryTotals adds up the uses of each data category over every system, most used first.
func categoryTotals(bySys map[int64][]store.IDCount) []store.IDCount {
	sum := map[int64]int{}
	for _, cats := range bySys {
		for _, c := range cats {
			sum[c.ID] += c.N
		}
	}
	out := make([]store.IDCount, 0, len(sum))
	for id, n := range sum {
		out = append(out, store.IDCount{ID: id, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].ID < out[j].ID
	})
	return out
}
