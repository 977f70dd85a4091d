package vocab

import (
	"strings"
	"testing"
)

func TestEveryListSaysWhereItComesFrom(t *testing.T) {
	for _, l := range []*List{DPVPurposes, DPVLegalBases, FidesDataUses, FidesDataCategories, TCFPurposes, DPVFinancePurposes, DPVGDPRLegalBases, DPVPersonalData, DPVAI, FidesToPD} {
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

// TestDPVExtensionsHoldTheRealTerms pins the DPV terms vitrine writes into its JSON-LD documents to the extension
// lists they come from, so a term that does not exist (dpv:PublicTask, dpv:CreditChecking, pd:BrowsingBehaviour)
// cannot come back.
func TestDPVExtensionsHoldTheRealTerms(t *testing.T) {
	for _, c := range []struct {
		l    *List
		term string
		want bool
	}{
		{DPVFinancePurposes, "sector-finance:CreditChecking", true},
		{DPVFinancePurposes, "dpv:CreditChecking", false},
		{DPVGDPRLegalBases, "eu-gdpr:A6-1-e", true},
		{DPVGDPRLegalBases, "eu-gdpr:A6-1-a", true},
		{DPVPersonalData, "pd:Purchase", true},
		{DPVPersonalData, "pd:BrowsingBehavior", true},
		{DPVPersonalData, "pd:BrowsingBehaviour", false},
		{DPVPersonalData, "pd:Biometric", true},
		{DPVAI, "ai:ModelTraining", true},
		{DPVAI, "ai:AISystem", true},
		{DPVAI, "ai:TrainedModel", true},
		{DPVAI, "ai:hasModel", true},
		{DPVAI, "ai:Training", false},
	} {
		if c.l.Has(c.term) != c.want {
			t.Errorf("%s has %s: %v, want %v", c.l.Name, c.term, !c.want, c.want)
		}
	}
	if !DPVPurpose("sector-finance:CreditChecking") || DPVPurpose("dpv:CreditChecking") {
		t.Error("CreditChecking is a finance sector purpose of DPV 2.1, not a core one")
	}
	for _, l := range []*List{DPVFinancePurposes, DPVGDPRLegalBases, DPVPersonalData, DPVAI, FidesToPD} {
		if !strings.Contains(l.Source, "commit ") && l != FidesToPD {
			t.Errorf("%s: source %q names no commit", l.Name, l.Source)
		}
		if l.Version == "" {
			t.Errorf("%s has no version", l.Name)
		}
	}
}

func TestPersonalDataMapsFideslangKeysToDPV(t *testing.T) {
	for key, want := range map[string]string{
		"user.behavior.purchase_history": "pd:Purchase",
		"user.behavior.browsing_history": "pd:BrowserHistory",
		"user.contact.email":             "pd:EmailAddress",
		"user.biometric":                 "pd:Biometric",
		"user.behavior.wishlist":         "pd:Behavioral", // a custom key takes its parent's term
		"user.contact.address.state":     "pd:PhysicalAddress",
		"customer.email":                 "dpv:PersonalData", // under no default key
		"user":                           "dpv:PersonalData",
	} {
		if got := PersonalData(key); got != want {
			t.Errorf("PersonalData(%q) = %q, want %q", key, got, want)
		}
	}
	// Every default key maps to a real pd term or to dpv:PersonalData.
	for _, key := range FidesDataCategories.Terms {
		if got := PersonalData(key); got != "dpv:PersonalData" && !DPVPersonalData.Has(got) {
			t.Errorf("%s maps to %s, not a %s term", key, got, DPVPersonalData.Version)
		}
	}
}

func TestParseMappingRefusesUnknownTerms(t *testing.T) {
	head := "# name: m\n# version: 1\n# source: here\n"
	from, _ := parse("from", []byte(head+"a\nb\n"))
	to, _ := parse("to", []byte(head+"x:A\n"))
	if l, err := parseMapping("ok", []byte(head+"a x:A\n"), from, to); err != nil || l.Mapped("a") != "x:A" || l.Mapped("b") != "" {
		t.Fatalf("a good mapping: %+v, %v", l, err)
	}
	for name, text := range map[string]string{
		"an unknown key":  head + "c x:A\n",
		"an unknown term": head + "a x:B\n",
		"no term":         head + "a\n",
		"two terms":       head + "a x:A x:A\n",
		"no header":       "a x:A\n",
	} {
		if _, err := parseMapping(name, []byte(text), from, to); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

// FuzzParseMapping feeds the mapping parser any text: it errs or returns a mapping whose every key is a term of
// from and every term one of to, and never panics.
func FuzzParseMapping(f *testing.F) {
	head := "# name: m\n# version: 1\n# source: here\n"
	for _, s := range []string{head + "a x:A\n", head + "a x:A\nb x:A\n", head + "a\n", "a x:A", head + "c x:B\n", head + " a  x:A \n#\n", ""} {
		f.Add(s)
	}
	from, _ := parse("from", []byte(head+"a\nb\n"))
	to, _ := parse("to", []byte(head+"x:A\n"))
	f.Fuzz(func(t *testing.T, text string) {
		l, err := parseMapping("fuzz", []byte(text), from, to)
		if err != nil {
			return
		}
		for k, v := range l.pairs {
			if !from.Has(k) || !to.Has(v) || l.Mapped(k) != v {
				t.Fatalf("%q -> %q in a mapping of %q", k, v, text)
			}
		}
	})
}
