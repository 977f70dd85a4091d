package seed

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"vitrine/store"
)

// StaffPassword is the password of every demo staff account. It is printed by `vitrine serve --demo`: the demo
// is for trying vitrine out, never for real data.
const StaffPassword = "vitrine-demo-2026"

// demoSignature is how the demo staff member of a brand and role signs what they do (store.StaffUser.Signature).
func demoSignature(brand, role string) string {
	for _, s := range DemoStaff {
		if s.Brand == brand && s.Role == role {
			return store.StaffUser{Name: s.Name, Email: s.Email}.Signature()
		}
	}
	return ""
}

// StaffLogin is a demo staff account.
type StaffLogin struct {
	Brand string // brand slug
	Email string
	Name  string
	Role  string
}

// DemoStaff are the demo staff accounts: a support agent, a marketing manager, a privacy officer and an admin for
// each brand.
var DemoStaff = []StaffLogin{
	{BrandMaison, "support@maison-lumiere.example", "Léa Moreau", store.RoleSupport},
	{BrandMaison, "marketing@maison-lumiere.example", "Chloé Petit", store.RoleMarketing},
	{BrandMaison, "privacy@maison-lumiere.example", "Hugo Bernard", store.RolePrivacy},
	{BrandMaison, "admin@maison-lumiere.example", "Inès Laurent", store.RoleAdmin},
	{BrandNorthwind, "support@northwind-bank.example", "Priya Shah", store.RoleSupport},
	{BrandNorthwind, "marketing@northwind-bank.example", "Jordan Lee", store.RoleMarketing},
	{BrandNorthwind, "privacy@northwind-bank.example", "Tom Hughes", store.RolePrivacy},
	{BrandNorthwind, "admin@northwind-bank.example", "Grace Owen", store.RoleAdmin},
}

// staffVisit is a look staff took at a persona's pages in the past weeks: who (by role), how many days before
// the end of the window, why, and what they looked at after opening the overview.
type staffVisit struct {
	role   string
	ago    int
	h, mi  int
	reason string
	pages  []string
}

var personaVisits = map[string][]staffVisit{
	BrandMaison: {
		{store.RolePrivacy, 23, 15, 2, "copy of her data asked for by email, ref. DSAR-0193", []string{"activity", "consents"}},
		{store.RoleSupport, 9, 10, 14, "ticket #4812, refund question", []string{"activity"}},
	},
	BrandNorthwind: {
		{store.RoleSupport, 5, 11, 37, "call about the credit limit review, ticket #7731", []string{"systems/credit-limit", "activity"}},
	},
}

// saveStaff adds the demo staff accounts, their past visits to the personas' pages, and Sam's pending request
// for a person to review his last credit-limit decision that kept his limit.
func (p *plan) saveStaff(ctx context.Context, db *store.DB) error {
	staff := map[string]int64{} // brand slug + role -> staff id
	for _, s := range DemoStaff {
		b := p.brandBySlug(s.Brand)
		u, err := db.CreateStaff(ctx, store.StaffUser{BrandID: b.id, Email: s.Email, Name: s.Name, Role: s.Role}, StaffPassword, p.opt.Now)
		if err != nil {
			return fmt.Errorf("seed: staff %s: %w", s.Email, err)
		}
		staff[s.Brand+" "+s.Role] = u.ID
	}
	for _, b := range p.brands {
		persona, err := db.CustomerByExternalID(ctx, b.id, b.customers[0].ext)
		if err != nil {
			return fmt.Errorf("seed: persona of %s: %w", b.spec.brand.Slug, err)
		}
		nd := len(b.days)
		for _, v := range personaVisits[b.spec.brand.Slug] {
			at := b.at(nd-v.ago, v.h, v.mi, 0)
			visit, err := db.OpenAccess(ctx, staff[b.spec.brand.Slug+" "+v.role], persona.ID, v.reason, "en", store.AccessOverview, at)
			if err != nil {
				return fmt.Errorf("seed: staff visit: %w", err)
			}
			for i, page := range v.pages {
				if err := db.RecordView(ctx, visit, page, at.Add(time.Duration(i+1)*time.Minute)); err != nil {
					return fmt.Errorf("seed: staff visit page: %w", err)
				}
			}
		}
		if b.spec.brand.Slug == BrandNorthwind {
			if err := p.samReview(ctx, db, b, persona); err != nil {
				return err
			}
		}
	}
	if err := p.saveUseCases(ctx, db, staff); err != nil {
		return err
	}
	return p.saveProposals(ctx, db, staff)
}

// samReview asks, for Sam, for a person to review the latest credit-limit decision that kept his limit.
func (p *plan) samReview(ctx context.Context, db *store.DB, b *brandPlan, sam store.Customer) error {
	reg, err := db.Registry(ctx, b.id)
	if err != nil {
		return err
	}
	sys := reg.SystemBySlug["credit-limit"]
	if sys == nil {
		return nil
	}
	page, err := db.Events(ctx, sam.ID, store.EventFilter{SystemID: sys.ID, Action: store.ActionDecision}, store.Cursor{}, 50)
	if err != nil {
		return err
	}
	// The decision Sam already had reviewed (its outcome says so) carries its answered request, so his page
	// shows the review's outcome instead of offering to ask again.
	for _, e := range page.Events {
		if !strings.Contains(e.Outcome, "reviewed it at your request") {
			continue
		}
		r, err := db.RequestReview(ctx, sam.ID, e.ID, store.KindReview, "I earn more now than when I applied. Please look at my limit again.", "web", e.OccurredAt.Add(48*time.Hour))
		if errors.Is(err, store.ErrAlreadyRequested) {
			break
		}
		if err != nil {
			return err
		}
		if err := db.ResolveReview(ctx, b.id, r.ID, "credit team", "We checked your latest payslips and raised your limit to £2,500.", "en",
			e.OccurredAt.Add(5*24*time.Hour)); err != nil {
			return err
		}
	}
	for _, e := range page.Events {
		if !strings.HasPrefix(e.Decision, "credit limit kept") || strings.Contains(e.Outcome, "reviewed it at your request") {
			continue
		}
		_, err := db.RequestReview(ctx, sam.ID, e.ID, store.KindReview, "My pay went up in the summer. Please could a person look at my limit again?", "web",
			b.at(len(b.days)-3, 18, 40, 0))
		if errors.Is(err, store.ErrAlreadyRequested) {
			return nil
		}
		return err
	}
	return nil
}

func (p *plan) brandBySlug(slug string) *brandPlan {
	for _, b := range p.brands {
		if b.spec.brand.Slug == slug {
			return b
		}
	}
	return nil
}
