package seed

import (
	"context"
	"fmt"

	"vitrine/store"
)

// saveProposals leaves one proposal waiting in the demo, so the privacy team has something to review: Maison
// Lumière's marketing manager proposes a shorter wording for the consent to ads on other websites.
func (p *plan) saveProposals(ctx context.Context, db *store.DB, staff map[string]int64) error {
	b := p.brandBySlug(BrandMaison)
	if b == nil {
		return nil
	}
	reg, err := db.Registry(ctx, b.id)
	if err != nil {
		return fmt.Errorf("seed: proposal: %w", err)
	}
	cur := reg.PurposeBySlug["advertising"]
	if cur == nil {
		return nil
	}
	x := *cur
	x.Texts = map[string]store.PurposeText{
		"en": {Name: cur.Texts["en"].Name, Aim: cur.Texts["en"].Aim,
			Explanation: "If you say yes, we share a coded form of your email address with Meta Ads. Then you see our ads on Facebook and Instagram. You can say no at any time."},
		"fr": {Name: cur.Texts["fr"].Name, Aim: cur.Texts["fr"].Aim,
			Explanation: "Si vous acceptez, nous partageons une version codée de votre adresse e-mail avec Meta Ads. Vous voyez alors nos publicités sur Facebook et Instagram. Vous pouvez refuser à tout moment."},
	}
	_, err = db.ProposeChange(ctx, b.id, store.RegistryEntry{Purpose: &x}, false,
		"Shorter sentences should read better on phones. We expect more customers to answer.", staff[BrandMaison+" "+store.RoleMarketing],
		demoSignature(BrandMaison, store.RoleMarketing))
	if err != nil {
		return fmt.Errorf("seed: proposal: %w", err)
	}
	return nil
}
