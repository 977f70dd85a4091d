package handlers

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// minComparable is the fewest answers a wording needs before its opt-in rate says anything.
const minComparable = 30

// maxValueNote bounds the owners' note: a few paragraphs, not a business case.
const maxValueNote = 4000

// adminSystemValueShow is an AI system seen as a use case, for marketing and privacy together: its owners and the
// value they expect and see, whom it reached this month, its uses and violations per month, how customers answered
// for each purpose it serves (and after each wording change), and two wordings of a consent text compared.
func (s *Server) adminSystemValueShow(c echo.Context) error {
	sc := currentStaff(c)
	sys, err := s.adminSystem(c, sc)
	if err != nil {
		return err
	}
	v, err := s.DB.SystemValue(c.Request().Context(), sc.Brand.ID, sys.ID)
	if err != nil {
		return err
	}
	vm, err := s.valuePage(c, sc, sys, v, map[string]string{})
	if err != nil {
		return err
	}
	return Render(c, http.StatusOK, views.AdminValue(vm))
}

// valuePage builds the use case page of sys with the owners and note v, and errs beside their fields.
func (s *Server) valuePage(c echo.Context, sc *staffCtx, sys store.AISystem, v store.SystemValue, errs map[string]string) (views.AdminValuePage, error) {
	ctx := c.Request().Context()
	now := s.now()
	vm := views.AdminValuePage{AdminPage: s.adminPage(c, "systems", "value.title"), Action: "/admin/systems/" + sys.Slug + "/value",
		BackURL: "/admin/systems/" + sys.Slug}
	l := vm.L
	vm.Heading = l.T("value.heading", sys.NameIn(l.Locale(), ""))
	vm.What = sys.Text(l.Locale(), sc.Brand.DefaultLocale).What
	reg, err := s.DB.Registry(ctx, sc.Brand.ID)
	if err != nil {
		return vm, err
	}

	// Reach and uses.
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	reach, err := s.DB.SystemReach(ctx, sc.Brand.ID, sys.ID, monthStart)
	if err != nil {
		return vm, err
	}
	vm.Reach = l.N("value.reach", reach)
	since := monthStart.AddDate(0, -11, 0)
	usage, err := s.DB.BrandUsageByMonth(ctx, sc.Brand.ID, since, "system")
	if err != nil {
		return vm, err
	}
	vm.Usage = views.AdminTable{Caption: l.T("value.usage.caption"), Head: []string{l.T("value.col.month"), l.T("value.col.uses"), l.T("value.col.violations")},
		Empty: l.T("value.usage.none")}
	violations := 0
	for _, m := range usage {
		if m.ID != sys.ID {
			continue
		}
		violations += m.Violations
		vm.Usage.Rows = append(vm.Usage.Rows, views.AdminRow{Cells: []string{l.MonthYear(m.Month), l.Number(m.N), l.Number(m.Violations)}})
	}
	if violations > 0 && sc.can(store.RolePrivacy) {
		vm.Violations = &views.AdminLink{Label: l.N("admin.overview.violations", violations), URL: "/admin/violations"}
	}

	// Answers per purpose, and wordings compared.
	purposes, err := s.DB.SystemPurposes(ctx, sc.Brand.ID, sys.ID, since)
	if err != nil {
		return vm, err
	}
	changes, err := s.DB.RegistryChanges(ctx, sc.Brand.ID, time.Time{}, adminChangesLimit)
	if err != nil {
		return vm, err
	}
	for _, pid := range purposes {
		p := reg.Purposes[pid]
		if p == nil || !p.Registered || (p.LegalBasis != "consent" && !refusable(p)) {
			continue // customers give no answer to a purpose they cannot refuse
		}
		vp, err := s.valuePurpose(c, l, sc, p, changes, since, now)
		if err != nil {
			return vm, err
		}
		vm.Purposes = append(vm.Purposes, vp)
	}

	// Owners and note.
	staff, err := s.DB.StaffByBrand(ctx, sc.Brand.ID)
	if err != nil {
		return vm, err
	}
	mkt := []views.Option{{Value: "", Label: l.T("value.owner.none")}}
	priv := []views.Option{{Value: "", Label: l.T("value.owner.none")}}
	for _, u := range staff {
		o := views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Signature()}
		if u.Role == store.RoleMarketing || u.Role == store.RoleAdmin {
			o.Selected = u.ID == v.MarketingOwner
			mkt = append(mkt, o)
		}
		if u.Role == store.RolePrivacy || u.Role == store.RoleAdmin {
			o.Selected = u.ID == v.PrivacyOwner
			priv = append(priv, o)
		}
	}
	e := func(name string) string {
		if k, ok := errs[name]; ok {
			return l.T(k, maxValueNote)
		}
		return ""
	}
	vm.Fields = []views.AdminField{
		{Kind: "select", Name: "marketing_owner", Label: l.T("value.field.marketing_owner"), Options: mkt, Error: e("marketing_owner")},
		{Kind: "select", Name: "privacy_owner", Label: l.T("value.field.privacy_owner"), Options: priv, Error: e("privacy_owner")},
		{Kind: "textarea", Name: "note", Label: l.T("value.field.note"), Hint: l.T("value.field.note.hint"), Value: v.Note, Error: e("note")},
	}
	for _, f := range vm.Fields {
		if f.Error != "" {
			vm.Errors = append(vm.Errors, l.T("admin.form.error_item", f.Label, f.Error))
		}
	}
	if !v.UpdatedAt.IsZero() {
		vm.Updated = l.T("value.updated", v.UpdatedBy, l.DateTime(v.UpdatedAt))
	}
	return vm, nil
}

// wording is one version of a purpose's customer-facing words and when it took effect.
type wording struct {
	from  time.Time
	texts map[string]store.PurposeText
}

// purposeWordings are the versions of a purpose's words, oldest first, from the change log (changes is newest
// first): each change whose words differ from the version before starts a new one.
func purposeWordings(slug string, changes []store.RegistryChange) []wording {
	var out []wording
	for i := len(changes) - 1; i >= 0; i-- {
		ch := changes[i]
		if ch.Entity != "purpose" || ch.Slug != slug {
			continue
		}
		var p store.Purpose
		if json.Unmarshal([]byte(ch.After), &p) != nil {
			continue
		}
		// The words before the first recorded change were in use since a time the log does not hold (an entry
		// saved before the log, or by the seed): that version starts at the zero time.
		var was store.Purpose
		if len(out) == 0 && ch.Before != "" && json.Unmarshal([]byte(ch.Before), &was) == nil && !sameWords(was.Texts, p.Texts) {
			out = append(out, wording{texts: was.Texts})
		}
		if n := len(out); n > 0 && sameWords(out[n-1].texts, p.Texts) {
			continue
		}
		out = append(out, wording{from: ch.At, texts: p.Texts})
	}
	return out
}

func sameWords(a, b map[string]store.PurposeText) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// valuePurpose is the answers to one purpose per month, marking the months its wording changed, and the
// comparison of two wordings picked in the query (?a_SLUG=&b_SLUG=, by number; the latest two by default).
func (s *Server) valuePurpose(c echo.Context, l *plain.Localizer, sc *staffCtx, p *store.Purpose, changes []store.RegistryChange,
	since, now time.Time) (views.AdminValuePurpose, error) {
	ctx := c.Request().Context()
	name := p.Text(l.Locale(), sc.Brand.DefaultLocale).Name
	if name == "" {
		name = p.Slug
	}
	kind := "optin"
	if p.LegalBasis != "consent" {
		kind = "objection"
	}
	vp := views.AdminValuePurpose{Slug: p.Slug, Heading: l.T("value.purpose."+kind+".heading", name), Intro: l.T("value.purpose." + kind + ".intro")}
	months, err := s.DB.ConsentChoicesByMonth(ctx, sc.Brand.ID, p.ID, since)
	if err != nil {
		return vp, err
	}
	wordings := purposeWordings(p.Slug, changes)
	changed := map[string]bool{}
	for i, w := range wordings {
		if i > 0 {
			changed[w.from.Format("2006-01")] = true
		}
	}
	vp.Table = views.AdminTable{Caption: vp.Heading, Empty: l.T("value.answers.none"),
		Head: []string{l.T("value.col.month"), l.T("value.col.yes"), l.T("value.col.no"), l.T("value.col." + kind), l.T("value.col.wording")}}
	for _, m := range months {
		rate := m.Granted
		if kind == "objection" {
			rate = m.Refused
		}
		mark := ""
		if changed[m.Month.Format("2006-01")] {
			mark = l.T("value.wording.changed")
		}
		vp.Table.Rows = append(vp.Table.Rows, views.AdminRow{Cells: []string{l.MonthYear(m.Month), l.Number(m.Granted), l.Number(m.Refused),
			percent(l, rate, m.Answered()), mark}})
	}
	if p.LegalBasis != "consent" || len(wordings) < 2 {
		return vp, nil
	}
	vp.Compare, err = s.compareWordings(c, l, sc, p, wordings, now)
	return vp, err
}

// compareWordings puts two wordings side by side with their opt-in rates over periods of the same N days, N being
// the shorter of the two periods in use, so neither gains from being in use longer: the older wording's last N days
// and the newer one's first N.
func (s *Server) compareWordings(c echo.Context, l *plain.Localizer, sc *staffCtx, p *store.Purpose, ws []wording, now time.Time) (*views.AdminWordingCompare, error) {
	pick := func(param string, def int) int {
		if i, err := strconv.Atoi(c.QueryParam(param + "_" + p.Slug)); err == nil && i >= 1 && i <= len(ws) {
			return i - 1
		}
		return def
	}
	a, b := pick("a", len(ws)-2), pick("b", len(ws)-1)
	if a > b {
		a, b = b, a
	}
	cmp := &views.AdminWordingCompare{Heading: l.T("value.compare.title"), A: strconv.Itoa(a + 1), B: strconv.Itoa(b + 1)}
	end := func(i int) time.Time {
		if i+1 < len(ws) {
			return ws[i+1].from
		}
		return now
	}
	label := func(i int) string {
		if ws[i].from.IsZero() {
			return l.T("value.wording.label_before", i+1, l.Date(end(i)))
		}
		return l.T("value.wording.label", i+1, l.Date(ws[i].from))
	}
	for i := range ws {
		cmp.Choices = append(cmp.Choices, views.Option{Value: strconv.Itoa(i + 1), Label: label(i)})
	}
	// The older wording is read over its last N days, the newer over its first N: the days nearest the switch.
	length := func(i int) time.Duration {
		if ws[i].from.IsZero() {
			return end(i).Sub(time.Time{}.AddDate(1, 0, 0)) // as long as need be
		}
		return end(i).Sub(ws[i].from)
	}
	days := min(length(a), length(b)) / (24 * time.Hour)
	if a == b || days < 1 {
		cmp.Intro = l.T("value.compare.same")
		return cmp, nil
	}
	span := days * 24 * time.Hour
	periods := [2][2]time.Time{{end(a).Add(-span), end(a)}, {ws[b].from, ws[b].from.Add(span)}}
	cmp.Intro = l.T("value.compare.intro", int(days))
	cmp.Table = views.AdminTable{Caption: cmp.Heading, Head: []string{"", label(a), label(b)}}
	var counts [2]store.ChoiceCount
	for k := range periods {
		cc, err := s.DB.ConsentChoicesBetween(c.Request().Context(), sc.Brand.ID, p.ID, periods[k][0], periods[k][1])
		if err != nil {
			return nil, err
		}
		counts[k] = cc
	}
	row := func(label string, f func(k, i int) string) {
		cmp.Table.Rows = append(cmp.Table.Rows, views.AdminRow{Cells: []string{label, f(0, a), f(1, b)}})
	}
	row(l.T("value.compare.period"), func(k, _ int) string {
		return l.T("value.compare.dates", l.Date(periods[k][0]), l.Date(periods[k][1].Add(-24*time.Hour)))
	})
	row(l.T("value.compare.answers"), func(k, _ int) string {
		return l.T("value.compare.counts", l.Number(counts[k].Granted), l.Number(counts[k].Answered()))
	})
	row(l.T("value.col.optin"), func(k, _ int) string { return percent(l, counts[k].Granted, counts[k].Answered()) })
	for _, loc := range adminLocales {
		row(l.T("value.compare.text", languageName(loc)), func(_, i int) string {
			t := ws[i].texts[loc]
			return t.Name + " — " + t.Explanation
		})
	}
	if counts[0].Answered() < minComparable || counts[1].Answered() < minComparable {
		cmp.TooFew = l.T("value.compare.too_few", minComparable)
	}
	return cmp, nil
}

// percent is part of total as a whole percentage in the reader's language, or a dash when there is no total.
func percent(l *plain.Localizer, part, total int) string {
	if total == 0 {
		return "—"
	}
	return l.T("value.percent", (part*100+total/2)/total)
}
