package handlers

import (
	"context"
	"encoding/json"
	"time"

	"vitrine/store"
)

// firstVisitLookback is how far back "what changed" looks for a customer who never opened the page before.
const firstVisitLookback = 30 * 24 * time.Hour

// registryChanges tells, as sentences, the registry changes since the customer's last visit that concern them:
// a new system or reason (it may use their data from now on), and systems that used their data and were
// retired, brought back, or changed. It remembers this visit for next time; staff views do not count as visits.
func (s *Server) registryChanges(ctx context.Context, v *customerView, usage []store.SystemUsage, now time.Time) ([]string, string, error) {
	heading := v.l.T("changes.heading")
	var since time.Time
	if v.cc.Staff {
		since = now.Add(-firstVisitLookback)
	} else {
		var prev *time.Time
		if v.cc.revs != nil {
			prev = s.DB.TouchVisitAt(v.cc.Customer.ID, v.cc.revs.LastVisit, now)
		} else {
			var err error
			if prev, err = s.DB.TouchVisit(ctx, v.cc.Customer.ID, now); err != nil {
				return nil, "", err
			}
		}
		if prev == nil {
			since, heading = now.Add(-firstVisitLookback), v.l.T("changes.heading.first")
		} else {
			since = *prev
		}
	}
	// The page's registry holds the newest changes; only a visit older than those asks the database.
	changes, ok := v.reg.ChangesSince(since, 20)
	if !ok {
		var err error
		if changes, err = s.DB.RegistryChanges(ctx, v.cc.Brand.ID, since, 20); err != nil {
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
				} else {
					out = append(out, v.l.T("changes.system.updated", date, brand, v.systemName(sys.ID)))
				}
			}
		case "purpose":
			name := v.purposeName(ch.EntityID)
			if ch.Change == store.ChangeCreated {
				out = append(out, v.l.T("changes.purpose.created", date, brand, name))
			} else {
				out = append(out, v.l.T("changes.purpose.updated", date, brand, name))
			}
		}
	}
	return out, heading, nil
}
