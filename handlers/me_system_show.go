package handlers

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// meSystemShow tells one AI system's whole story for the signed-in customer: what it is, how it works, what it
// used, a timeline, which model versions learned from them, and its recent events. The slug is looked up in the
// customer's own brand only, so another brand's system is a 404.
func (s *Server) meSystemShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "overview")
	if err != nil {
		return err
	}
	sys := v.reg.SystemBySlug[c.Param("slug")]
	if sys == nil {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	ctx := c.Request().Context()
	now := s.now()
	since := windowStart(now)

	usage, err := v.data.UsageBySystem(ctx, since)
	if err != nil {
		return err
	}
	var u *store.SystemUsage
	for i := range usage {
		if usage[i].SystemID == sys.ID {
			u = &usage[i]
		}
	}
	cats, err := v.data.UsageByCategory(ctx, since, sys.ID)
	if err != nil {
		return err
	}
	// Every list on the page covers the window its counts cover, and says how much of it it shows.
	events, err := v.data.Events(ctx, store.EventFilter{SystemID: sys.ID, From: since}, store.Cursor{}, systemPageEvents)
	if err != nil {
		return err
	}
	t, textLang := sys.TextLang(v.locale, v.fallback())
	vm := views.SystemPage{
		Page: v.page, Card: v.systemCard(sys, u, cats), How: t.How, DocURL: safeDocURL(sys.DocURL),
		Events: v.eventLines(events.Events), AllURL: v.page.MePath("/activity?system=" + url.QueryEscape(sys.Slug)),
	}
	if textLang != v.locale {
		vm.TextLang = textLang
	}
	if u != nil && u.Count > len(events.Events) {
		vm.EventsNote = v.l.T("system.events.some", v.l.Number(len(events.Events)), v.l.N("count.uses", u.Count))
	}
	vm.AllText = v.l.T("system.events.all", v.systemName(sys.ID))
	vm.Retention = v.systemRetention(sys)
	vm.Title = v.systemTitle(sys.ID) + " · " + v.cc.Brand.Name
	if sys.RiskLevel != "" {
		vm.Risk = v.l.T("system.risk." + sys.RiskLevel)
	}
	if sys.AutomatedDecision {
		vm.Decision = v.l.T("system.automated_decision")
		if t.HumanReview != "" {
			vm.Decision += " " + t.HumanReview
		}
	}
	if u == nil {
		vm.NoUseYet = v.l.T("system.no_use")
	} else if counts, err := v.data.UsageByMonth(ctx, since, sys.ID); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "system timeline", "err", err)
	} else {
		ch := v.activityChart("chart-timeline", v.l.T("chart.timeline.title", v.systemName(sys.ID)), now, counts)
		vm.Timeline = &ch
		vm.Page.Charts = true
	}
	if sys.Deployment == store.DeployInHouse && sys.Learns {
		if err := s.fillModels(c, v, sys, &vm); err != nil {
			return err
		}
	}
	if vm.Decisions, err = s.decisionLines(c, v, sys, since); err != nil {
		return err
	}
	if len(vm.Decisions) > 0 {
		n := len(vm.Decisions)
		if u != nil {
			n = max(n, u.Actions[store.ActionDecision])
		}
		vm.DecisionsHeading = v.l.N("decisions.heading.count", n)
		if n > len(vm.Decisions) {
			vm.DecisionsNote = v.l.T("decisions.some", v.l.Number(len(vm.Decisions)), v.l.Number(n))
			vm.DecisionsURL = v.page.MePath("/activity?system=" + url.QueryEscape(sys.Slug) + "&action=" + store.ActionDecision)
		}
	}
	if n, ok := reviewNotices[c.QueryParam("review")]; ok {
		vm.Notice = &views.Notice{Text: v.l.T(n.key), Error: n.err}
	}
	return Render(c, http.StatusOK, views.MeSystem(vm))
}

// systemPageEvents is how many of a system's most recent events its page lists.
const systemPageEvents = 10

// fillModels lists the model versions of an in-house system and says which ones learned from this customer.
func (s *Server) fillModels(c echo.Context, v *customerView, sys *store.AISystem, vm *views.SystemPage) error {
	ctx := c.Request().Context()
	versions := v.reg.Versions[sys.ID]
	trained, err := v.data.TrainedOn(ctx, sys.ID)
	if err != nil {
		return err
	}
	learned := map[string]bool{}
	for _, t := range trained {
		learned[t.ModelVersion] = true
	}
	// After the customer refused training, versions made later leave their data out; until one is made,
	// the exclusion is pending, and the page says so with the date of the next version.
	var refusedAt *time.Time
	current, err := v.data.Consents(ctx)
	if err != nil {
		return err
	}
	for _, p := range v.reg.PurposeOrder {
		if !p.IsTraining || current[p.ID] != store.ConsentRefused {
			continue
		}
		hist, err := v.data.ConsentHistory(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(hist) > 0 && (refusedAt == nil || hist[0].At.After(*refusedAt)) {
			at := hist[0].At
			refusedAt = &at
		}
	}
	if refusedAt != nil && len(versions) > 0 {
		var firstAfter *store.ModelVersion
		for i := range versions { // newest first: the last one seen after the refusal is the first made after it
			if versions[i].TrainedAt.After(*refusedAt) {
				firstAfter = &versions[i]
			}
		}
		switch {
		case firstAfter != nil:
			vm.Pending = ""
			vm.NextModel = v.l.T("system.model.excluded", v.l.Date(*refusedAt), firstAfter.Version)
		case versions[0].NextRetrainAt != nil:
			vm.Pending = v.l.T("system.model.pending", v.l.Date(*refusedAt), v.l.Date(*versions[0].NextRetrainAt))
		}
	}
	for i, m := range versions {
		if i == 0 && m.NextRetrainAt != nil && vm.NextModel == "" && vm.Pending == "" {
			vm.NextModel = v.l.T("system.model.next", v.l.Date(*m.NextRetrainAt))
		}
		if i >= 12 {
			break
		}
		line := views.ModelLine{Version: m.Version, Trained: v.l.Date(m.TrainedAt), Learned: learned[m.Version], Status: m.Status}
		if line.Learned {
			line.Sentence = v.l.T("system.model.learned", m.Version, line.Trained)
		} else {
			line.Sentence = v.l.T("system.model.without", m.Version, line.Trained)
		}
		vm.Models = append(vm.Models, line)
	}
	return nil
}

// safeDocURL keeps a documentation link only when it is an absolute http(s) URL.
func safeDocURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.String()
}
