package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

func TestWhatChangedAppearsOnce(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	sys := store.AISystem{BrandID: b.ID, Slug: "smart-search", Name: "Smart Search", Vendor: "Vendor X", Deployment: store.DeployVendorTool,
		Texts: map[string]store.SystemText{"en": {What: "It ranks products by what you search for.", How: "It reads the words you type."}}}
	if _, err := s.DB.SaveSystemAs(ctx, "privacy@maison-lumiere.example", sys, true, testNow.Add(-15*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, body := get(t, c, ts.URL+"/me?lang=en")
	want := "started using Smart Search, a tool made by Vendor X. What it does: It ranks products by what you search for."
	if !strings.Contains(body, `data-testid="changes"`) || strings.Count(body, want) != 1 {
		t.Fatalf("the new system is not told once on the first visit")
	}
	_, _, body = get(t, c, ts.URL+"/me?lang=en")
	if strings.Contains(body, "Smart Search, a tool made by Vendor X") {
		t.Fatal("the same change is told again on the next visit")
	}
	// A later change shows on the following visit.
	sys.Status = "retired"
	if _, err := s.DB.SaveSystemAs(ctx, "privacy@maison-lumiere.example", sys, false, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, _, body = get(t, c, ts.URL+"/me?lang=en")
	if strings.Contains(body, "stopped using Smart Search") {
		t.Fatal("a system that never used Camille's data is not her news")
	}
}
