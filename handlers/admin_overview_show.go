package handlers

import (
	"net/http"
	"net/url"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminOverviewShow is the governance overview. Each widget is built on its own: one that fails is logged and
// left out, so a broken query never hides the rest of the picture.
func (s *Server) adminOverviewShow(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	vm := views.AdminOverviewPage{AdminPage: s.adminPage(c, "overview", "admin.overview.title")}
	l := vm.L
	now := s.now()
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	v := adminCustomerView(sc.Brand, reg, l.Locale())
	missing := false
	skip := func(widget string, err error) {
		s.Log.ErrorContext(c.Request().Context(), "admin overview widget", "widget", widget, "brand", sc.Brand.Slug, "err", err)
		missing = true
	}

	if gaps, err := s.DB.Coverage(ctx, sc.Brand.ID, adminLocales); err != nil {
		skip("coverage", err)
	} else {
		vm.Alerts = append(vm.Alerts, views.AdminLink{Label: l.N("admin.overview.gaps", len(gaps)), URL: "/admin/coverage"})
	}
	// Late rights requests are the privacy team's to act on first: the law gave the customer a date.
	if n, err := s.DB.CountOverdueRights(ctx, sc.Brand.ID, now); err != nil {
		skip("overdue rights requests", err)
	} else {
		vm.Alerts = append(vm.Alerts, views.AdminLink{Label: l.T("admin.overview.rights_overdue", l.Number(n)), URL: linkIf(sc.can(store.RoleSupport), "/staff/rights?status=overdue")})
	}
	// Customers' own assistants: how many are connected and how much they read, from the daily counts.
	if u, err := s.DB.AssistantUseAt(ctx, sc.Brand.ID, now); err != nil {
		skip("assistants", err)
	} else {
		vm.Alerts = append(vm.Alerts, views.AdminLink{Label: l.T("admin.assistants", l.Number(u.Connected), l.Number(int(u.Calls30d)))})
	}
	bySystem, err := s.DB.BrandUsageByMonth(ctx, sc.Brand.ID, windowStart(now), "system")
	if err != nil {
		skip("usage by system", err)
	} else {
		violations := 0
		for _, m := range bySystem {
			violations += m.Violations
		}
		vm.Alerts = append(vm.Alerts, views.AdminLink{Label: l.N("admin.overview.violations", violations), URL: linkIf(sc.can(store.RolePrivacy), "/admin/violations")})
		vm.Charts = append(vm.Charts, brandUsageChart(v, "chart-by-system", l.T("admin.chart.by_system"), now, bySystem, v.systemName, v.systemColour))
	}
	if byPurpose, err := s.DB.BrandUsageByMonth(ctx, sc.Brand.ID, windowStart(now), "purpose"); err != nil {
		skip("usage by purpose", err)
	} else {
		vm.Charts = append(vm.Charts, brandUsageChart(v, "chart-by-purpose", l.T("admin.chart.by_purpose"), now, byPurpose, v.purposeName, v.purposeColour))
	}
	if rates, err := s.DB.OptInRates(ctx, sc.Brand.ID); err != nil {
		skip("opt-in rates", err)
	} else {
		t := optInTable(v, rates)
		t.Caption = l.T("admin.optin.title")
		vm.OptIns = &t
		if len(rates) > 0 {
			vm.Charts = append(vm.Charts, optInChart(v, rates))
		}
	}
	if rows, err := s.DB.DecisionCoverageByBrand(ctx, sc.Brand.ID); err != nil {
		skip("decision coverage", err)
	} else {
		vm.Decisions = decisionTable(v, reg, rows)
	}
	if missing {
		vm.Missing = l.T("admin.overview.missing")
	}
	vm.Page.Charts = len(vm.Charts) > 0
	return Render(c, http.StatusOK, views.AdminOverview(vm))
}

// brandUsageChart is the brand's uses per month over the window, stacked by system or purpose, with a table of
// the same numbers; each system or purpose keeps the colour it has on the customer pages.
func brandUsageChart(v *customerView, id, title string, now time.Time, counts []store.BrandMonthCount, name, colour func(int64) string) views.Chart {
	points := make([]monthPoint, len(counts))
	for i, mc := range counts {
		points[i] = monthPoint{Month: mc.Month, ID: mc.ID, N: mc.N}
	}
	option, table, total, n := v.monthlyStack(now, points, name, colour)
	return views.Chart{ID: id, Title: title, Option: option, Table: table, Tall: true, Fallback: v.l.T("chart.fallback"),
		Summary: v.l.T("admin.chart.summary", v.l.Number(total), v.l.Number(n))}
}

// decisionTable is, for each deciding system (and any system decisions were counted for), how many of its
// decisions came with what counted: the figure that says whether customers get their reasons. It reads the
// counters ingest keeps, never the events.
func decisionTable(v *customerView, reg *store.Registry, rows []store.DecisionCoverage) *views.AdminTable {
	l := v.l
	t := &views.AdminTable{Caption: l.T("admin.decisions.title"), Empty: l.T("admin.decisions.empty"),
		Head: []string{l.T("admin.decisions.system"), l.T("admin.decisions.column")}}
	counted := map[int64]store.DecisionCoverage{}
	for _, r := range rows {
		counted[r.SystemID] = r
	}
	for _, sys := range reg.SystemOrder {
		r, ok := counted[sys.ID]
		if !sys.AutomatedDecision && !ok {
			continue
		}
		share := "–"
		if r.Decisions > 0 {
			share = l.T("admin.percent", l.Number(int((r.Explained*100+r.Decisions/2)/r.Decisions)))
		}
		t.Rows = append(t.Rows, views.AdminRow{URL: "/admin/systems/" + url.PathEscape(sys.Slug),
			Cells: []string{v.systemName(sys.ID), l.T("admin.decisions.share", l.Number(int(r.Explained)), l.Number(int(r.Decisions)), share)}})
	}
	return t
}

// optInTable is, per consent purpose customers answered, how many said yes out of how many answered.
func optInTable(v *customerView, rates []store.OptIn) views.AdminTable {
	t := views.AdminTable{Empty: v.l.T("admin.optin.empty"),
		Head: []string{v.l.T("table.purpose"), v.l.T("admin.optin.granted"), v.l.T("admin.optin.answered"), v.l.T("admin.optin.rate")}}
	for _, r := range rates {
		rate := "–"
		if r.Answered > 0 {
			rate = v.l.T("admin.percent", v.l.Number((r.Granted*100+r.Answered/2)/r.Answered))
		}
		t.Rows = append(t.Rows, views.AdminRow{Cells: []string{v.purposeName(r.PurposeID), v.l.Number(r.Granted), v.l.Number(r.Answered), rate}})
	}
	return t
}

// optInChart is the share of customers who said yes to each consent purpose, as horizontal bars out of 100.
func optInChart(v *customerView, rates []store.OptIn) views.Chart {
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithColorsOpts(palette),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Inverse: opts.Bool(true)}),
		// The bars lie down (XYReversal): the x axis holds the percentages, in whole steps.
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100, MinInterval: 1}))
	labels := make([]string, 0, len(rates))
	data := make([]opts.BarData, 0, len(rates))
	table := views.Table{Caption: v.l.T("chart.table.show"), Head: []string{v.l.T("table.purpose"), v.l.T("admin.optin.rate")}}
	for _, r := range rates {
		pct := 0
		if r.Answered > 0 {
			pct = (r.Granted*100 + r.Answered/2) / r.Answered
		}
		name := v.purposeName(r.PurposeID)
		labels = append(labels, name)
		data = append(data, opts.BarData{Value: pct, ItemStyle: &opts.ItemStyle{Color: v.purposeColour(r.PurposeID)}})
		table.Rows = append(table.Rows, []string{name, v.l.T("admin.percent", v.l.Number(pct))})
	}
	bar.SetXAxis(labels)
	bar.AddSeries(v.l.T("admin.optin.rate"), data)
	bar.XYReversal()
	bar.Validate()
	return views.Chart{ID: "chart-optin", Title: v.l.T("admin.optin.chart"), Option: bar.JSON(), Table: table, Fallback: v.l.T("chart.fallback"),
		Summary: v.l.T("admin.optin.summary", v.l.Number(len(rates)))}
}

// linkIf is url when the reader may open it, else no link: marketing reads the counts but not the customers' lists.
func linkIf(may bool, url string) string {
	if may {
		return url
	}
	return ""
}
