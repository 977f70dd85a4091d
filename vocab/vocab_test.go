package vocab

import (
	"strings"
	"testing"
)

func TestEveryListSaysWhereItComesFrom(t *testing.T) {
	for _, l := range []*List{DPVPurposes, DPVLegalBases, FidesDataUses, FidesDataCategories, TCFPurposes} {
		if l.Name == "" || l.Version == "" || l.Source == "" {
			t.Errorf("%+v lacks its name, version or source", l)
		}
	}
	for _, c := range []struct {
		l      *List
		source string
	}{{DPVPurposes, "github.com/w3c/dpv"}, {DPVLegalBases, "github.com/w3c/dpv"}, {FidesDataUses, "github.com/ethyca/fideslang"},
		{FidesDataCategories, "github.com/ethyca/fideslang"}} {
		if !strings.Contains(c.l.Source, c.source) || !strings.Contains(c.l.Source, "commit ") {
			t.Errorf("%s: source %q does not name %s and a commit", c.l.Name, c.l.Source, c.source)
		}
	}
}

// TestTheListsHoldTheRealVocabularies pins facts of the published vocabularies that a careless refresh (or a
// guess) would get wrong.
func TestTheListsHoldTheRealVocabularies(t *testing.T) {
	for _, term := range []string{"dpv:ServicePersonalisation", "dpv:FraudPreventionAndDetection", "dpv:CustomerCare",
		"dpv:PersonalisedAdvertising", "dpv:DirectMarketing", "dpv:ServiceOptimisation", "dpv:CustomerSolvencyMonitoring"} {
		if !DPVPurpose(term) {
			t.Errorf("%s is a DPV 2.1 core purpose", term)
		}
	}
	// CreditChecking moved to the finance sector extension in DPV 2.1; PublicTask never existed; a legal basis
	// is not a purpose.
	for _, term := range []string{"dpv:CreditChecking", "dpv:PublicTask", "dpv:Consent", "ServicePersonalisation", "dpv:Purpose"} {
		if DPVPurpose(term) {
			t.Errorf("%s is not a DPV 2.1 core purpose", term)
		}
	}
	for _, term := range []string{"dpv:Consent", "dpv:Contract", "dpv:LegitimateInterest", "dpv:LegalObligation", "dpv:VitalInterest", "dpv:PublicInterest"} {
		if !DPVLegalBasis(term) {
			t.Errorf("%s is a DPV 2.1 legal basis", term)
		}
	}
	if DPVLegalBasis("dpv:PublicTask") {
		t.Error("there is no dpv:PublicTask")
	}
	if n := len(DPVPurposes.Terms); n < 100 || n > 140 {
		t.Errorf("DPV 2.1 has 118 core purposes, the list has %d", n)
	}

	for _, key := range []string{"personalize.content", "train_ai_system", "essential.fraud_detection", "essential.service",
		"essential.service.operations.support", "marketing.advertising.profiling", "marketing.communications.email", "functional.service.improve"} {
		if !FidesDataUse(key) {
			t.Errorf("%s is a fideslang data use", key)
		}
	}
	for _, c := range []struct {
		key, by string
		removed bool
		version string
	}{
		{"improve", "functional.service.improve", true, "2.0.0"},
		{"provide.service", "essential.service", true, "1.4"},
		{"personalize.profiling", "personalize.content.profiling", false, "2.1.1"},
	} {
		if FidesDataUse(c.key) {
			t.Errorf("%s is no current fideslang data use", c.key)
		}
		if r, ok := FidesDataUses.Replacement(c.key); !ok || r.By != c.by || r.Removed != c.removed || r.Version != c.version {
			t.Errorf("replacement of %s = %+v, %v; want %s, removed %v in %s", c.key, r, ok, c.by, c.removed, c.version)
		}
	}
	for _, key := range []string{"user.behavior.purchase_history", "user.contact.email", "user.biometric", "user.financial.credit_card", "user.location.imprecise"} {
		if !FidesDataCategory(key) {
			t.Errorf("%s is a fideslang data category", key)
		}
	}
	if FidesDataCategory("user.behavior.wishlist") || FidesDataCategories.Parent("user.behavior.wishlist") != "user.behavior" {
		t.Error("a custom key under user.behavior is not a default key, and its parent is user.behavior")
	}
	if p := FidesDataCategories.Parent("customer.email"); p != "" {
		t.Errorf("customer.email extends no default key, not %q", p)
	}

	if len(TCFPurposes.Terms) != 11 || !TCFPurpose(1) || !TCFPurpose(11) || TCFPurpose(0) || TCFPurpose(12) {
		t.Errorf("TCF v2.2 has purposes 1 to 11: %v", TCFPurposes.Terms)
	}
	if TCFName(10) != "Develop and improve services" || TCFName(11) != "Use limited data to select content" || TCFName(12) != "" {
		t.Errorf("TCF names: 10 %q, 11 %q", TCFName(10), TCFName(11))
	}
}

func TestClosestFindsTyposOnly(t *testing.T) {
	for _, c := range []struct {
		l          *List
		term, want string
	}{
		{DPVPurposes, "dpv:ServicePersonalization", "dpv:ServicePersonalisation"},
		{DPVPurposes, "dpv:servicepersonalisation", "dpv:ServicePersonalisation"},
		{DPVPurposes, "dpv:CreditChecking", ""},
		{FidesDataUses, "personalise.content", "personalize.content"},
		{FidesDataUses, "nothing.like.it", ""},
		{FidesDataCategories, "user.behaviour", "user.behavior"},
	} {
		if got := c.l.Closest(c.term); got != c.want {
			t.Errorf("%s: Closest(%q) = %q, want %q", c.l.Name, c.term, got, c.want)
		}
	}
}

func TestParseRefusesAMalformedList(t *testing.T) {
	head := "# name: x\n# version: 1\n# source: here\n"
	if l, err := parse("ok", []byte(head+"a\nb.c\nremoved old -> a (in 2)\n")); err != nil || !l.Has("b.c") || l.Has("old") {
		t.Fatalf("a good list: %+v, %v", l, err)
	}
	for name, text := range map[string]string{
		"no header":            "a\n",
		"no terms":             head,
		"a term with a space":  head + "a b\n",
		"a term twice":         head + "a\na\n",
		"a bad removed line":   head + "a\nremoved old a\n",
		"replaced by nothing":  head + "a\nremoved old -> b (in 2)\n",
		"replaced yet current": head + "a\nb\ndeprecated b -> a (in 2)\n",
	} {
		if _, err := parse(name, []byte(text)); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
	if _, err := load("data/none.txt"); err == nil {
		t.Error("a missing file loads")
	}
}
