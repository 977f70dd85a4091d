package store

import (
	"context"
	"errors"
	"testing"
)

func TestSSOSettingsAndSignIn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other, err := f.db.CreateBrand(ctx, Brand{Slug: "globex", Name: "Globex", DefaultLocale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	good := SSOConfig{BrandID: f.brand.ID, Issuer: "https://id.acme.example", ClientID: "vitrine", ClientSecret: "s3cret",
		RoleClaim: "groups", RoleMap: map[string]string{"vitrine-admins": RoleAdmin, "support": RoleSupport},
		Domains: []string{"Acme.example", "acme.example"}, PasswordLogin: false}
	bad := map[string]func(*SSOConfig){
		"plain http issuer":     func(c *SSOConfig) { c.Issuer = "http://id.acme.example" },
		"no client id":          func(c *SSOConfig) { c.ClientID = " " },
		"unknown role":          func(c *SSOConfig) { c.RoleMap = map[string]string{"x": "boss"} },
		"no domain":             func(c *SSOConfig) { c.Domains = nil },
		"an address, no domain": func(c *SSOConfig) { c.Domains = []string{"ada@acme.example"} },
	}
	for name, spoil := range bad {
		c := good
		spoil(&c)
		if err := f.db.SetSSO(ctx, c, staffNow); !errors.Is(err, ErrBadSSO) {
			t.Errorf("%s: err %v, want ErrBadSSO", name, err)
		}
	}
	if err := f.db.SetSSO(ctx, good, staffNow); err != nil {
		t.Fatal(err)
	}
	got, err := f.db.SSOByEmail(ctx, "Ada@ACME.example")
	if err != nil || got.BrandID != f.brand.ID || len(got.Domains) != 1 || got.ClientSecret != "s3cret" || got.PasswordLogin {
		t.Fatalf("by email: %+v, %v", got, err)
	}
	if _, err := f.db.SSOByEmail(ctx, "ada@acme.example.evil"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a look-alike domain found a provider: %v", err)
	}
	taken := good
	taken.BrandID = other.ID
	if err := f.db.SetSSO(ctx, taken, staffNow); !errors.Is(err, ErrDomainTaken) {
		t.Errorf("a second brand claimed acme.example: %v", err)
	}
	if got.Role([]string{"support", "vitrine-admins", "other"}) != RoleAdmin || got.Role([]string{"other"}) != "" {
		t.Errorf("role mapping: widest of several, none for unknown values")
	}

	// Just-in-time provisioning, role refreshed at each sign-in, no password to sign in with.
	u, err := f.db.SSOSignIn(ctx, f.brand.ID, "Ada@acme.example", "Ada", RoleSupport, staffNow)
	if err != nil || u.ID == 0 || u.Role != RoleSupport || u.LastSignInMethod != SignInSSO {
		t.Fatalf("first sign-in: %+v, %v", u, err)
	}
	again, err := f.db.SSOSignIn(ctx, f.brand.ID, "ada@acme.example", "", RoleAdmin, staffNow)
	if err != nil || again.ID != u.ID || again.Role != RoleAdmin || again.Name != "Ada" {
		t.Fatalf("second sign-in: %+v, %v", again, err)
	}
	if stored, _ := f.db.StaffByID(ctx, u.ID); stored.Role != RoleAdmin || stored.LastSignInMethod != SignInSSO || stored.LastSignInAt == nil {
		t.Errorf("stored after sign-in: %+v", stored)
	}
	for _, pw := range []string{"", testPassword} {
		if _, err := f.db.Authenticate(ctx, "ada@acme.example", pw); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("an account made by single sign-on signed in with password %q: %v", pw, err)
		}
	}

	// Someone of another brand with the address is not taken over.
	mustStaff(t, f.db, StaffUser{BrandID: other.ID, Email: "bob@acme.example", Role: RoleAdmin})
	if _, err := f.db.SSOSignIn(ctx, f.brand.ID, "bob@acme.example", "Bob", RoleAdmin, staffNow); !errors.Is(err, ErrOtherBrand) {
		t.Errorf("another brand's account adopted: %v", err)
	}
	if refused, err := f.db.PasswordLoginRefused(ctx, "bob@acme.example", other.ID); err != nil || !refused {
		t.Errorf("password login for an acme.example address: refused %v, %v", refused, err)
	}
	if refused, err := f.db.PasswordLoginRefused(ctx, "bob@globex.example", other.ID); err != nil || refused {
		t.Errorf("password login for a brand without single sign-on: refused %v, %v", refused, err)
	}

	if removed, err := f.db.RemoveSSO(ctx, f.brand.ID); err != nil || !removed {
		t.Fatalf("remove: %v %v", removed, err)
	}
	if _, err := f.db.SSOByBrand(ctx, f.brand.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after removal: %v", err)
	}
}
