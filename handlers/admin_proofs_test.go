package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vitrine/seed"
)

// The privacy team sets how long receipts and staff-access records are kept; a bad number is explained and
// changes nothing; marketing cannot; the customer's receipt page tells the period.
func TestAdminSetsHowLongProofsAreKept(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	page := ts.URL + "/admin/settings"
	cases := []struct {
		who, months string
		status      int
		want        int // the period after
		says        string
	}{
		{privacyA, "84", http.StatusSeeOther, 84, ""},
		{privacyA, "0", http.StatusUnprocessableEntity, 84, "Give a whole number of months from 1 to 1200."},
		{privacyA, "five years", http.StatusUnprocessableEntity, 84, "Give a whole number of months from 1 to 1200."},
		{adminA, "1201", http.StatusUnprocessableEntity, 84, "Give a whole number of months from 1 to 1200."},
		{adminA, "36", http.StatusSeeOther, 36, ""},
	}
	for _, c := range cases {
		t.Run(c.who+" "+c.months, func(t *testing.T) {
			staff := staffSignIn(t, ts, c.who)
			status, loc, body := staffSubmit(t, staff, page, ts.URL+"/admin/settings/proofs", url.Values{"proof_months": {c.months}})
			if status != c.status {
				t.Fatalf("status %d (location %q), want %d", status, loc, c.status)
			}
			if c.says != "" && !strings.Contains(body, c.says) {
				t.Errorf("the page does not say %q", c.says)
			}
			if got, _ := s.DB.ProofRetention(ctx, brand.ID); got != c.want {
				t.Errorf("period %d months, want %d", got, c.want)
			}
		})
	}
	marketing := staffSignIn(t, ts, marketingA)
	if status, _, _ := staffSubmit(t, marketing, ts.URL+"/admin", ts.URL+"/admin/settings/proofs", url.Values{"proof_months": {"1"}}); status != http.StatusForbidden {
		t.Errorf("marketing sets the period: %d", status)
	}
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	cust, _ := s.DB.CustomerByExternalID(ctx, brand.ID, seed.CamilleID)
	hist, _ := s.DB.ConsentHistory(ctx, cust.ID, 0)
	if _, _, body := get(t, camille, ts.URL+"/me/consents/receipts/"+hist[0].ReceiptID+"?lang=en"); !strings.Contains(body, "for 3 years, then deletes them") {
		t.Error("the receipt page does not tell the brand's period")
	}
}
