package handlers

import (
	"context"
	"errors"
	"time"

	"vitrine/store"
)

// Refusals of a consent change that the caller explains in its own way (page, widget, API).
var (
	errUnknownPurpose = errors.New("unknown purpose")
	errNotRefusable   = errors.New("purpose cannot be refused")
	errBadState       = errors.New("state must be granted or refused")
	errSameState      = errors.New("already the current choice")
)

// consentRequest is one change of a customer's choice, from wherever it comes.
type consentRequest struct {
	Brand    store.Brand
	Customer store.Customer
	Purpose  string // slug
	State    string // granted | refused
	Shown    string // the state the person saw when choosing, to refuse stale or replayed forms
	Unseen   bool   // no Shown was given (the API without previous_state): record the choice whatever is current
	Method   string // web | widget | staff | api
	Actor    string // who recorded it when not the customer
	Lang     string // the language the choice was offered in, for its receipt ("": the customer's)
}

// changeConsent is the one code path every consent change takes, whether the customer uses their page or the
// widget, staff record it on their behalf, or the brand's backend sends it: same checks, same receipt, method kept.
func (s *Server) changeConsent(ctx context.Context, reg *store.Registry, r consentRequest, now time.Time) (store.ConsentChange, *store.Purpose, error) {
	p := reg.PurposeBySlug[r.Purpose]
	if p == nil || p.BrandID != r.Brand.ID || r.Customer.BrandID != r.Brand.ID {
		return store.ConsentChange{}, nil, errUnknownPurpose
	}
	if r.State != store.ConsentGranted && r.State != store.ConsentRefused {
		return store.ConsentChange{}, p, errBadState
	}
	if !refusable(p) {
		return store.ConsentChange{}, p, errNotRefusable
	}
	change := store.ConsentChange{CustomerID: r.Customer.ID, PurposeID: p.ID, State: r.State, Method: r.Method, Actor: r.Actor, Lang: r.Lang, At: now}
	if r.Unseen {
		ch, err := s.DB.RecordConsent(ctx, change)
		return ch, p, err
	}
	if r.Shown == r.State {
		return store.ConsentChange{}, p, errSameState
	}
	ch, err := s.DB.ChangeConsent(ctx, change, r.Shown)
	return ch, p, err
}

// refusable reports whether the law lets the customer refuse this purpose: consent can always be withdrawn,
// a legitimate interest can be objected to when the brand marked it so; contract and legal duties cannot.
func refusable(p *store.Purpose) bool {
	switch p.LegalBasis {
	case "consent":
		return true
	case "legitimate_interest":
		return p.Refusable
	}
	return false
}

// consentRefusal names, for a page or the widget, why a change was refused ("stale", "fixed", "unknown",
// "same"); consentErrors has the message of each. An error that is not a refusal is returned as it is.
func consentRefusal(err error) (string, error) {
	switch {
	case err == nil:
		return "", nil
	case errors.Is(err, store.ErrStaleConsent):
		return "stale", nil
	case errors.Is(err, errNotRefusable):
		return "fixed", nil
	case errors.Is(err, errUnknownPurpose), errors.Is(err, errBadState):
		return "unknown", nil
	case errors.Is(err, errSameState):
		return "same", nil
	}
	return "", err
}
