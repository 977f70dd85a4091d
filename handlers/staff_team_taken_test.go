package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
)

var nonceRe = regexp.MustCompile(`nonce="[^"]*"`)

// An admin who adds an email that has an account at another brand gets the very answer they get for an email
// already on their own team: nothing tells them the address works elsewhere.
func TestStaffTeamAddTakenEmailSaysNothingOfOtherBrands(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	if _, err := s.DB.CreateStaff(context.Background(), store.StaffUser{Email: platform, Name: "Root", Role: store.RoleAdmin}, seed.StaffPassword, testNow); err != nil {
		t.Fatal(err)
	}
	c := staffSignIn(t, ts, adminA)
	add := func(email string) (int, string) {
		status, _, body := staffSubmit(t, c, ts.URL+"/staff/team", ts.URL+"/staff/team",
			url.Values{"name": {"New person"}, "email": {email}, "role": {"support"}, "password": {"long enough password"}})
		// The form keeps what was typed, and each page has its own CSRF token and style nonce; the rest of the
		// page must be the same.
		body = strings.ReplaceAll(body, `value="`+email+`"`, `value="EMAIL"`)
		return status, nonceRe.ReplaceAllString(staffCSRFRe.ReplaceAllString(body, "CSRF"), "NONCE")
	}
	ownStatus, own := add(supportA)
	if ownStatus != http.StatusUnprocessableEntity || !strings.Contains(own, "This email cannot be used for a new account.") {
		t.Fatalf("an email already on the team: status %d; page: %.300s", ownStatus, own)
	}
	for _, other := range []string{supportB, platform} {
		status, body := add(other)
		if status != ownStatus || body != own {
			t.Errorf("adding %s, who works elsewhere, is answered %d and differently from an email on the team (%d)", other, status, ownStatus)
		}
		if strings.Contains(body, "already has an account") || strings.Contains(body, "Northwind") {
			t.Errorf("adding %s says it has an account or names the other brand", other)
		}
	}
}
