package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

const auditPageSize = 50

// staffAuditIndex lists every look the brand's staff took at its customers (each opening with its reason, and
// each page seen), newest first, filterable by staff member and dates, paged by keyset (?after=). Filters that
// make no sense are named and ignored, as on the customer's activity page.
func (s *Server) staffAuditIndex(c echo.Context) error {
	sc := currentStaff(c)
	ctx := c.Request().Context()
	q := c.QueryParams()
	loc := sc.Brand.Location()
	vm := views.StaffAuditPage{StaffPage: s.staffPage(c, "audit", "staff.audit.title"), ResetURL: "/staff/audit"}
	l := vm.L
	var f store.AuditFilter
	keep := url.Values{}

	team, err := s.DB.StaffByBrand(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	if a := q.Get("agent"); a != "" {
		id, _ := parseID(a)
		for _, u := range team {
			if u.ID == id {
				f.StaffID = id
				keep.Set("agent", a)
			}
		}
		if f.StaffID == 0 {
			vm.Errors = append(vm.Errors, l.T("staff.audit.error.agent"))
		}
	}
	for _, u := range team {
		vm.Agents = append(vm.Agents, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: staffLabel(u), Selected: u.ID == f.StaffID})
	}
	dr := parseDateRange(q, loc, l, keep)
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

	page, err := s.DB.AuditLog(ctx, sc.Brand.ID, f, after, auditPageSize)
	if err != nil {
		return err
	}
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return err
	}
	for _, r := range page.Records {
		customer := r.CustomerName
		if customer == "" {
			customer = r.CustomerExternalID
		} else {
			customer += " · " + r.CustomerExternalID
		}
		visit := r.VisitID
		if visit == 0 {
			visit = r.ID
		}
		vm.Rows = append(vm.Rows, views.AuditRow{
			ISO: r.At.Format(time.RFC3339), When: l.DateTime(r.At), Agent: staffLabel(store.StaffUser{Name: r.StaffName, Email: r.StaffEmail}),
			Role: capitalise(l.T("staff.role." + r.StaffRole)), Customer: customer, CustomerURL: staffCustomerPath(r.CustomerID),
			What: staffWhat(l, reg, r.What), Reason: r.Reason, Ref: "#" + strconv.FormatInt(visit, 10),
		})
	}
	vm.Filtered = len(keep) > 0
	if page.Next != nil {
		next := cloneValues(keep)
		next.Set("after", formatCursor(*page.Next))
		vm.NextURL = "/staff/audit?" + next.Encode()
	}
	if !after.IsZero() {
		vm.FirstURL = "/staff/audit"
		if len(keep) > 0 {
			vm.FirstURL += "?" + keep.Encode()
		}
	}
	status := http.StatusOK
	if len(vm.Errors) > 0 {
		status = http.StatusBadRequest
	}
	return Render(c, status, views.StaffAudit(vm))
}

// staffLabel names a staff member for other staff: "Name (email)", or the email alone.
func staffLabel(u store.StaffUser) string {
	if u.Name == "" {
		return u.Email
	}
	return u.Name + " (" + u.Email + ")"
}

// whatKind splits what an access record says was seen into a kind of page and, for a system page, its slug.
func whatKind(what string) (kind, slug string) {
	switch {
	case what == store.AccessOverview, what == "activity", what == "consents", what == "access", what == store.AccessReview:
		return what, ""
	case what == "consents/change":
		return "consents_change", ""
	case strings.HasPrefix(what, "consents/receipts"):
		return "receipt", ""
	case what == "reviews/request":
		return "review_request", ""
	case what == "rights":
		return "rights", ""
	case what == "rights/request":
		return "rights_request", ""
	case what == "rights/answer":
		return "rights_answer", ""
	case strings.HasPrefix(what, "systems/"):
		return "system", strings.TrimPrefix(what, "systems/")
	}
	return "", ""
}

// systemNamed names a system of the registry by its slug in l's language, or gives the slug when the system is
// unknown (staff know slugs; an unregistered system is named by it, as the registry shows it).
func systemNamed(l *plain.Localizer, reg *store.Registry, slug string) string {
	if sys := reg.SystemBySlug[slug]; sys != nil {
		return sys.NameIn(l.Locale(), l.Locale())
	}
	return slug
}

// staffWhat names what an access record says was seen, for the audit log.
func staffWhat(l *plain.Localizer, reg *store.Registry, what string) string {
	switch kind, slug := whatKind(what); kind {
	case "":
		return what
	case "system":
		return l.T("staff.what.system", systemNamed(l, reg, slug))
	default:
		return l.T("staff.what." + kind)
	}
}
