package handlers

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"vitrine/store"
)

// apiCursor makes an opaque cursor of the brand API: a kind (so that a cursor of one list is refused by another)
// and numbers, base64url-encoded so that clients treat it as a token rather than as something to compute.
func apiCursor(kind string, nums ...int64) string {
	parts := []string{kind}
	for _, n := range nums {
		parts = append(parts, strconv.FormatInt(n, 10))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, ".")))
}

// parseAPICursor reads a cursor apiCursor made for kind with n numbers, none negative; ok is false for anything
// else, which the caller answers with 400.
func parseAPICursor(s, kind string, n int) ([]int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != n+1 || parts[0] != kind {
		return nil, false
	}
	out := make([]int64, n)
	for i, p := range parts[1:] {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 || strconv.FormatInt(v, 10) != p {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// apiLimit reads the limit query parameter: def when absent, else a whole number from 1 to max.
func apiLimit(q string, def, max int) (int, *problem) {
	if q == "" {
		return def, nil
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > max {
		return 0, apiProblem(http.StatusBadRequest, "limit: must be a whole number from 1 to "+strconv.Itoa(max)+".")
	}
	return n, nil
}

// Reasons the brand API gives for an answer that is not a customer's refusal (store.Excluded* names those).
const (
	reasonGranted         = "granted"           // the customer said yes
	reasonNotObjected     = "not_objected"      // a legitimate interest the customer did not object to
	reasonNoConsentNeeded = "no_consent_needed" // contract, legal obligation, vital interest, public task
	reasonUnknownCustomer = "unknown_customer"  // no customer of the brand has this id: the legal basis decides
	reasonUnknownPurpose  = "unknown_purpose"   // the brand has no such purpose: nothing allows the use
)

// stateUnanswered is the state of a purpose the customer never answered.
const stateUnanswered = "unanswered"

// consentVerdict says whether the brand may use a customer's data for a purpose given their latest choice (nil
// when they made none), with the state and the reason the API shows. It is the one rule the consents, check and
// excluded answers share: a recorded refusal always excludes; without an answer, a purpose on consent is a no
// and every other legal basis allows the use.
func consentVerdict(p *store.Purpose, st *store.ConsentState) (state string, allowed bool, reason string) {
	switch {
	case st != nil && st.State == store.ConsentRefused:
		return store.ConsentRefused, false, store.RefusalReason(p.LegalBasis, st.WasGranted)
	case st != nil:
		return store.ConsentGranted, true, reasonGranted
	case p.LegalBasis == "consent":
		return stateUnanswered, false, store.ExcludedNeverAsked
	case p.LegalBasis == "legitimate_interest":
		return stateUnanswered, true, reasonNotObjected
	}
	return stateUnanswered, true, reasonNoConsentNeeded
}
