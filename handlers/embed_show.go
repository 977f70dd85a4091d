package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/static"
	"vitrine/store"
	"vitrine/token"
	"vitrine/views"
)

// embedShow renders the compact widget a brand frames in its own site (GET /embed/v1?token=JWT). It needs no
// cookie: the token, minted by the brand's backend for its signed-in customer, is checked on every request and
// carried by the widget's forms. Only the brand's registered origins may frame it.
func (s *Server) embedShow(c echo.Context) error {
	cc, _, err := s.embedCustomer(c, c.QueryParam("token"))
	if err != nil {
		return err
	}
	v, err := s.loadCustomerView(c, "")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	now := s.now()
	usage, catsBy, err := v.windowUsage(ctx, windowStart(now))
	if err != nil {
		return err
	}
	vm := views.EmbedPage{Page: v.page, Token: c.QueryParam("token"), ParentOrigin: embedParent(c, cc.Brand), Theme: embedTheme(c.QueryParam("theme")),
		OpenLabel: v.l.T("embed.open")}
	vm.Title = v.l.T("me.title", cc.Brand.Name)
	vm.Page.SignedIn = false
	if strings.HasPrefix(cc.Brand.Theme.Logo, "data:image/") {
		vm.Logo = cc.Brand.Theme.Logo
	}
	violations, err := v.data.ViolationsBySystem(ctx, windowStart(now))
	if err != nil {
		return err
	}
	for _, u := range violationsFirst(usage, violations) {
		sys := v.reg.Systems[u.SystemID]
		if sys == nil {
			continue
		}
		// The widget is small, but it never hides a system: the first ones, then how many more are on the full
		// page. Those that used data without the consent it needed come first.
		if len(vm.Systems) < embedSystems {
			es := views.EmbedSystem{Name: v.systemTitle(sys.ID), Line: v.embedLine(sys, u, catsBy[u.SystemID]), N: u.Count}
			if n := violations[sys.ID]; n > 0 {
				es.Violation = v.l.N("system.violations", n)
			}
			vm.Systems = append(vm.Systems, es)
		} else {
			vm.MoreSystems++
		}
	}
	if vm.MoreSystems > 0 {
		vm.MoreLabel = v.l.N("embed.more", vm.MoreSystems)
	}
	facts := v.summaryFacts(usage)
	vm.Summary, vm.Events = v.l.Summary(facts), facts.Events
	if counts, err := v.data.UsageByMonth(ctx, windowStart(now), 0); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "widget chart", "err", err)
	} else {
		vm.Bars, vm.ChartLabel = v.sparkBars(now, counts)
	}
	if f, err := s.loadConsentFacts(ctx, v, now); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "widget consents", "err", err)
	} else {
		vm.Controls = v.consentControls(f)
		if slug := c.QueryParam("confirm"); v.gpcConflict(slug, store.ConsentGranted) {
			keep := url.Values{"token": {vm.Token}}
			hidden := []views.Hidden{{Name: "token", Value: vm.Token}}
			if vm.ParentOrigin != "" {
				keep.Set("parent", vm.ParentOrigin)
				hidden = append(hidden, views.Hidden{Name: "parent", Value: vm.ParentOrigin})
			}
			vm.Confirm = v.gpcConfirmForm(slug, f.current[v.reg.PurposeBySlug[slug].ID], "/embed/v1/consents", "/embed/v1?"+keep.Encode(), false, hidden)
		}
	}
	if vm.GPC, err = s.gpcBadge(c, v); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "widget gpc", "err", err)
	}
	if id := c.QueryParam("done"); id != "" {
		if ch, err := s.DB.ConsentReceipt(ctx, cc.Customer.ID, id); err == nil {
			vm.Notice = &views.Notice{Text: v.l.T("consent.done."+ch.State, v.purposeName(ch.PurposeID))}
		}
	}
	if key := c.QueryParam("error"); key != "" {
		if msg, ok := consentErrors[key]; ok {
			vm.Notice = &views.Notice{Text: v.l.T(msg), Error: true}
		}
	}
	return Render(c, http.StatusOK, views.EmbedView(vm))
}

// embedSystems is how many systems the widget lists before "and N more".
const embedSystems = 5

// violationsFirst orders usage with the systems that used data without consent first, most violations first,
// then as given (most used first).
func violationsFirst(usage []store.SystemUsage, violations map[int64]int) []*store.SystemUsage {
	out := make([]*store.SystemUsage, len(usage))
	for i := range usage {
		out[i] = &usage[i]
	}
	sort.SliceStable(out, func(i, j int) bool { return violations[out[i].SystemID] > violations[out[j].SystemID] })
	return out
}

// embedLine sums a system up in one line: what it used, and why.
func (v *customerView) embedLine(sys *store.AISystem, u *store.SystemUsage, cats []store.IDCount) string {
	var data []string
	for _, c := range cats {
		if len(data) == 2 {
			break
		}
		data = append(data, v.categoryPhrase(c.ID).Phrase)
	}
	var why []string
	for pid := range u.Purposes {
		why = append(why, v.purposeName(pid))
	}
	sort.Strings(why)
	line := v.l.N("system.uses", u.Count)
	if len(data) > 0 {
		line += " · " + v.l.List(data)
	}
	if len(why) > 0 {
		line += " · " + v.l.List(why)
	}
	if u.Trained > 0 {
		line += " · " + v.l.T("system.badge.learns")
	}
	return line
}

// sparkBars draws uses per month, all systems together, as bars scaled to the busiest month: the same months as
// the full page's monthly chart (months), one 20-unit slot each; the view sizes the drawing to the slots and
// writes the first and last month under the bars.
func (v *customerView) sparkBars(now time.Time, counts []store.MonthCount) ([]views.SparkBar, string) {
	ms := months(now)
	per := make([]int, len(ms))
	idx := map[string]int{}
	for i, m := range ms {
		idx[m.Format("2006-01")] = i
	}
	total, peak := 0, 0
	for _, mc := range counts {
		if i, ok := idx[mc.Month.Format("2006-01")]; ok {
			per[i] += mc.N
			total += mc.N
			peak = max(peak, per[i])
		}
	}
	if total == 0 {
		return nil, ""
	}
	const height, slot, width = 48, 20, 16
	bars := make([]views.SparkBar, len(ms))
	for i, n := range per {
		h := n * height / peak
		if n > 0 && h == 0 {
			h = 1
		}
		month := v.l.MonthYear(ms[i])
		bars[i] = views.SparkBar{X: i*slot + 2, Y: height - h, W: width, H: h, Month: month, Label: v.l.T("embed.bar", month, v.l.N("count.times", n))}
	}
	return bars, v.l.T("embed.chart.range", bars[0].Month, bars[len(bars)-1].Month, v.l.Number(total))
}

// embedCustomer checks the widget token and sets the customer context, with this brand's framing policy on the
// response: the brand's registered origins, and no X-Frame-Options (which cannot list origins). A refused token
// gets a small in-frame message.
func (s *Server) embedCustomer(c echo.Context, raw string) (*customerCtx, token.Claims, error) {
	ctx := c.Request().Context()
	claims, brand, err := s.verifyCustomerToken(c, raw, token.AudEmbed)
	if brand.ID != 0 {
		allowFraming(c, brand)
	}
	if err != nil {
		return nil, claims, s.embedRefusal(c, err)
	}
	cust, err := s.DB.CustomerByExternalID(ctx, brand.ID, claims.Subject)
	if errors.Is(err, store.ErrNotFound) {
		return nil, claims, s.embedRefusal(c, pageErr(http.StatusUnauthorized, "error.link_invalid", err))
	}
	if err != nil {
		return nil, claims, err
	}
	cc := &customerCtx{Brand: brand, Customer: cust, BasePath: "/me"}
	c.Set(customerKey, cc)
	c.Response().Header().Set("Cache-Control", "no-store")
	return cc, claims, nil
}

// allowFraming replaces the default "never frame" policy with the brand's allow-list of embedding origins.
func allowFraming(c echo.Context, b store.Brand) {
	h := c.Response().Header()
	// Only origins that pass the store's check reach the header, whatever a row holds: a ";" would start a
	// directive of its own, a "*" allow any site.
	var origins []string
	for _, o := range b.EmbedOrigins {
		if o, err := store.CanonicalOrigin(o); err == nil {
			origins = append(origins, o)
		}
	}
	ancestors := "'none'"
	if len(origins) > 0 {
		ancestors = strings.Join(origins, " ")
	}
	n := nonce(c)
	h.Set("Content-Security-Policy", fmt.Sprintf("default-src 'none'; script-src 'self' 'nonce-%s'; style-src 'self' 'nonce-%s'; "+
		"img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors %s", n, n, ancestors))
	h.Del("X-Frame-Options")
	h.Del("Cross-Origin-Opener-Policy")
}

// embedRefusal renders the in-frame message for a refused widget token, as the error it answers with.
func (s *Server) embedRefusal(c echo.Context, err error) error {
	key := "error.link_invalid"
	var pe *pageError
	if errors.As(err, &pe) {
		key = pe.Key
	}
	locale := anonymousLocale(c)
	l := plain.New(locale, nil)
	page := views.EmbedError{Page: views.Page{L: l, Title: l.T("embed.error." + strings.TrimPrefix(key, "error.")), Nonce: nonce(c)},
		Heading: l.T("embed.error." + strings.TrimPrefix(key, "error.")), Body: l.T("embed.error.body")}
	if rerr := Render(c, http.StatusUnauthorized, views.EmbedErrorView(page)); rerr != nil {
		return rerr
	}
	return errEmbedAnswered
}

// errEmbedAnswered tells the handler that the refusal was already written to the frame.
var errEmbedAnswered = errors.New("embed refusal sent")

// embedParent picks the origin the resize message may be sent to: the ?parent= the brand's snippet passes,
// or the Referer's origin, but only if it is one of the brand's registered origins.
func embedParent(c echo.Context, b store.Brand) string {
	candidates := []string{c.QueryParam("parent"), c.FormValue("parent")}
	if ref, err := url.Parse(c.Request().Referer()); err == nil && ref.Host != "" {
		candidates = append(candidates, ref.Scheme+"://"+ref.Host)
	}
	for _, cand := range candidates {
		for _, o := range b.EmbedOrigins {
			if cand != "" && cand == o {
				return o
			}
		}
	}
	return ""
}

func embedTheme(t string) string {
	if t == "dark" || t == "light" {
		return t
	}
	return ""
}

// embedResizeScript serves the parent-page resize script under a stable name, for brands that copy the
// snippet once; it changes rarely, so an hour of caching is enough.
func (s *Server) embedResizeScript(c echo.Context) error {
	body, ok := static.Content("js/embed-resize.js")
	if !ok {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	c.Response().Header().Set("Access-Control-Allow-Origin", "*")
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
}
