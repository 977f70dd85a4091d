package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/store"
	"vitrine/views"
)

// Global Privacy Control (https://privacycg.github.io/gpc-spec/): a browser that sends Sec-GPC: 1 asks every
// site not to sell or share the person's data. vitrine honours it on the customer's own pages and in the widget
// by refusing, for the customer, the purposes the brand maps to the signal (store.GPCHonoured), as if they had
// said no themselves; see applyGPC.

// gpcSignal reports whether the request carries the signal. The spec's only value is "1"; anything else, an
// empty or absent header included, is no signal.
func gpcSignal(r *http.Request) bool {
	return gpcValue(r.Header.Get("Sec-GPC"))
}

// gpcValue reads a Sec-GPC field value: "1", with optional surrounding whitespace, is the signal.
func gpcValue(v string) bool {
	return strings.Trim(v, " \t") == "1"
}

// gpcState is what the signal means for one request of a customer whose browser sends it.
type gpcState struct {
	mapped map[int64]bool // the brand's refusable purposes the signal turns off
}

// applyGPC honours the signal for the customer's own request (a staff member looking at the customer's page
// sends their own browser's signal, not the customer's): each mapped purpose that is granted or unanswered is
// refused with the method "gpc" through the one consent path, so it gets its receipt, change and webhook. A
// purpose already refused records nothing, which makes the signal act once, not at every page; a yes the customer
// confirmed with the signal on (store.GPCConfirmed) stands. Each refusal expects the state just read
// (store.ChangeConsent), so two pages loading at once record it once. It reports whether anything was recorded;
// v.gpc is set for the rest of the request either way.
func (s *Server) applyGPC(c echo.Context, v *customerView) (bool, error) {
	if v.cc.Staff || !gpcSignal(c.Request()) {
		return false, nil
	}
	ctx := c.Request().Context()
	choices, err := s.DB.GPCChoices(ctx, v.cc.Brand.ID)
	if err != nil {
		return false, err
	}
	v.gpc = &gpcState{mapped: map[int64]bool{}}
	for _, p := range v.reg.PurposeOrder {
		if refusable(p) && store.GPCHonoured(p, choices) {
			v.gpc.mapped[p.ID] = true
		}
	}
	if len(v.gpc.mapped) == 0 {
		return false, nil
	}
	current, err := v.data.Consents(ctx)
	if err != nil {
		return false, err
	}
	var todo []*store.Purpose
	for _, p := range v.reg.PurposeOrder {
		if v.gpc.mapped[p.ID] && current[p.ID] != store.ConsentRefused {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return false, nil
	}
	// The choice in force for each purpose is its newest change; a confirmed yes is one the signal leaves alone.
	hist, err := v.data.ConsentHistory(ctx, 0)
	if err != nil {
		return false, err
	}
	inForce := map[int64]string{}
	for _, h := range hist {
		if _, seen := inForce[h.PurposeID]; !seen {
			inForce[h.PurposeID] = h.ReceiptID
		}
	}
	var confirmed map[string]bool
	if inForceGrants(todo, current) {
		if confirmed, err = s.DB.GPCConfirmed(ctx, v.cc.Brand.ID, v.cc.Customer.ID); err != nil {
			return false, err
		}
	}
	now := s.now()
	recorded := false
	for _, p := range todo {
		if confirmed[inForce[p.ID]] {
			continue
		}
		_, _, err := s.changeConsent(ctx, v.reg, consentRequest{Brand: v.cc.Brand, Customer: v.cc.Customer, Purpose: p.Slug,
			State: store.ConsentRefused, Shown: current[p.ID], Method: store.MethodGPC}, now)
		switch {
		case errors.Is(err, store.ErrStaleConsent): // another page of the customer changed it first
		case err != nil:
			return recorded, err
		default:
			recorded = true
		}
	}
	return recorded, nil
}

// inForceGrants reports whether any of purposes is currently granted: only a yes can have been confirmed, so an
// unanswered purpose needs no look at the confirmations.
func inForceGrants(purposes []*store.Purpose, current map[int64]string) bool {
	for _, p := range purposes {
		if current[p.ID] == store.ConsentGranted {
			return true
		}
	}
	return false
}

// gpcConflict reports whether saying state to purpose (a slug) goes against the signal the customer's browser
// sends: a yes to a purpose the signal turns off, which the person must confirm first.
func (v *customerView) gpcConflict(purpose, state string) bool {
	if v.gpc == nil || state != store.ConsentGranted {
		return false
	}
	p := v.reg.PurposeBySlug[purpose]
	return p != nil && v.gpc.mapped[p.ID]
}

// gpcBadge tells the customer what the signal did: the uses it turned off that are still off, and the day it did
// so, in the customer's language and zone. With the signal on and nothing to turn off (they had said no already)
// it says so; otherwise there is nothing to tell.
func (s *Server) gpcBadge(c echo.Context, v *customerView) (*views.GPCBadge, error) {
	hist, err := v.data.ConsentHistory(c.Request().Context(), 0)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var names []string
	var b *views.GPCBadge
	for _, h := range hist { // newest first: the first change per purpose is the one in force
		if seen[h.PurposeID] {
			continue
		}
		seen[h.PurposeID] = true
		if h.Method != store.MethodGPC || h.State != store.ConsentRefused {
			continue
		}
		if b == nil {
			b = &views.GPCBadge{Text: v.l.T("gpc.badge.done", v.l.Date(h.At))}
		}
		names = append(names, v.l.T("quote.name", v.purposeName(h.PurposeID)))
	}
	if b != nil {
		b.Detail = v.l.T("gpc.badge.off", v.l.List(names))
		return b, nil
	}
	if v.gpc != nil && len(v.gpc.mapped) > 0 {
		return &views.GPCBadge{Text: v.l.T("gpc.badge.already")}, nil
	}
	return nil, nil
}

// gpcConfirmForm is the question asked before a yes that goes against the signal: the same choice again, with
// confirm=1, or keep the use off.
func (v *customerView) gpcConfirmForm(purpose, shown, action, keepURL string, csrf bool, hidden []views.Hidden) *views.GPCConfirm {
	name := v.purposeName(v.reg.PurposeBySlug[purpose].ID)
	return &views.GPCConfirm{Heading: v.l.T("gpc.confirm.title"), Text: v.l.T("gpc.confirm.body", name), Action: action, CSRF: csrf,
		Hidden: hidden, Purpose: purpose, Shown: shown, YesLabel: v.l.T("gpc.confirm.yes", name), KeepLabel: v.l.T("gpc.confirm.keep"), KeepURL: keepURL}
}
