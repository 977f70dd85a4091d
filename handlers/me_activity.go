package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

const activityPageSize = 50

// meActivity lists every event of the customer as a sentence, newest first, filterable by system, purpose,
// action and dates, paged by keyset (?after=) so the hundredth page costs what the first does.
// A filter value that makes no sense is named in a message and ignored; the valid ones still apply.
func (s *Server) meActivity(c echo.Context) error {
	v, err := s.loadCustomerView(c, "activity")
	if err != nil {
		return err
	}
	q := c.QueryParams()
	loc := v.cc.Brand.Location()
	var f store.EventFilter
	vm := views.ActivityPage{Page: v.page}
	vm.Title = v.l.T("activity.title") + " · " + v.cc.Brand.Name
	keep := url.Values{}

	if slug := q.Get("system"); slug != "" {
		if sys := v.reg.SystemBySlug[slug]; sys != nil {
			f.SystemID = sys.ID
			keep.Set("system", slug)
		} else {
			vm.Errors = append(vm.Errors, v.l.T("activity.error.system"))
		}
	}
	if slug := q.Get("purpose"); slug != "" {
		if p := v.reg.PurposeBySlug[slug]; p != nil {
			f.PurposeID = p.ID
			keep.Set("purpose", slug)
		} else {
			vm.Errors = append(vm.Errors, v.l.T("activity.error.purpose"))
		}
	}
	if a := q.Get("action"); a != "" {
		if isAction(a) {
			f.Action = a
			keep.Set("action", a)
		} else {
			vm.Errors = append(vm.Errors, v.l.T("activity.error.action"))
		}
	}
	dr := parseDateRange(q, loc, v.l, keep)
	f.From, f.To, vm.From, vm.To = dr.From, dr.To, dr.FromText, dr.ToText
	vm.Errors = append(vm.Errors, dr.Errors...)
	var after store.Cursor
	if a := q.Get("after"); a != "" {
		cur, ok := parseCursor(a)
		if !ok {
			return pageErr(http.StatusBadRequest, "error.bad_request", nil)
		}
		after = cur
	}

	page, err := v.data.Events(c.Request().Context(), f, after, activityPageSize)
	if err != nil {
		return err
	}
	vm.Events = v.eventLines(page.Events)
	vm.Filtered = len(keep) > 0
	vm.ResetURL = v.page.MePath("/activity")
	if page.Next != nil {
		next := cloneValues(keep)
		next.Set("after", formatCursor(*page.Next))
		vm.NextURL = v.page.MePath("/activity?" + next.Encode())
	}
	if !after.IsZero() {
		vm.FirstURL = v.page.MePath("/activity")
		if len(keep) > 0 {
			vm.FirstURL += "?" + keep.Encode()
		}
	}
	for _, sys := range v.reg.SystemOrder {
		vm.Systems = append(vm.Systems, views.Option{Value: sys.Slug, Label: v.systemTitle(sys.ID), Selected: sys.ID == f.SystemID})
	}
	for _, p := range v.reg.PurposeOrder {
		vm.Purposes = append(vm.Purposes, views.Option{Value: p.Slug, Label: v.purposeName(p.ID), Selected: p.ID == f.PurposeID})
	}
	for _, a := range store.Actions {
		vm.Actions = append(vm.Actions, views.Option{Value: a, Label: v.l.T("action." + a), Selected: a == f.Action})
	}
	status := http.StatusOK
	if len(vm.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return Render(c, status, views.MeActivity(vm))
}

func isAction(a string) bool {
	for _, x := range store.Actions {
		if a == x {
			return true
		}
	}
	return false
}

// formatCursor writes a keyset position as "UNIXTIME-ID".
func formatCursor(c store.Cursor) string {
	return strconv.FormatInt(c.At, 10) + "-" + strconv.FormatInt(c.ID, 10)
}

func parseCursor(s string) (store.Cursor, bool) {
	at, id, ok := strings.Cut(s, "-")
	if !ok {
		return store.Cursor{}, false
	}
	a, err1 := strconv.ParseInt(at, 10, 64)
	i, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || a <= 0 || i <= 0 {
		return store.Cursor{}, false
	}
	return store.Cursor{At: a, ID: i}, true
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
