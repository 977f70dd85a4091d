package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

const accessPageSize = 50

// meAccess lists every visit the brand's staff paid to the customer's pages, newest first, with the reason they
// gave and what they looked at or did, paged by keyset (?after=).
func (s *Server) meAccess(c echo.Context) error {
	v, err := s.loadCustomerView(c, "access")
	if err != nil {
		return err
	}
	var after store.Cursor
	if a := c.QueryParam("after"); a != "" {
		cur, ok := parseCursor(a)
		if !ok {
			return pageErr(http.StatusBadRequest, "error.bad_request", nil)
		}
		after = cur
	}
	page, err := s.DB.AccessHistory(c.Request().Context(), v.cc.Customer.ID, after, accessPageSize)
	if err != nil {
		return err
	}
	vm := views.AccessPage{Page: v.page, Lines: v.accessLines(page.Records)}
	if after.IsZero() && !v.cc.Staff {
		calls, err := s.DB.AssistantCalls(c.Request().Context(), v.cc.Brand.ID, v.cc.Customer.ID, store.Cursor{}, assistantCallLines)
		if err != nil {
			return err
		}
		vm.Assistants = v.assistantCallLines(calls)
	}
	vm.Title = v.l.T("access.title") + " · " + v.cc.Brand.Name
	vm.Intro = v.l.T("access.intro", v.cc.Brand.Name)
	if e := v.cc.Brand.PrivacyEmail; e != "" {
		vm.Intro += " " + v.l.T("access.contact", e)
	}
	if page.Next != nil {
		vm.NextURL = v.page.MePath("/access?after=" + formatCursor(*page.Next))
	}
	if !after.IsZero() {
		vm.FirstURL = v.page.MePath("/access")
	}
	return Render(c, http.StatusOK, views.MeAccess(vm))
}

// accessLines tells staff visits to the customer: which team (by role, never the person: staff are people with
// a right to privacy too, and a name would not help the customer act), the day, the reason given, what was seen
// or done, and a reference the brand's privacy team can find in its audit log to answer any question.
// The overview shows the latest of these through views.AccessNotice:
//
//	recs, err := s.DB.RecentAccess(ctx, custID, 3)
//	vm.Access = v.accessLines(recs)
func (v *customerView) accessLines(recs []store.AccessRecord) []views.AccessLine {
	out := make([]views.AccessLine, 0, len(recs))
	for _, r := range recs {
		team := v.l.T("access.team."+r.StaffRole, v.cc.Brand.Name)
		line := views.AccessLine{
			ISO: r.At.Format(time.RFC3339), When: v.l.DateTime(r.At), Ref: v.l.T("access.ref", strconv.FormatInt(r.ID, 10)),
		}
		if r.What == store.AccessReview {
			line.Sentence = v.l.T("access.answered", team, v.l.Date(r.At))
			line.Reason = v.l.T("access.reason.review")
		} else {
			line.Sentence = v.l.T("access.viewed", team, v.l.Date(r.At))
			// The reason is in the staff member's words: quoted, in the language they wrote it in.
			line.Quote = &views.Quote{Label: v.l.T("access.reason"), Text: strings.TrimSpace(r.Reason), Lang: v.brandLang(r.ReasonLang)}
		}
		var seen []string
		for _, what := range r.Pages {
			if what == store.AccessReview {
				continue
			}
			if p := v.accessPage(what); !slices.Contains(seen, p) {
				seen = append(seen, p)
			}
		}
		if len(seen) > 0 {
			line.Pages = v.l.T("access.seen", v.l.List(seen))
		}
		out = append(out, line)
	}
	return out
}

// accessPage names, for the customer, a page seen or a thing done during a staff visit.
func (v *customerView) accessPage(what string) string {
	switch kind, slug := whatKind(what); kind {
	case "":
		return v.l.T("access.page.other")
	case "system":
		return v.l.T("access.page.system", v.systemSlugName(slug))
	default:
		return v.l.T("access.page." + kind)
	}
}
