package handlers

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// windowMonths is how far back customer pages look (store.WindowStart defines the window, for every surface).
const windowMonths = store.WindowMonths

// windowStart is the first instant of the window customer pages sum: the last 12 months (store.WindowStart).
func windowStart(now time.Time) time.Time { return store.WindowStart(now) }

// customerView is what every customer page builds first: who, in which language, and the brand's registry.
type customerView struct {
	cc     *customerCtx
	locale string
	l      *plain.Localizer
	reg    *store.Registry
	page   views.Page
	// data answers reads of the customer's own data from the per-customer memo (store.CustomerData).
	data *store.CustomerData

	// The customer's window of usage, read once per request: the overview and the widget need it for their cards
	// and again for the consent controls.
	usageSince time.Time
	usage      []store.SystemUsage
	catsBy     map[int64][]store.IDCount

	// reviews are the customer's requests for a human review, by decision event, read once per request when a
	// page tells a decision: a decision already sent for review must not offer to ask again.
	reviews map[int64]store.ReviewRequest
	ctx     context.Context

	// gpc is set when the customer's own browser sent the Global Privacy Control signal with this request.
	gpc *gpcState
	// registryIRI is the brand's public registry (ai.json): the base of the node ids the export shares with it.
	registryIRI string
}

// windowUsage returns the customer's usage by system and data categories by system since since, from the store
// the first time in a request and from memory after. Callers only read the results.
func (v *customerView) windowUsage(ctx context.Context, since time.Time) ([]store.SystemUsage, map[int64][]store.IDCount, error) {
	if v.catsBy != nil && v.usageSince.Equal(since) {
		return v.usage, v.catsBy, nil
	}
	usage, err := v.data.UsageBySystem(ctx, since)
	if err != nil {
		return nil, nil, err
	}
	catsBy, err := v.data.CategoriesBySystem(ctx, since)
	if err != nil {
		return nil, nil, err
	}
	v.usageSince, v.usage, v.catsBy = since, usage, catsBy
	return usage, catsBy, nil
}

// signedInLabel names the signed-in customer as their pages show it: "Camille Martin · C-1001", the brand's id
// after the name, so the customer can tell it is their own account.
func signedInLabel(cust store.Customer) string {
	if cust.Name == "" {
		return cust.ExternalID
	}
	return cust.Name + " · " + cust.ExternalID
}

// brandTheme is the brand's colours as pages show them: only colours, adjusted to readable contrast
// (store.Theme.Safe).
func brandTheme(b store.Brand) views.Theme {
	t := b.Theme.Safe()
	return views.Theme{Primary: t.Primary, Accent: t.Accent}
}

func (s *Server) loadCustomerView(c echo.Context, nav string) (*customerView, error) {
	cc := currentCustomer(c)
	locale := s.customerLocale(c, cc)
	l := localizer(locale, cc.Brand)
	ctx := c.Request().Context()
	var reg *store.Registry
	var data *store.CustomerData
	var err error
	if cc.revs != nil {
		reg, err = s.DB.RegistryAt(ctx, cc.Brand.ID, cc.revs.RegistryRev)
		data = s.DB.CustomerDataAt(cc.Brand.ID, cc.Customer.ID, cc.revs.DataRev, cc.revs.PastRev, s.now())
	} else {
		reg, err = s.DB.Registry(ctx, cc.Brand.ID)
		if err == nil {
			data, err = s.DB.CustomerData(ctx, cc.Customer.ID, s.now())
		}
	}
	if err != nil {
		return nil, err
	}
	p := views.Page{
		L: l, BrandName: cc.Brand.Name, Nonce: nonce(c), Nav: nav, SignedIn: true,
		Theme:       brandTheme(cc.Brand),
		StaffBanner: cc.StaffBanner, BasePath: cc.BasePath, CSRF: csrfToken(c),
	}
	p.LangCode, p.LangSwitch = langSwitch(c, locale)
	p.LangLabel = plain.New(p.LangCode, nil).T("lang.name")
	if !cc.Staff { // staff see who they look at in their banner, and sign out of the console, not of this page
		p.SignedInAs = signedInLabel(cc.Customer)
	}
	v := &customerView{cc: cc, locale: locale, l: l, reg: reg, page: p, data: data, ctx: ctx,
		registryIRI: registryIRI(s.BaseURL, cc.Brand.Slug)}
	// A failure to honour the signal does not cost the customer their page: nothing was refused, so the next
	// request tries again.
	if recorded, err := s.applyGPC(c, v); err != nil {
		s.Log.ErrorContext(ctx, "honour global privacy control", "err", err)
	} else if recorded {
		if v.data, err = s.DB.CustomerData(ctx, cc.Customer.ID, s.now()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (v *customerView) fallback() string { return v.cc.Brand.DefaultLocale }

// systemName names a system in the page's language. A system nobody registered has no name of its own, only
// the slug the brand's event carried, which means nothing to a customer: it is named in plain words instead.
func (v *customerView) systemName(id int64) string {
	return systemName(v.l, v.reg.Systems[id], v.cc.Brand)
}

// systemName names a system in l's language for any surface (pages, widget, API, exports); see
// customerView.systemName.
func systemName(l *plain.Localizer, s *store.AISystem, b store.Brand) string {
	switch {
	case s == nil:
		return l.T("event.someone")
	case !s.Registered:
		return l.T("system.unnamed", b.Name)
	}
	return s.NameIn(l.Locale(), b.DefaultLocale)
}

// systemSlugName names a system by its slug, as access records keep it; a slug the registry no longer has is
// shown as it is.
func (v *customerView) systemSlugName(slug string) string {
	if s := v.reg.SystemBySlug[slug]; s != nil {
		return v.systemName(s.ID)
	}
	return slug
}

// systemTitle is systemName as a heading or the start of a sentence: capitalised.
func (v *customerView) systemTitle(id int64) string { return plain.Capitalize(v.systemName(id)) }

// brandLang is the language of a text the brand wrote: the one it said, else its default language.
func (v *customerView) brandLang(lang string) string {
	if lang != "" {
		return lang
	}
	return v.cc.Brand.DefaultLocale
}

// quotes turns the brand's words about an event into quotations marked with their language.
func (v *customerView) quotes(qs []plain.Quote, lang string) []views.Quote {
	out := make([]views.Quote, 0, len(qs))
	for _, q := range qs {
		out = append(out, views.Quote{Label: q.Label, Text: q.Text, Lang: v.brandLang(lang)})
	}
	return out
}

// reviewsByEvent reads the customer's review requests once per request.
func (v *customerView) reviewsByEvent() map[int64]store.ReviewRequest {
	if v.reviews != nil {
		return v.reviews
	}
	v.reviews = map[int64]store.ReviewRequest{}
	if v.ctx == nil {
		return v.reviews
	}
	rs, err := v.data.Reviews(v.ctx)
	if err != nil {
		return v.reviews // the sentences then offer a review that the page refuses politely
	}
	for _, r := range rs {
		if r.Kind == store.KindReview { // a point of view or a contest is told on the decision's own page
			v.reviews[r.EventID] = r
		}
	}
	return v.reviews
}

func (v *customerView) purposeName(id int64) string {
	if p := v.reg.Purposes[id]; p != nil {
		if n := p.Text(v.locale, v.fallback()).Name; n != "" {
			return n
		}
		return p.Slug
	}
	return "?"
}

func (v *customerView) categoryName(id int64) string {
	if d := v.reg.Categories[id]; d != nil {
		if n := d.Text(v.locale, v.fallback()).Name; n != "" {
			return n
		}
		if n, ok := v.l.KnownData(d.Slug); ok {
			return plain.Capitalize(n)
		}
		return d.Slug
	}
	return "?"
}

// categoryPhrase is how a sentence names a category ("your purchase history"); an unregistered category,
// with no text yet, is named by its key so the customer still sees that it was used.
func (v *customerView) categoryPhrase(id int64) plain.Category {
	d := v.reg.Categories[id]
	if d == nil {
		return plain.Category{Phrase: "?"}
	}
	ph := d.Text(v.locale, v.fallback()).Phrase
	if ph == "" {
		if known, ok := v.l.KnownData(d.Slug); ok {
			ph = known // a kind of data vitrine itself reveals to a brand's agent (agentReadEvent)
		} else {
			ph = d.Slug
		}
	}
	return plain.Category{Phrase: ph, Sensitive: d.Sensitive}
}

// eventFacts are what the sentences about e say, in the page's language: the one source of the sentence the
// pages, the decision pages and the exports tell of an event. Its categories are appended to cats, which
// may be a slice reused from the last event.
func (v *customerView) eventFacts(e store.Event, cats []plain.Category) plain.EventFacts {
	f := plain.EventFacts{
		At: e.OccurredAt, SystemName: v.systemName(e.SystemID), Action: e.Action, Outcome: e.Outcome,
		ModelVersion: e.ModelVersion, Actor: e.Actor, OnBehalfOf: e.OnBehalfOf, Decision: e.Decision, HumanReview: e.HumanReview,
		Categories: cats[:0], Act: agentChain(e.Act),
	}
	if e.Action == store.ActionDecision {
		if r, ok := v.reviewsByEvent()[e.ID]; ok {
			f.Review, f.ReviewAt = r.Status, r.CreatedAt
			if r.Status == store.ReviewReviewed && r.ReviewedAt != nil {
				f.ReviewAt = *r.ReviewedAt
			}
		}
	}
	if p := v.reg.Purposes[e.PurposeID]; p != nil {
		f.PurposeAim = p.Text(v.locale, v.fallback()).Aim
	}
	for _, id := range e.CategoryIDs {
		f.Categories = append(f.Categories, v.categoryPhrase(id))
	}
	return f
}

// eventLines tells events as sentences, with the brand's own words quoted apart.
func (v *customerView) eventLines(events []store.Event) []views.EventLine {
	out := make([]views.EventLine, 0, len(events))
	for _, e := range events {
		f := v.eventFacts(e, nil)
		sensitive := false
		for _, cat := range f.Categories {
			sensitive = sensitive || cat.Sensitive
		}
		sentence, quotes := v.l.EventStory(f)
		line := views.EventLine{
			ISO: e.OccurredAt.Format(time.RFC3339), When: v.l.DateTime(e.OccurredAt), Sentence: sentence, Quotes: v.quotes(quotes, e.Lang),
			Action: v.l.T("action." + e.Action), Violation: e.Violation, Sensitive: sensitive,
		}
		if v.cc.Staff {
			line.Ref = v.l.T("staff.event.ref", e.Key, v.l.DateTime(e.IngestedAt))
		}
		if s := v.reg.Systems[e.SystemID]; s != nil {
			line.SystemURL = v.page.MePath("/systems/" + s.Slug)
		}
		if e.Action == store.ActionDecision {
			line.DecisionURL = v.page.MePath("/decisions/" + strconv.FormatInt(e.ID, 10))
		}
		out = append(out, line)
	}
	return out
}

// systemCard sums one system up for this customer.
func (v *customerView) systemCard(sys *store.AISystem, u *store.SystemUsage, cats []store.IDCount) views.SystemCard {
	t, lang := sys.TextLang(v.locale, v.fallback())
	card := views.SystemCard{
		// Named from sys itself, not looked up by id, so a preview of a system not yet saved shows the name typed.
		Slug: sys.Slug, Name: plain.Capitalize(systemName(v.l, sys, v.cc.Brand)), URL: v.page.MePath("/systems/" + sys.Slug), What: t.What, Unregistered: !sys.Registered,
	}
	if lang != v.locale {
		card.TextLang = lang // the brand wrote no text in the page's language: mark the one shown
	}
	switch {
	case !sys.Registered:
		// Nobody described it: vitrine does not know who runs it, and says so rather than guess.
		card.Who = v.l.T("system.who_unknown", v.cc.Brand.Name)
	case sys.Deployment == store.DeployInHouse:
		card.Who = v.l.T("system.in_house", v.cc.Brand.Name)
	case sys.Deployment == store.DeployExternalAgent:
		card.Who = v.l.T("system.external_agent", v.cc.Brand.Name)
	default:
		vendor := sys.Vendor
		if vendor == "" {
			vendor = v.l.T("system.vendor_unknown")
		}
		card.Who = v.l.T("system.vendor_tool", vendor)
	}
	names := make([]string, 0, len(cats))
	for _, c := range cats {
		names = append(names, v.categoryPhrase(c.ID).Phrase)
	}
	card.DataUsed = v.l.List(names)
	if u != nil {
		card.Uses, card.N = v.l.N("system.uses", u.Count), u.Count
		card.LastUsed = v.l.T("system.last_used", v.l.Date(u.LastAt))
		card.Learns = u.Trained > 0
		ids := make([]int64, 0, len(u.Purposes))
		for id := range u.Purposes {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if u.Purposes[ids[i]] != u.Purposes[ids[j]] {
				return u.Purposes[ids[i]] > u.Purposes[ids[j]]
			}
			return ids[i] < ids[j]
		})
		for _, id := range ids {
			pl := views.PurposeLine{Name: v.purposeName(id), Count: v.l.N("count.times", u.Purposes[id]), N: u.Purposes[id]}
			if p := v.reg.Purposes[id]; p != nil {
				pl.Basis = v.basisText(p)
				pl.Detail = p.Text(v.locale, v.fallback()).Explanation
			}
			card.Purposes = append(card.Purposes, pl)
		}
	}
	if card.Learns {
		card.LearnsText = v.l.T("system.learns")
	} else {
		card.LearnsText = v.l.T("system.uses_only")
	}
	switch {
	case sys.AutomatedDecision:
		card.Note = v.l.T("system.automated_decision")
	case sys.RiskLevel == "high":
		card.Note = v.l.T("system.risk.high")
	}
	return card
}

// agentChain is an event's delegation chain as the sentences read it: who each actor is, not their ids.
func agentChain(d *store.Delegation) *plain.Agent {
	if d == nil {
		return nil
	}
	return &plain.Agent{Name: d.Name, Type: d.Type, Org: d.Org, Act: agentChain(d.Act)}
}
