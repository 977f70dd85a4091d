package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// adminViolationsPage is how many violations one page lists.
const adminViolationsPage = 50

// adminViolationsIndex shows uses of data without the consent they needed: the monthly trend by system and by
// purpose (from the brand rollup), then the events, newest first, paged by keyset so any page costs the same.
func (s *Server) adminViolationsIndex(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	var after store.Cursor
	if raw := c.QueryParam("after"); raw != "" {
		cur, ok := parseCursor(raw)
		if !ok {
			return pageErr(http.StatusBadRequest, "error.bad_request", nil)
		}
		after = cur
	}
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	vm := views.AdminViolationsPage{AdminPage: s.adminPage(c, "violations", "admin.violations.title")}
	l := vm.L
	v := adminCustomerView(sc.Brand, reg, l.Locale())
	now := s.now()
	for _, by := range []string{"system", "purpose"} {
		counts, err := s.DB.BrandUsageByMonth(ctx, sc.Brand.ID, windowStart(now), by)
		if err != nil {
			return err
		}
		name := v.systemName
		t := &vm.BySystem
		if by == "purpose" {
			name, t = v.purposeName, &vm.ByPurpose
		}
		*t = violationTrend(v, now, counts, name)
		t.Caption = l.T("admin.violations.by_" + by)
	}
	page, err := s.DB.ViolationEvents(ctx, sc.Brand.ID, after, adminViolationsPage)
	if err != nil {
		return err
	}
	vm.Events = views.AdminTable{Caption: l.T("admin.violations.list"), Empty: l.T("admin.violations.empty"),
		Head: []string{l.T("admin.violations.when"), l.T("table.system"), l.T("table.purpose"), l.T("admin.violations.action"), l.T("admin.violations.ref")}}
	for _, e := range page.Events {
		vm.Events.Rows = append(vm.Events.Rows, views.AdminRow{URL: staffCustomerPath(e.CustomerID),
			Cells: []string{l.DateTime(e.OccurredAt), v.systemName(e.SystemID), v.purposeName(e.PurposeID), l.T("action." + e.Action), e.Key}})
	}
	if page.Next != nil {
		vm.NextURL = "/admin/violations?after=" + formatCursor(*page.Next)
	}
	if !after.IsZero() {
		vm.FirstURL = "/admin/violations"
	}
	return Render(c, http.StatusOK, views.AdminViolations(vm))
}

// violationTrend is a table of violations per month (rows) for each system or purpose that had any (columns).
func violationTrend(v *customerView, now time.Time, counts []store.BrandMonthCount, name func(int64) string) views.AdminTable {
	ms := months(now)
	idx := map[string]int{}
	for i, m := range ms {
		idx[m.Format("2006-01")] = i
	}
	var order []int64
	series := map[int64][]int{}
	for _, mc := range counts {
		i, ok := idx[mc.Month.Format("2006-01")]
		if !ok || mc.Violations == 0 {
			continue
		}
		if series[mc.ID] == nil {
			series[mc.ID] = make([]int, len(ms))
			order = append(order, mc.ID)
		}
		series[mc.ID][i] += mc.Violations
	}
	t := views.AdminTable{Empty: v.l.T("admin.violations.empty"), Head: []string{v.l.T("table.month")}}
	if len(order) == 0 {
		return t
	}
	for _, id := range order {
		t.Head = append(t.Head, name(id))
	}
	for i, m := range ms {
		row := []string{v.l.MonthYear(m)}
		for _, id := range order {
			row = append(row, v.l.Number(series[id][i]))
		}
		t.Rows = append(t.Rows, views.AdminRow{Cells: row})
	}
	return t
}
