package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestBrandPublicKeys registers, lists and removes a brand's public keys: a JWK Set is added whole or not at
// all, a kid names one key of the brand (secrets included), and another brand's keys are apart.
func TestBrandPublicKeys(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	other, err := f.db.CreateBrand(ctx, Brand{Slug: "other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	added, err := f.db.AddBrandPublicKeys(ctx, f.brand.ID, []BrandPublicKey{{KID: "k1", Alg: "ES256", JWK: `{"kid":"k1"}`}, {KID: "k2", Alg: "EdDSA", JWK: `{"kid":"k2"}`}}, now)
	if err != nil || len(added) != 2 || added[0].ID == 0 {
		t.Fatalf("add = %+v, %v", added, err)
	}
	// The same kid in another brand is another key.
	if _, err := f.db.AddBrandPublicKeys(ctx, other.ID, []BrandPublicKey{{KID: "k1", Alg: "EdDSA", JWK: `{}`}}, now); err != nil {
		t.Fatal(err)
	}
	secrets, err := f.db.BrandKeys(ctx, f.brand.ID, now)
	if err != nil || len(secrets) == 0 {
		t.Fatal(secrets, err)
	}
	for _, kid := range []string{"k2", secrets[0].KID} {
		_, err := f.db.AddBrandPublicKeys(ctx, f.brand.ID, []BrandPublicKey{{KID: "k3", Alg: "ES256", JWK: `{}`}, {KID: kid, Alg: "ES256", JWK: `{}`}}, now)
		if !errors.Is(err, ErrKIDTaken) {
			t.Errorf("kid %q taken: %v, want ErrKIDTaken", kid, err)
		}
	}
	keys, err := f.db.BrandPublicKeys(ctx, f.brand.ID)
	if err != nil || len(keys) != 2 || keys[0].KID != "k1" || keys[1].Alg != "EdDSA" || keys[1].JWK != `{"kid":"k2"}` || !keys[0].CreatedAt.Equal(now) {
		t.Fatalf("keys = %+v, %v; want k1 and k2 only (a refused set adds nothing)", keys, err)
	}
	if err := f.db.RemoveBrandPublicKey(ctx, f.brand.ID, "k1"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.RemoveBrandPublicKey(ctx, f.brand.ID, "k1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
	if keys, _ := f.db.BrandPublicKeys(ctx, f.brand.ID); len(keys) != 1 || keys[0].KID != "k2" {
		t.Errorf("after removing k1: %+v", keys)
	}
	if keys, _ := f.db.BrandPublicKeys(ctx, other.ID); len(keys) != 1 || keys[0].KID != "k1" {
		t.Errorf("the other brand's k1 went too: %+v", keys)
	}
}
