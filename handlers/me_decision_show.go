package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// meDecisionShow explains one automated decision about the signed-in customer: what was decided, how the system
// decides in general (the registry), what counted in their case and what would have changed it (what the brand
// sent with the event), and the review, point of view and contest they can ask for, each with its state. Another
// customer's event, or an event that is not a decision, is a 404.
func (s *Server) meDecisionShow(c echo.Context) error {
	v, err := s.loadCustomerView(c, "overview")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	ev, err := s.DB.EventByID(ctx, v.cc.Customer.ID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && ev.Action != store.ActionDecision) {
		return pageErr(http.StatusNotFound, "error.not_found", err)
	}
	if err != nil {
		return err
	}
	sys := v.reg.Systems[ev.SystemID]
	if sys == nil {
		return pageErr(http.StatusNotFound, "error.not_found", nil)
	}
	x, err := s.DB.ExplanationOf(ctx, v.cc.Brand.ID, ev.Key)
	if err != nil {
		return err
	}
	brand, name := v.cc.Brand.Name, v.systemName(sys.ID)
	l := v.l
	t, lang := sys.TextLang(v.locale, v.fallback())
	vm := views.DecisionPage{
		Page: v.page, Heading: l.T("decision.heading", name), Event: v.eventLines([]store.Event{ev})[0],
		SystemURL: v.page.MePath("/systems/" + sys.Slug), BackText: l.T("decision.back", name),
		HowTitle: l.T("decision.how.title", name), How: t.Decides, HowNone: l.T("decision.how.none", brand),
		Explained: v.explanation(sys, x), ActIntro: l.T("decision.act.intro", brand),
	}
	if lang != v.locale && t.Decides != "" {
		vm.HowLang = lang
	}
	vm.Title = l.T("decision.title") + " · " + brand
	vm.Event.DecisionURL = "" // this is its page
	mine := map[string]store.ReviewRequest{}
	if rs, err := v.data.Reviews(ctx); err != nil {
		return err
	} else {
		for _, r := range rs {
			if r.EventID == ev.ID {
				mine[r.Kind] = r
			}
		}
	}
	for _, kind := range store.ReviewKinds {
		vm.Requests = append(vm.Requests, v.requestBox(kind, ev.ID, mine, s.now()))
	}
	switch c.QueryParam("sent") {
	case "ok":
		vm.Notice = &views.Notice{Text: l.T("decision.sent")}
	case "again":
		vm.Notice = &views.Notice{Text: l.T("decision.error.again"), Error: true}
	case "empty":
		vm.Notice = &views.Notice{Text: l.T("decision.error.empty"), Error: true}
	case "long":
		vm.Notice = &views.Notice{Text: l.T("decisions.error.long"), Error: true}
	case "not":
		vm.Notice = &views.Notice{Text: l.T("decisions.error.not"), Error: true}
	}
	return Render(c, http.StatusOK, views.MeDecision(vm))
}

// requestBox is one kind of request about a decision: its form, or the state of the request made.
func (v *customerView) requestBox(kind string, eventID int64, mine map[string]store.ReviewRequest, now time.Time) views.RequestBox {
	l := v.l
	b := views.RequestBox{
		Kind: kind, Title: l.T("decision.kind." + kind), What: l.T("decision.kind." + kind + ".what"),
		Label: l.T("decision.kind." + kind + ".message"), Required: kind != store.KindReview, EventID: strconv.FormatInt(eventID, 10),
	}
	r, ok := mine[kind]
	if !ok {
		return b
	}
	brand := v.cc.Brand.Name
	switch {
	case r.Status == store.ReviewReviewed:
		b.State = l.T("decision.state.sent", l.Date(r.CreatedAt))
		at := r.CreatedAt
		if r.ReviewedAt != nil {
			at = *r.ReviewedAt
		}
		b.Answer = &views.Quote{Label: l.T("decision.state.answered", brand, l.Date(at)), Text: r.Outcome, Lang: v.brandLang(r.OutcomeLang)}
	case now.After(r.DueAt):
		b.State, b.Late = l.T("decision.state.late", l.Date(r.CreatedAt), brand, l.Date(r.DueAt)), true
	default:
		b.State = l.T("decision.state.pending", l.Date(r.CreatedAt), brand, l.Date(r.DueAt))
	}
	if r.Message != "" {
		// The customer's own words: vitrine does not know their language, and says so (lang="").
		b.Message = &views.Quote{Label: l.T("decision.your_words"), Text: r.Message}
	}
	return b
}

// explanation tells what counted in a decision and what would have changed it, from what the brand sent (x,
// nil when it sent nothing) and the system's registered factors, in the page's language.
func (v *customerView) explanation(sys *store.AISystem, x *store.Explanation) views.Explanation {
	l, brand := v.l, v.cc.Brand.Name
	out := views.Explanation{FactorsNote: l.T("decision.factors.none", brand), ChangesNone: l.T("decision.changes.none", brand)}
	if x == nil {
		return out
	}
	for _, f := range x.Factors {
		label, lang := v.factorLabel(sys, f.Key, f.Labels)
		cat := f.DataCategory
		if df := sys.Factor(f.Key); cat == "" && df != nil {
			cat = df.DataCategory
		}
		facts := plain.FactorFacts{Label: label, Direction: f.Direction, Weight: f.Weight}
		if d := v.reg.CategoryBySlug[cat]; d != nil {
			facts.Data = v.categoryPhrase(d.ID).Phrase
		}
		line := views.FactorLine{Label: label, Direction: f.Direction, Effect: l.FactorEffect(facts)}
		if lang != v.locale {
			line.LabelLang = lang
		}
		out.Factors = append(out.Factors, line)
	}
	if len(out.Factors) > 0 {
		out.FactorsNote = l.T("decision.factors.intro", brand)
	}
	for _, cf := range x.Counterfactuals {
		if len(cf.Texts) > 0 {
			text, lang := store.PickText(cf.Texts, v.locale, v.fallback())
			out.Changes = append(out.Changes, views.ChangeLine{Quote: &views.Quote{Label: l.T("decision.factor.brand_words", brand), Text: text, Lang: lang}})
			continue
		}
		label, _ := v.factorLabel(sys, cf.Factor, nil)
		result, _ := store.PickText(cf.Results, v.locale, v.fallback())
		out.Changes = append(out.Changes, views.ChangeLine{Sentence: l.Counterfactual(plain.CounterfactualFacts{Label: label, Value: cf.Value, Result: result})})
	}
	return out
}

// factorLabel is a factor's words in the page's language: the event's own label, else the registry's, else its
// key; and the language they are in.
func (v *customerView) factorLabel(sys *store.AISystem, key string, labels map[string]string) (string, string) {
	if len(labels) > 0 {
		return store.PickText(labels, v.locale, v.fallback())
	}
	if df := sys.Factor(key); df != nil {
		if t, lang := store.PickText(df.Labels, v.locale, v.fallback()); t != "" {
			return t, lang
		}
	}
	return key, v.locale // a key nobody described: shown as sent, and flagged to the privacy team
}
