package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"vitrine/seed"
)

// A session request is held to ingest's rules for ids, and its email must be an address: a wrong field gets a
// per-field problem and changes nothing about the customer (nor creates one).
func TestAPISessionFieldsChecked(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	ctx := context.Background()
	maison, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	before, err := s.DB.CustomerByExternalID(ctx, maison.ID, seed.CamilleID)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a", 250) + "@example.com"
	cases := []struct {
		name, body, field string
	}{
		{"NUL in the customer id", `{"customer":"C-1\u0000"}`, "customer"},
		{"new line in the customer id", `{"customer":"C-1\n2"}`, "customer"},
		{"right-to-left override in the customer id", `{"customer":"C-1\u202e"}`, "customer"},
		{"customer id over 200 bytes", `{"customer":"` + strings.Repeat("C", 201) + `"}`, "customer"},
		{"customer id a number", `{"customer":1001}`, "customer"},
		{"customer id invalid UTF-8", "{\"customer\":\"C-\xff\"}", "customer"},
		{"email not an address", `{"customer":"` + seed.CamilleID + `","email":"not-an-email"}`, "email"},
		{"email with a display name", `{"customer":"` + seed.CamilleID + `","email":"Eve <eve@evil.example>"}`, "email"},
		{"email over 254 bytes", `{"customer":"` + seed.CamilleID + `","email":"` + long + `"}`, "email"},
		{"email with NUL", `{"customer":"` + seed.CamilleID + `","email":"eve@evil.example\u0000"}`, "email"},
		{"name with NUL", `{"customer":"` + seed.CamilleID + `","name":"Eve\u0000"}`, "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/sessions", key, "application/json", []byte(c.body))
			var p struct {
				Errors []struct{ Field, Message string } `json:"errors"`
			}
			if err := json.Unmarshal(raw, &p); status != http.StatusUnprocessableEntity || err != nil || len(p.Errors) != 1 || p.Errors[0].Field != c.field {
				t.Fatalf("status %d, want 422 naming %s alone: %s", status, c.field, raw)
			}
		})
	}
	after, err := s.DB.CustomerByExternalID(ctx, maison.ID, seed.CamilleID)
	if err != nil || after.Email != before.Email || after.Name != before.Name {
		t.Fatalf("refused requests changed the customer: %+v, was %+v (%v)", after, before, err)
	}
	if _, err := s.DB.CustomerByExternalID(ctx, maison.ID, "C-1\x00"); err == nil {
		t.Fatal("a refused request created a customer")
	}
	// A right address is still taken, spaces around it removed.
	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/sessions", key, "application/json",
		[]byte(`{"customer":" `+seed.CamilleID+` ","email":" camille.new@example.com "}`))
	if status != http.StatusCreated {
		t.Fatalf("a right request: %d %s", status, raw)
	}
	if after, _ := s.DB.CustomerByExternalID(ctx, maison.ID, seed.CamilleID); after.Email != "camille.new@example.com" {
		t.Fatalf("email after a right request = %q", after.Email)
	}
}
