package handlers

import (
	"time"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// Words of keeping only what is needed (plain/catalog_retention.go): how long each system keeps the details of a
// use, and what an erasure deleted and kept.

// retentionPeriod writes a period in the page's language ("13 months", "13 mois").
func retentionPeriod(l *plain.Localizer, r store.Retention) string {
	return l.N("retention.unit."+r.Unit, r.N)
}

// retentionNotes says, for each system of the registry, how long the details of each use are kept; a system
// whose retention cannot be read (the registry refuses those now) is left out rather than told wrong.
func (v *customerView) retentionNotes() []string {
	var out []string
	for _, sys := range v.reg.SystemOrder {
		r, err := store.ParseRetention(sys.Retention)
		switch {
		case err != nil:
		case r.IsZero():
			out = append(out, v.l.T("retention.until_erased", v.systemTitle(sys.ID)))
		default:
			out = append(out, v.l.T("retention.keep", v.systemTitle(sys.ID), retentionPeriod(v.l, r)))
		}
	}
	return out
}

// systemRetention is retentionNotes for one system's own page, where the system needs no naming.
func (v *customerView) systemRetention(sys *store.AISystem) string {
	r, err := store.ParseRetention(sys.Retention)
	switch {
	case err != nil:
		return ""
	case r.IsZero():
		return v.l.T("retention.until_erased.system")
	}
	return v.l.T("retention.keep.system", retentionPeriod(v.l, r))
}

// erasureNote tells a customer what their erasure, done at at, deleted and what it kept, why, and for how many
// years (the brand's legal period).
func erasureNote(l *plain.Localizer, at time.Time, keptYears int) *views.ErasureNote {
	e := &views.ErasureNote{Done: l.T("erasure.done", l.Date(at))}
	for _, k := range store.ErasedKept {
		switch k {
		case store.KeptConsentHistory, store.KeptStaffAccess:
			e.Kept = append(e.Kept, l.N("erasure.kept."+k, keptYears))
		default:
			e.Kept = append(e.Kept, l.T("erasure.kept."+k))
		}
	}
	return e
}

// doneErasure returns when the latest of the requests that is an erasure was done, or the zero time.
func doneErasure(rs []store.RightsRequest) time.Time {
	var at time.Time
	for _, r := range rs {
		if r.Kind == store.RightsErase && r.Status == store.RightsDone && r.UpdatedAt.After(at) {
			at = r.UpdatedAt
		}
	}
	return at
}
