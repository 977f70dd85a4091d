package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// meRightsShow is the customer's page to ask the brand to delete their data, pause its use, or stop using it,
// each explained in plain words with the deadline the brand would have, and their requests so far with the
// deadline, every step and the brand's answer.
func (s *Server) meRightsShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "rights")
	if err != nil {
		return err
	}
	rs, err := v.data.Rights(c.Request().Context())
	if err != nil {
		return err
	}
	years, err := s.DB.KeptProofYears(c.Request().Context(), v.cc.Brand.ID)
	if err != nil {
		return err
	}
	vm := s.rightsPage(v, rs, years)
	if n, ok := rightsNotices[c.QueryParam("rights")]; ok {
		vm.Notice, vm.NoticeErr = v.l.T(n.key), n.err
		if !n.err && len(rs) > 0 { // the newest request is the one just sent
			vm.Notice = v.l.T(n.key, v.cc.Brand.Name, v.l.Date(deadlineDay(rs[0])))
		}
	}
	return Render(c, http.StatusOK, views.MeRights(vm))
}

// rightsNotices maps the outcome a redirect carries to its message.
var rightsNotices = map[string]struct {
	key string
	err bool
}{
	"asked": {"rights.asked", false}, "again": {"rights.error.again", true},
	"long": {"rights.error.long", true}, "kind": {"rights.error.kind", true},
}

// deadlineDay is the request's last day as a time the localizer prints as a date: noon of that day in the
// brand's time zone, so that no time zone moves it to another day.
func deadlineDay(r store.RightsRequest) time.Time {
	return r.DueAt.Add(-12 * time.Hour)
}

func (s *Server) rightsPage(v *customerView, rs []store.RightsRequest, keptYears int) views.RightsPage {
	brand := v.cc.Brand.Name
	now := s.now()
	vm := views.RightsPage{Page: v.page, Heading: v.l.T("rights.title", brand), Intro: v.l.T("rights.intro", brand, brand)}
	vm.Title = vm.Heading
	if at := doneErasure(rs); !at.IsZero() {
		vm.Erasure = erasureNote(v.l, at, keptYears)
	}
	_, due := store.RightsDeadline(now, v.cc.Brand.Location(), store.RightsAnswerMonths)
	open := map[string]string{}
	for _, r := range rs {
		if store.RightsOpen(r.Status) {
			open[r.Kind] = strconv.FormatInt(r.ID, 10)
		}
	}
	for _, kind := range store.RightsKinds {
		o := views.RightsOption{Kind: kind, Title: v.l.T("rights." + kind + ".title"), Explain: v.l.T("rights."+kind+".explain", brand),
			Next: v.l.T("rights.next", brand, v.l.Date(due.Add(-12*time.Hour)))}
		if id, ok := open[kind]; ok {
			o.Open, o.OpenURL = v.l.T("rights.open"), v.page.MePath("/rights")+"#request-"+id
		}
		vm.Options = append(vm.Options, o)
	}
	for _, r := range rs {
		vm.Requests = append(vm.Requests, v.rightsLine(r, now))
	}
	return vm
}

// rightsLine tells one request: what was asked, when, the deadline, the status, the answer and every step.
func (v *customerView) rightsLine(r store.RightsRequest, now time.Time) views.RightsLine {
	brand := v.cc.Brand.Name
	line := views.RightsLine{ID: strconv.FormatInt(r.ID, 10), Title: v.l.T("rights.request." + r.Kind),
		Received: v.l.T("rights.received", v.l.Date(r.CreatedAt)), Status: v.l.T("rights.status." + r.Status)}
	if store.RightsOpen(r.Status) {
		line.Deadline = v.l.T("rights.deadline", brand, v.l.Date(deadlineDay(r)))
	} else {
		line.Deadline = v.l.T("rights.deadline.past", brand, v.l.Date(deadlineDay(r)))
	}
	if r.Overdue(now) {
		line.Late = v.l.T("rights.late", brand)
	}
	if r.Answer != "" {
		line.Answer = &views.Quote{Label: v.l.T("rights.answer", brand), Text: r.Answer, Lang: v.brandLang(r.AnswerLang)}
	}
	line.Steps = v.rightsSteps(r)
	return line
}

// rightsSteps tells a request's history in the customer's words.
func (v *customerView) rightsSteps(r store.RightsRequest) []views.RightsStepLine {
	brand := v.cc.Brand.Name
	out := make([]views.RightsStepLine, 0, len(r.Steps))
	for _, st := range r.Steps {
		sl := views.RightsStepLine{ISO: st.At.Format(time.RFC3339), When: v.l.DateTime(st.At), Text: v.l.T("rights.step."+st.Status, brand)}
		switch st.Status {
		case store.RightsReceived:
			if st.Note != "" {
				sl.Note = &views.Quote{Label: v.l.T("rights.your_words"), Text: st.Note, Lang: v.locale}
			}
		case store.RightsExtended:
			due := r
			if end, err := time.ParseInLocation(time.DateOnly, st.DueDate, v.cc.Brand.Location()); err == nil {
				due.DueAt = end.AddDate(0, 0, 1)
			}
			sl.Text = v.l.T("rights.step.extended", brand, v.l.Date(deadlineDay(due)))
			sl.Note = &views.Quote{Label: v.l.T("rights.reason", brand), Text: st.Note, Lang: v.brandLang(st.NoteLang)}
		case store.RightsRefused:
			sl.Note = &views.Quote{Label: v.l.T("rights.reason", brand), Text: st.Note, Lang: v.brandLang(st.NoteLang)}
		case store.RightsDone:
			sl.Note = &views.Quote{Label: v.l.T("rights.answer", brand), Text: st.Note, Lang: v.brandLang(st.NoteLang)}
		}
		out = append(out, sl)
	}
	return out
}
