package store

import (
	"context"
	"sort"
)

// Gap kinds: what the registry is missing, in the order the privacy team should fix them.
const (
	GapUnregisteredSystem   = "unregistered_system"   // seen in events, never described
	GapUnregisteredPurpose  = "unregistered_purpose"  // seen in events, never described
	GapUnregisteredCategory = "unregistered_category" // seen in events, never described
	GapNoRefusal            = "no_refusal"            // a consent purpose the customer cannot refuse
	GapNoHumanReview        = "no_human_review"       // automated decisions with no way to ask a person
	GapMissingText          = "missing_text"          // no plain explanation in a locale
	GapNoOwner              = "no_owner"              // a system nobody answers for
	// GapUnregisteredFactor is a factor key events send for a system, never described in the registry.
	GapUnregisteredFactor = "unregistered_factor"
	// GapDecisionUnexplained is a deciding system whose decisions arrived without the factors that counted
	// (Uses says how many): customers are told the brand did not say.
	GapDecisionUnexplained = "decision_unexplained"
	// GapNoDecides is a deciding system that does not say, in a locale, how it decides.
	GapNoDecides = "no_decides"
	// GapUnregisteredAgent is an AI agent seen in agent_access events (at any level of a delegation chain, or as
	// the actor of an event without one) whose id matches no registered AI system's slug: customers are told an
	// agent read their data, and the registry cannot say what it is.
	GapUnregisteredAgent = "unregistered_agent"
)

// Gap is one thing the registry is missing.
type Gap struct {
	Kind   string
	Entity string // system | purpose | category
	Slug   string
	Name   string
	Locale string // for missing_text and no_decides
	Uses   int    // events that refer to it (systems and purposes); decisions without factors for decision_unexplained
	Factor string // the factor key, for unregistered_factor
	Org    string // the organisation an unregistered agent belongs to, when the events say
}

// Coverage lists what the brand's registry is missing, so the privacy team sees the gaps before customers do.
// locales are the languages customers read.
func (db *DB) Coverage(ctx context.Context, brandID int64, locales []string) ([]Gap, error) {
	reg, err := db.Registry(ctx, brandID)
	if err != nil {
		return nil, err
	}
	sysUses, purUses, err := db.EntityUses(ctx, brandID)
	if err != nil {
		return nil, err
	}
	decisions, err := db.DecisionCoverageByBrand(ctx, brandID)
	if err != nil {
		return nil, err
	}
	unexplained := map[int64]int64{}
	for _, d := range decisions {
		unexplained[d.SystemID] = d.Decisions - d.Explained
	}
	var gaps []Gap
	for _, s := range reg.SystemOrder {
		g := Gap{Entity: "system", Slug: s.Slug, Name: s.Name, Uses: sysUses[s.ID]}
		if s.Status != "retired" {
			for _, f := range s.Factors {
				if !f.Registered {
					x := g
					x.Kind, x.Factor, x.Uses = GapUnregisteredFactor, f.Key, 0
					gaps = append(gaps, x)
				}
			}
		}
		if !s.Registered {
			g.Kind = GapUnregisteredSystem
			gaps = append(gaps, g)
			continue
		}
		if s.Status == "retired" {
			continue
		}
		if s.AutomatedDecision {
			for _, l := range locales {
				if s.Texts[l].HumanReview == "" {
					x := g
					x.Kind, x.Locale = GapNoHumanReview, l
					gaps = append(gaps, x)
				}
			}
			if n := unexplained[s.ID]; n > 0 {
				x := g
				x.Kind, x.Uses = GapDecisionUnexplained, int(n)
				gaps = append(gaps, x)
			}
			for _, l := range locales {
				if s.Texts[l].Decides == "" {
					x := g
					x.Kind, x.Locale = GapNoDecides, l
					gaps = append(gaps, x)
				}
			}
		}
		for _, l := range locales {
			if t := s.Texts[l]; t.What == "" || t.How == "" {
				x := g
				x.Kind, x.Locale = GapMissingText, l
				gaps = append(gaps, x)
			}
		}
		if s.OwnerTeam == "" {
			x := g
			x.Kind = GapNoOwner
			gaps = append(gaps, x)
		}
	}
	agents, err := db.AgentActors(ctx, brandID)
	if err != nil {
		return nil, err
	}
	for _, a := range agents {
		// People and teams are not AI systems: the registry has nothing to say of them. A system the events
		// created unregistered under the agent's id is already a gap of its own, fixed on its own form.
		if a.Type == ActorPerson || a.Type == ActorTeam || reg.SystemBySlug[a.Sub] != nil {
			continue
		}
		gaps = append(gaps, Gap{Kind: GapUnregisteredAgent, Entity: "agent", Slug: a.Sub, Name: a.Name, Org: a.Org, Uses: a.Uses})
	}
	for _, p := range reg.PurposeOrder {
		g := Gap{Entity: "purpose", Slug: p.Slug, Name: p.Text("en", "fr").Name, Uses: purUses[p.ID]}
		if !p.Registered {
			g.Kind = GapUnregisteredPurpose
			gaps = append(gaps, g)
			continue
		}
		if p.LegalBasis == "consent" && !p.Refusable {
			x := g
			x.Kind = GapNoRefusal
			gaps = append(gaps, x)
		}
		for _, l := range locales {
			if t := p.Texts[l]; t.Name == "" || t.Explanation == "" {
				x := g
				x.Kind, x.Locale = GapMissingText, l
				gaps = append(gaps, x)
			}
		}
	}
	for _, id := range reg.CategoryOrderIDs {
		d := reg.Categories[id]
		g := Gap{Entity: "category", Slug: d.Slug, Name: d.Text("en", "fr").Name}
		if !d.Registered {
			g.Kind = GapUnregisteredCategory
			gaps = append(gaps, g)
			continue
		}
		for _, l := range locales {
			if t := d.Texts[l]; t.Name == "" || t.Phrase == "" {
				x := g
				x.Kind, x.Locale = GapMissingText, l
				gaps = append(gaps, x)
			}
		}
	}
	order := map[string]int{GapUnregisteredSystem: 0, GapUnregisteredAgent: 1, GapUnregisteredPurpose: 2, GapUnregisteredCategory: 3,
		GapUnregisteredFactor: 4, GapNoRefusal: 5, GapNoHumanReview: 6, GapDecisionUnexplained: 7, GapNoDecides: 8, GapMissingText: 9,
		GapNoOwner: 10}
	sort.SliceStable(gaps, func(i, j int) bool { return order[gaps[i].Kind] < order[gaps[j].Kind] })
	return gaps, nil
}
