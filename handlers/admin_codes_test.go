package handlers

import (
	"testing"

	"vitrine/vocab"
)

// TestFormsOfferOnlyRealCodes keeps the codes the admin forms offer, and those the exports name, to current terms
// of the published vocabularies: a code that left its vocabulary (dpv:CreditChecking left DPV's core in 2.1,
// fideslang removed improve and provide.service) would be chosen by a privacy team and mean nothing to its tools.
func TestFormsOfferOnlyRealCodes(t *testing.T) {
	for _, term := range dpvTerms {
		if !vocab.DPVPurpose(term) {
			t.Errorf("the purpose form offers %s, which is not a %s purpose", term, vocab.DPVPurposes.Version)
		}
	}
	for _, key := range fidesUses {
		if !vocab.FidesDataUse(key) {
			t.Errorf("the purpose form offers %s, which is not a current data use of %s", key, vocab.FidesDataUses.Version)
		}
	}
	for _, key := range fidesCategories {
		if !vocab.FidesDataCategory(key) {
			t.Errorf("the category form offers %s, which is not a data category of %s", key, vocab.FidesDataCategories.Version)
		}
		if pd := vocab.PersonalData(key); !vocab.DPVPersonalData.Has(pd) {
			t.Errorf("the category form offers %s, which maps to %s, not a term of %s", key, pd, vocab.DPVPersonalData.Version)
		}
	}
	if len(tcfPurposes) != len(vocab.TCFPurposes.Terms)+1 {
		t.Fatalf("the purpose form offers %d TCF purposes, %s has %d", len(tcfPurposes)-1, vocab.TCFPurposes.Version, len(vocab.TCFPurposes.Terms))
	}
	for n := 1; n < len(tcfPurposes); n++ {
		if tcfPurposes[n] != vocab.TCFName(n) {
			t.Errorf("TCF purpose %d is named %q in the form, %q in %s", n, tcfPurposes[n], vocab.TCFName(n), vocab.TCFPurposes.Version)
		}
	}
	for _, basis := range legalBases {
		if term := dpvLegalBasis[basis]; !vocab.DPVLegalBasis(term) {
			t.Errorf("exports name legal basis %s as %q, which is not a %s legal basis", basis, term, vocab.DPVLegalBases.Version)
		}
		if term := gdprLegalBasis[basis]; !vocab.DPVGDPRLegalBases.Has(term) {
			t.Errorf("exports name legal basis %s as %q, which is not a %s GDPR legal basis", basis, term, vocab.DPVGDPRLegalBases.Version)
		}
	}
}
