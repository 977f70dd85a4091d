package handlers

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"vitrine/store"
	"vitrine/views"
)

// firstVisitLookback is how far back "what changed" looks for a customer who never opened the page before.
const firstVisitLookback = 30 * 24 * time.Hour

// visitSince is what the overview tells news since: the customer's previous visit, or, on a first visit and in
// staff views, the last firstVisitLookback.
type visitSince struct {
	at    time.Time
	first bool // the customer never opened their overview before
}

// previousVisit remembers this visit for next time and returns when the one before began. Staff views do not
// count as visits. Every server reads and writes the same column (store.TouchVisit), so a customer who moves from
// one server to another gets the same answer.
func (s *Server) previousVisit(ctx context.Context, v *customerView, now time.Time) (visitSince, error) {
	if v.cc.Staff {
		return visitSince{at: now.Add(-firstVisitLookback)}, nil
	}
	var prev *time.Time
	if v.cc.revs != nil {
		prev = s.DB.TouchVisitAt(v.cc.Customer.ID, v.cc.revs.LastVisit, now)
	} else {
		var err error
		if prev, err = s.DB.TouchVisit(ctx, v.cc.Customer.ID, now); err != nil {
			return visitSince{}, err
		}
	}
	if prev == nil {
		return visitSince{at: now.Add(-firstVisitLookback), first: true}, nil
	}
	return visitSince{at: *prev}, nil
}

// answerNotices tells which of the customer's review and rights requests the brand answered since their last
// visit, each linking to where the answer is: shown through the visit, gone at the visit after.
func (s *Server) answerNotices(ctx context.Context, v *customerView, since visitSince) ([]views.AnswerNotice, error) {
	var out []views.AnswerNotice
	rs, err := v.data.Rights(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if !store.RightsOpen(r.Status) && r.UpdatedAt.After(since.at) {
			out = append(out, views.AnswerNotice{Text: v.l.T("answers.rights."+r.Kind, v.cc.Brand.Name),
				URL: v.page.MePath("/rights") + "#request-" + strconv.FormatInt(r.ID, 10)})
		}
	}
	reviews, err := v.data.Reviews(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		if r.Status != store.ReviewReviewed || r.ReviewedAt == nil || !r.ReviewedAt.After(since.at) {
			continue
		}
		ev, err := s.DB.EventByID(ctx, v.cc.Customer.ID, r.EventID)
		if err != nil {
			return nil, err
		}
		url := v.page.MePath("/activity")
		if sys := v.reg.Systems[ev.SystemID]; sys != nil {
			url = v.page.MePath("/systems/"+sys.Slug) + "#decisions"
		}
		out = append(out, views.AnswerNotice{Text: v.l.T("answers.review", v.cc.Brand.Name), URL: url})
	}
	return out, nil
}

// registryChanges tells, as sentences, the registry changes since the customer's last visit that concern them:
// a new system or reason (it may use their data from now on), and systems that used their data and were
// retired, brought back, or changed.
func (s *Server) registryChanges(ctx context.Context, v *customerView, usage []store.SystemUsage, since visitSince) ([]string, string, error) {
	heading := v.l.T("changes.heading")
	if since.first {
		heading = v.l.T("changes.heading.first")
	}
	// The page's registry holds the newest changes; only a visit older than those asks the database.
	changes, ok := v.reg.ChangesSince(since.at, 20)
	if !ok {
		var err error
		if changes, err = s.DB.RegistryChanges(ctx, v.cc.Brand.ID, since.at, 20); err != nil {
			return nil, "", err
		}
	}
	used := map[int64]bool{}
	for _, u := range usage {
		used[u.SystemID] = true
	}
	var out []string
	brand := v.cc.Brand.Name
	for _, ch := range changes {
		date := v.l.DayMonth(ch.At)
		switch ch.Entity {
		case "system":
			sys := v.reg.Systems[ch.EntityID]
			if sys == nil {
				continue
			}
			switch ch.Change {
			case store.ChangeCreated:
				line := v.l.T("changes.system.created", date, brand, v.systemName(sys.ID))
				if sys.Vendor != "" {
					line = v.l.T("changes.system.vendor", date, brand, v.systemName(sys.ID), sys.Vendor)
				}
				if what := sys.Text(v.locale, v.fallback()).What; what != "" {
					line += " " + v.l.T("changes.what", what)
				}
				out = append(out, line)
			case store.ChangeRetired:
				if used[sys.ID] {
					out = append(out, v.l.T("changes.system.retired", date, brand, v.systemName(sys.ID)))
				}
			case store.ChangeRestored:
				out = append(out, v.l.T("changes.system.restored", date, brand, v.systemName(sys.ID)))
			case store.ChangeUpdated:
				if !used[sys.ID] {
					continue
				}
				var before, after store.AISystem
				_ = json.Unmarshal([]byte(ch.Before), &before)
				_ = json.Unmarshal([]byte(ch.After), &after)
				if !before.Learns && after.Learns {
					out = append(out, v.l.T("changes.system.learns", date, brand, v.systemName(sys.ID)))
				} else if what := v.systemChangeWords(before, after); len(what) > 0 {
					out = append(out, v.l.T("changes.system.what", date, brand, v.systemName(sys.ID), v.l.List(what)))
				} // else nothing the customer reads changed (another language's words, codes): no news for them
			}
		case "purpose":
			name := v.purposeName(ch.EntityID)
			var before, after store.Purpose
			_ = json.Unmarshal([]byte(ch.Before), &before)
			_ = json.Unmarshal([]byte(ch.After), &after)
			switch what := v.purposeChangeWords(before, after); {
			case ch.Change == store.ChangeCreated:
				out = append(out, v.l.T("changes.purpose.created", date, brand, name))
			case len(what) > 0:
				out = append(out, v.l.T("changes.purpose.what", date, brand, name, v.l.List(what)))
			} // otherwise nothing the customer reads changed: no news for them
		}
	}
	return out, heading, nil
}

// systemChangeWords names, for the customer, what changed in a system they have dealt with: the parts of its
// description in their language and the facts that matter to them, never the registry's field names. None means
// nothing they read changed (the words of another language, the brand's internal fields).
func (v *customerView) systemChangeWords(before, after store.AISystem) []string {
	var out []string
	b, a := before.Text(v.locale, v.fallback()), after.Text(v.locale, v.fallback())
	if b.What != a.What {
		out = append(out, v.l.T("changes.part.what"))
	}
	if b.How != a.How {
		out = append(out, v.l.T("changes.part.how"))
	}
	if b.HumanReview != a.HumanReview {
		out = append(out, v.l.T("changes.part.human_review"))
	}
	if b.Decides != a.Decides {
		out = append(out, v.l.T("changes.part.decides"))
	}
	if before.Learns && !after.Learns {
		out = append(out, v.l.T("changes.part.learns_no_more"))
	}
	if !before.AutomatedDecision && after.AutomatedDecision {
		out = append(out, v.l.T("changes.part.decides_now"))
	}
	if before.Retention != after.Retention {
		out = append(out, v.l.T("changes.part.retention"))
	}
	if before.RiskLevel != after.RiskLevel {
		out = append(out, v.l.T("changes.part.risk"))
	}
	if before.Deployment != after.Deployment {
		out = append(out, v.l.T("changes.part.deployment"))
	}
	if before.DocURL != after.DocURL {
		out = append(out, v.l.T("changes.part.doc"))
	}
	if before.Vendor != after.Vendor && after.Vendor != "" {
		out = append(out, v.l.T("changes.part.vendor", after.Vendor))
	}
	return out
}

// purposeChangeWords names what changed in a reason for using data, as the customer would care: whether it now
// needs their consent or no longer does, whether they can now say no, and its words in their language.
func (v *customerView) purposeChangeWords(before, after store.Purpose) []string {
	var out []string
	if before.LegalBasis != after.LegalBasis {
		if after.LegalBasis == "consent" {
			out = append(out, v.l.T("changes.part.needs_consent"))
		} else {
			out = append(out, v.l.T("changes.part.basis"))
		}
	}
	if !before.Refusable && after.Refusable {
		out = append(out, v.l.T("changes.part.can_refuse"))
	}
	if before.Refusable && !after.Refusable {
		out = append(out, v.l.T("changes.part.cannot_refuse"))
	}
	if !before.IsTraining && after.IsTraining {
		out = append(out, v.l.T("changes.part.training"))
	}
	b, a := before.Text(v.locale, v.fallback()), after.Text(v.locale, v.fallback())
	if b.Name != a.Name || b.Aim != a.Aim || b.Explanation != a.Explanation {
		out = append(out, v.l.T("changes.part.words"))
	}
	return out
}
