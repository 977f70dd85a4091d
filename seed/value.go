package seed

import (
	"context"
	"fmt"
	"time"

	"vitrine/store"
)

// saveUseCases gives the demo's use-case pages something to show: Maison Lumière's product recommender and
// Northwind's credit-limit model have owners and a value note, and Maison's "personal suggestions" consent was
// reworded four months ago (the change log holds the wording before and after, so the two can be compared by
// their opt-in rates). The current wording stays the catalog's.
func (p *plan) saveUseCases(ctx context.Context, db *store.DB, staff map[string]int64) error {
	notes := []struct {
		brand, system, note string
	}{
		{BrandMaison, "product-recommender", "We expect suggested products to make up a fifth of online sales. In October they made up 17%. Customers who say no still see the shop as usual."},
		{BrandNorthwind, "credit-limit", "Faster limit reviews: a few minutes instead of two days. The team checks every decision a customer asks about."},
	}
	for _, n := range notes {
		b := p.brandBySlug(n.brand)
		if b == nil {
			continue
		}
		id, ok := b.systemIDs[n.system]
		if !ok {
			continue
		}
		if err := db.SaveSystemValue(ctx, store.SystemValue{BrandID: b.id, SystemID: id, MarketingOwner: staff[n.brand+" "+store.RoleMarketing],
			PrivacyOwner: staff[n.brand+" "+store.RolePrivacy], Note: n.note, UpdatedBy: demoSignature(n.brand, store.RoleMarketing)}); err != nil {
			return fmt.Errorf("seed: use case of %s: %w", n.system, err)
		}
	}
	b := p.brandBySlug(BrandMaison)
	if b == nil {
		return nil
	}
	reg, err := db.Registry(ctx, b.id)
	if err != nil {
		return fmt.Errorf("seed: wording: %w", err)
	}
	cur := reg.PurposeBySlug["recommendations"]
	if cur == nil {
		return nil
	}
	old := *cur
	old.Texts = map[string]store.PurposeText{
		"en": {Name: cur.Texts["en"].Name, Aim: cur.Texts["en"].Aim,
			Explanation: "We process your purchase and browsing history to personalise product recommendations. You may object."},
		"fr": {Name: cur.Texts["fr"].Name, Aim: cur.Texts["fr"].Aim,
			Explanation: "Nous traitons votre historique d'achats et de navigation pour personnaliser les recommandations. Vous pouvez vous y opposer."},
	}
	if _, err := db.SavePurpose(ctx, old); err != nil {
		return fmt.Errorf("seed: old wording: %w", err)
	}
	at := p.opt.Now.AddDate(0, -4, 0).Truncate(24 * time.Hour).Add(9 * time.Hour)
	if _, err := db.SavePurposeAs(ctx, demoSignature(BrandMaison, store.RolePrivacy), *cur, false, at); err != nil {
		return fmt.Errorf("seed: new wording: %w", err)
	}
	return nil
}
