package store

import (
	"context"
	"testing"
	"time"
)

// Without a choice of the brand, the signal turns off advertising audiences and the sharing or selling of data,
// read from any of the three vocabularies, and leaves personalisation, the service and training alone.
func TestGPCDefaultsFollowThePurposeCodes(t *testing.T) {
	cases := []struct {
		name string
		p    Purpose
		want bool
	}{
		{"fideslang profiling ads (the demo's advertising)", Purpose{DPV: "dpv:PersonalisedAdvertising", TCFPurpose: 3, FidesUse: "marketing.advertising.profiling"}, true},
		{"fideslang ads alone", Purpose{FidesUse: "marketing.advertising.third_party.targeted"}, true},
		{"fideslang ads root", Purpose{FidesUse: "marketing.advertising"}, true},
		{"a key that only starts like ads", Purpose{FidesUse: "marketing.advertisingx"}, false},
		{"sharing with third parties", Purpose{FidesUse: "third_party_sharing"}, true},
		{"sharing the law requires", Purpose{FidesUse: "third_party_sharing.legal_obligation"}, false},
		{"TCF 4 alone", Purpose{TCFPurpose: 4}, true},
		{"TCF 7, measuring ads", Purpose{TCFPurpose: 7}, false},
		{"DPV selling data", Purpose{DPV: "dpv:SellDataToThirdParties"}, true},
		{"personal suggestions", Purpose{DPV: "dpv:ServicePersonalisation", TCFPurpose: 6, FidesUse: "personalize.content"}, false},
		{"email marketing", Purpose{DPV: "dpv:DirectMarketing", FidesUse: "marketing.communications.email"}, false},
		{"training", Purpose{IsTraining: true, DPV: "dpv:ServiceOptimisation", TCFPurpose: 10, FidesUse: "train_ai_system"}, false},
		{"training coded as ads stays the brand's call", Purpose{IsTraining: true, FidesUse: "marketing.advertising"}, false},
		{"no codes", Purpose{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := GPCDefault(&c.p); got != c.want {
				t.Fatalf("GPCDefault = %v, want %v", got, c.want)
			}
		})
	}
}

// The brand's choices override the defaults per purpose, stay within the brand, and date the last change.
func TestGPCChoicesOverrideDefaults(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ads, err := f.db.SavePurpose(ctx, Purpose{BrandID: f.brand.ID, Slug: "ads", LegalBasis: "consent", Refusable: true, Registered: true,
		FidesUse: "marketing.advertising.profiling"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.db.CreateBrand(ctx, Brand{Slug: "other", Name: "Other", DefaultLocale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := f.db.SavePurpose(ctx, Purpose{BrandID: other.ID, Slug: "x", LegalBasis: "consent", Refusable: true, Registered: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := f.db.GPCLastChange(ctx); err != nil || ok {
		t.Fatalf("last change before any choice: %v, %v", ok, err)
	}
	reg, err := f.db.Registry(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	choices, err := f.db.GPCChoices(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !GPCHonoured(reg.Purposes[ads], choices) || GPCHonoured(reg.Purposes[f.consent], choices) {
		t.Fatalf("defaults: ads %v, personalisation %v", GPCHonoured(reg.Purposes[ads], choices), GPCHonoured(reg.Purposes[f.consent], choices))
	}
	if err := f.db.SetGPCChoices(ctx, f.brand.ID, map[int64]bool{ads: false, f.consent: true, foreign: true}, "dpo@acme.test"); err != nil {
		t.Fatal(err)
	}
	choices, err = f.db.GPCChoices(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	if GPCHonoured(reg.Purposes[ads], choices) || !GPCHonoured(reg.Purposes[f.consent], choices) {
		t.Fatalf("after the brand's choice: %v", choices)
	}
	if theirs, err := f.db.GPCChoices(ctx, other.ID); err != nil || len(theirs) != 0 {
		t.Fatalf("another brand's purpose was set from this brand: %v, %v", theirs, err)
	}
	at, ok, err := f.db.GPCLastChange(ctx)
	if err != nil || !ok || !at.Equal(testNow.Truncate(time.Second)) {
		t.Fatalf("last change = %v %v %v, want %v", at, ok, err, testNow)
	}
}

// A yes confirmed with the signal on is remembered by its receipt, once, for that customer only.
func TestGPCConfirmations(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for range 2 {
		if err := f.db.RecordGPCConfirmation(ctx, f.brand.ID, f.cust, f.consent, "r-1"); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.db.GPCConfirmed(ctx, f.brand.ID, f.cust)
	if err != nil || len(got) != 1 || !got["r-1"] {
		t.Fatalf("confirmed = %v, %v", got, err)
	}
	if got, err := f.db.GPCConfirmed(ctx, f.brand.ID, f.cust+1); err != nil || len(got) != 0 {
		t.Fatalf("another customer's confirmations = %v, %v", got, err)
	}
}
