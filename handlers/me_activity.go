package handlers

import (
	"context"
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
	vm := views.ActivityPage{Page: v.page, Retention: v.retentionNotes()}
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
	var after, before store.Cursor
	for name, cur := range map[string]*store.Cursor{"after": &after, "before": &before} {
		if a := q.Get(name); a != "" {
			parsed, ok := parseCursor(a)
			if !ok {
				return pageErr(http.StatusBadRequest, "error.bad_request", nil)
			}
			*cur = parsed
		}
	}
	vm.Filtered = len(keep) > 0 || dr.Empty
	vm.ResetURL = v.page.MePath("/activity")
	vm.AgentsURL = v.page.MePath("/activity?action=" + store.ActionAgentAccess)
	vm.AgentsOnly = f.Action == store.ActionAgentAccess
	ctx := c.Request().Context()
	if dr.Empty {
		// No date is in the range: say so and list nothing, rather than every event.
		vm.Count = v.l.N("activity.count.filtered", 0)
		return Render(c, http.StatusBadRequest, views.MeActivity(v.activityOptions(vm, f)))
	}

	var page store.EventPage
	if !before.IsZero() {
		page, err = v.data.EventsNewer(ctx, f, before, activityPageSize)
	} else {
		page, err = v.data.Events(ctx, f, after, activityPageSize)
	}
	if err != nil {
		return err
	}
	vm.Events = v.eventLines(page.Events)
	if err := v.activityCount(ctx, &vm, f); err != nil {
		return err
	}
	link := func(name string, cur store.Cursor) string {
		u := cloneValues(keep)
		u.Set(name, formatCursor(cur))
		return v.page.MePath("/activity?" + u.Encode())
	}
	if page.Next != nil {
		vm.NextURL = link("after", *page.Next)
	}
	if page.Prev != nil {
		vm.PrevURL = link("before", *page.Prev)
	}
	if !after.IsZero() || !before.IsZero() {
		vm.FirstURL = v.page.MePath("/activity")
		if len(keep) > 0 {
			vm.FirstURL += "?" + keep.Encode()
		}
	}
	status := http.StatusOK
	if len(vm.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return Render(c, status, views.MeActivity(v.activityOptions(vm, f)))
}

// activityCount says how many events the list holds in all, counted from the rollups (store.CountEvents): with
// no filter, every use since the first one, and that the overview counts the last 12 months only.
func (v *customerView) activityCount(ctx context.Context, vm *views.ActivityPage, f store.EventFilter) error {
	if f != (store.EventFilter{}) {
		n, err := v.data.CountEvents(ctx, f)
		if err != nil {
			return err
		}
		vm.Count = v.l.N("activity.count.filtered", n)
		return nil
	}
	all, err := v.data.AllTime(ctx)
	if err != nil {
		return err
	}
	if all.Events > 0 {
		vm.Count = v.l.N("activity.count.all", all.Events, v.l.Date(all.FirstAt)) + " " + v.l.T("activity.count.window")
	}
	return nil
}

// activityOptions fills the filter form's choices, marking the ones in use.
func (v *customerView) activityOptions(vm views.ActivityPage, f store.EventFilter) views.ActivityPage {
	for _, sys := range v.reg.SystemOrder {
		vm.Systems = append(vm.Systems, views.Option{Value: sys.Slug, Label: v.systemTitle(sys.ID), Selected: sys.ID == f.SystemID})
	}
	for _, p := range v.reg.PurposeOrder {
		vm.Purposes = append(vm.Purposes, views.Option{Value: p.Slug, Label: v.purposeName(p.ID), Selected: p.ID == f.PurposeID})
	}
	for _, a := range store.Actions {
		label := v.l.T("action." + a)
		if a == store.ActionAgentAccess {
			label = v.l.T("activity.filter.agents") // the choice a customer looks for, by the name of who acted
		}
		vm.Actions = append(vm.Actions, views.Option{Value: a, Label: label, Selected: a == f.Action})
	}
	return vm
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
