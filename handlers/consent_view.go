package handlers

import (
	"context"
	"sort"
	"time"

	"vitrine/store"
	"vitrine/views"
)

// consentFacts is what the consent controls need to say honestly what a choice will do.
type consentFacts struct {
	current  map[int64]string
	lastAt   map[int64]time.Time // when the current state was chosen
	usage    []store.SystemUsage
	catsBy   map[int64][]store.IDCount
	trained  []store.TrainingRecord
	versions map[int64][]store.ModelVersion // in-house learning systems
}

func (s *Server) loadConsentFacts(ctx context.Context, v *customerView, now time.Time) (*consentFacts, error) {
	f := &consentFacts{lastAt: map[int64]time.Time{}, versions: map[int64][]store.ModelVersion{}}
	var err error
	if f.current, err = v.data.Consents(ctx); err != nil {
		return nil, err
	}
	hist, err := v.data.ConsentHistory(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, h := range hist { // newest first: the first seen per purpose is the one in force
		if _, seen := f.lastAt[h.PurposeID]; !seen {
			f.lastAt[h.PurposeID] = h.At
		}
	}
	if f.usage, f.catsBy, err = v.windowUsage(ctx, windowStart(now)); err != nil {
		return nil, err
	}
	if f.trained, err = v.data.TrainedOn(ctx, 0); err != nil {
		return nil, err
	}
	for _, sys := range v.reg.SystemOrder {
		if sys.Deployment == store.DeployInHouse && sys.Learns {
			f.versions[sys.ID] = v.reg.Versions[sys.ID]
		}
	}
	return f, nil
}

// consentControls builds one control per registered purpose of the brand, the ones that used the customer's
// data first.
func (v *customerView) consentControls(f *consentFacts) []views.ConsentControl {
	used := map[int64]int{}
	for _, u := range f.usage {
		for pid, n := range u.Purposes {
			used[pid] += n
		}
	}
	var purposes []*store.Purpose
	for _, p := range v.reg.PurposeOrder {
		if p.Registered || used[p.ID] > 0 {
			purposes = append(purposes, p)
		}
	}
	sort.SliceStable(purposes, func(i, j int) bool {
		ri, rj := refusable(purposes[i]), refusable(purposes[j])
		if ri != rj {
			return ri
		}
		return used[purposes[i].ID] > used[purposes[j].ID]
	})
	out := make([]views.ConsentControl, 0, len(purposes))
	for _, p := range purposes {
		out = append(out, v.consentControl(p, f))
	}
	return out
}

func (v *customerView) consentControl(p *store.Purpose, f *consentFacts) views.ConsentControl {
	t := p.Text(v.locale, v.fallback())
	c := views.ConsentControl{Slug: p.Slug, Name: orSlug(t.Name, p.Slug), Explanation: t.Explanation,
		Basis: v.basisText(p), State: f.current[p.ID], IsTraining: p.IsTraining}
	when := ""
	if at, ok := f.lastAt[p.ID]; ok {
		when = v.l.Date(at)
	}
	n, systems, data := v.purposeReach(p, f)
	switch {
	case !refusable(p):
		c.Kind = "fixed"
		c.On = true
		c.StateText = v.l.T("consent.fixed") + " " + v.basisText(p)
		c.Basis = ""
	case p.LegalBasis == "consent":
		c.Kind = "consent"
		c.On = c.State == store.ConsentGranted
		if c.On {
			c.StateText = v.l.T("consent.state.granted", when)
			c.Target, c.ButtonLabel = store.ConsentRefused, v.l.T("consent.turn_off")
			c.Consequence = append(c.Consequence, v.reachText("consent.if_off", n, data, systems))
			c.Consequence = append(c.Consequence, v.trainingStory(p, f, true)...)
			c.Consequence = append(c.Consequence, v.l.T("consent.past_stays"))
		} else {
			if c.State == store.ConsentRefused {
				c.StateText = v.l.T("consent.state.refused", when)
			} else {
				c.StateText = v.l.T("consent.state.not_asked")
			}
			c.Target, c.ButtonLabel = store.ConsentGranted, v.l.T("consent.turn_on")
			if aim := t.Aim; aim != "" {
				c.Consequence = append(c.Consequence, v.reachText("consent.if_on", n, data, aim, systems))
			} else {
				c.Consequence = append(c.Consequence, v.reachText("consent.if_on.noaim", n, data, systems))
			}
			c.Consequence = append(c.Consequence, v.trainingStory(p, f, false)...)
		}
	default: // legitimate interest the customer may object to
		c.Kind = "object"
		c.On = c.State != store.ConsentRefused
		if c.On {
			c.StateText = v.l.T("consent.state.no_objection")
			c.Target, c.ButtonLabel = store.ConsentRefused, v.l.T("consent.object")
			c.Consequence = []string{v.reachText("consent.if_object", n, data, systems), v.l.T("consent.past_stays")}
		} else {
			c.StateText = v.l.T("consent.state.objected", when)
			c.Target, c.ButtonLabel = store.ConsentGranted, v.l.T("consent.withdraw_objection")
			c.Consequence = []string{v.reachText("consent.if_withdraw", n, data, systems)}
		}
	}
	return c
}

// basisText explains a purpose's legal basis in plain words. A legitimate interest the customer may not refuse
// gets its own text: the general one says "you can object", and no page may say that beside "you cannot switch
// this off".
func (v *customerView) basisText(p *store.Purpose) string {
	if p.LegalBasis == "legitimate_interest" && !refusable(p) {
		return v.l.T("basis.legitimate_interest.fixed")
	}
	return v.l.T("basis." + p.LegalBasis)
}

// receiptBasis is the legal basis a receipt recorded, explained as the purpose is today when it still has it.
func (v *customerView) receiptBasis(ch store.ConsentChange, p *store.Purpose) string {
	if p != nil && p.LegalBasis == ch.LegalBasis {
		return v.basisText(p)
	}
	return v.l.T("basis." + ch.LegalBasis)
}

// purposeReach counts and names the systems that used the customer's data for this purpose and the data they
// used, so a consequence sentence talks about the customer's own case, not the policy in general.
func (v *customerView) purposeReach(p *store.Purpose, f *consentFacts) (n int, systems, data string) {
	var names, cats []string
	seenCat := map[int64]bool{}
	for _, u := range f.usage {
		if u.Purposes[p.ID] == 0 {
			continue
		}
		names = append(names, v.l.T("quote.name", v.systemTitle(u.SystemID)))
		for _, c := range f.catsBy[u.SystemID] {
			if !seenCat[c.ID] && len(cats) < 3 {
				seenCat[c.ID] = true
				cats = append(cats, v.categoryPhrase(c.ID).Phrase)
			}
		}
	}
	if len(cats) == 0 {
		data = v.l.T("consent.your_data")
	} else {
		data = v.l.List(cats)
	}
	return len(names), v.l.List(names), data
}

// trainingStory says, for a training purpose, which model versions already learned from the customer (they
// cannot forget) and what happens to the next one.
func (v *customerView) trainingStory(p *store.Purpose, f *consentFacts, turningOff bool) []string {
	if !p.IsTraining {
		return nil
	}
	var out []string
	for _, sys := range v.reg.SystemOrder {
		versions := f.versions[sys.ID]
		if len(versions) == 0 {
			continue
		}
		var last *store.TrainingRecord
		for i := range f.trained {
			if f.trained[i].SystemID == sys.ID && (last == nil || f.trained[i].LastAt.After(last.LastAt)) {
				last = &f.trained[i]
			}
		}
		if last != nil && turningOff {
			trainedOn := last.LastAt
			for _, m := range versions {
				if m.Version == last.ModelVersion {
					trainedOn = m.TrainedAt
				}
			}
			out = append(out, v.l.T("consent.learned", v.systemTitle(sys.ID), last.ModelVersion, v.l.Date(trainedOn)))
		}
		if next := versions[0].NextRetrainAt; next != nil {
			if turningOff {
				out = append(out, v.l.T("consent.next_without", v.systemName(sys.ID), v.l.Date(*next)))
			} else {
				out = append(out, v.l.T("consent.next_with", v.systemName(sys.ID), v.l.Date(*next)))
			}
		}
	}
	return out
}

// reachText picks the message for no system, one, or several, so the verb agrees with its subject; the
// systems' names, the last argument, are left out when there are none.
func (v *customerView) reachText(key string, n int, args ...any) string {
	switch n {
	case 0:
		return v.l.T(key+".none", args[:len(args)-1]...)
	case 1:
		return v.l.T(key+".one", args...)
	}
	return v.l.T(key+".many", args...)
}
