package regfile

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vitrine/seed"
)

// goodFile is a small registry that lints clean; the cases below break one thing in it at a time. Its line
// numbers are in the comments the cases refer to.
const goodFile = `brand: maison-lumiere
systems:
  - slug: product-recommender
    name: Product recommendations
    deployment: in_house
    learns: true
    risk_level: limited
    automated_decision: false
    status: active
    texts:
      en:
        what: Suggests products you may like, from what you bought and looked at.
        how: It is a model we built. It compares what you bought with what similar customers bought. It learns from your orders only if you say yes.
      fr:
        what: Vous propose des produits qui peuvent vous plaire.
        how: C'est un modèle que nous avons créé. Il compare vos achats avec ceux de clients proches. Il apprend de vos commandes seulement si vous dites oui.
purposes:
  - slug: recommendations
    legal_basis: consent
    refusable: true
    dpv: dpv:ServicePersonalisation
    tcf_purpose: 6
    fides_use: personalize.content
    texts:
      en:
        name: Personal suggestions
        aim: recommend products you may like
        explanation: We use what you bought and looked at to suggest products for you. You can say no. You will still see our shop, just without picks made for you.
      fr:
        name: Suggestions personnalisées
        aim: vous recommander des produits
        explanation: Nous utilisons ce que vous avez acheté et regardé pour vous proposer des produits. Vous pouvez refuser. Vous verrez toujours notre boutique, sans choix faits pour vous.
data_categories:
  - slug: user.behavior.purchase_history
    sensitive: false
    fides_key: user.behavior.purchase_history
    texts:
      en: {name: Purchase history, phrase: your purchase history}
      fr: {name: Historique d'achats, phrase: votre historique d'achats}
`

// edit replaces old, which must be in goodFile once, by new.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if strings.Count(goodFile, old) != 1 {
		t.Fatalf("%q is not once in the good file", old)
	}
	return strings.Replace(goodFile, old, new, 1)
}

const hardFrench = "Nonobstant les obligations contractuelles susmentionnées, l'organisation mettra en œuvre des mesures techniques appropriées " +
	"afin de garantir la confidentialité, l'intégrité et la disponibilité des informations personnelles traitées."

func TestLintFindsEachProblemAtItsLine(t *testing.T) {
	if errs := Lint([]byte(goodFile)); len(errs) != 0 {
		t.Fatalf("the good file has problems: %v", errs)
	}
	for _, tc := range []struct {
		name, old, new string
		want           []LineError
	}{
		{"a language missing from a system", "      fr:\n        what: Vous propose des produits qui peuvent vous plaire.\n" +
			"        how: C'est un modèle que nous avons créé. Il compare vos achats avec ceux de clients proches. Il apprend de vos commandes seulement si vous dites oui.\n", "",
			[]LineError{{10, "systems[0].texts.fr is missing: write what the system does and how it works in French, as customers read the page in either language"}}},
		{"how missing in French", "        how: C'est un modèle que nous avons créé. Il compare vos achats avec ceux de clients proches. Il apprend de vos commandes seulement si vous dites oui.\n", "",
			[]LineError{{14, "systems[0].texts.fr.how is missing: write how it works in French"}}},
		{"an optional field given in English only", "        aim: vous recommander des produits\n", "",
			[]LineError{{29, "purposes[0].texts.fr.aim is missing: write what it is for in French"}}},
		{"a hard explanation", "Nous utilisons ce que vous avez acheté et regardé pour vous proposer des produits. Vous pouvez refuser. Vous verrez toujours notre boutique, sans choix faits pour vous.",
			hardFrench, []LineError{{32, "purposes[0].texts.fr.explanation reads at -12 (aim for 60 or more: shorter sentences, everyday words)"}}},
		{"a short text is not scored", "phrase: your purchase history}", "phrase: your purchase history, explanation: Notwithstanding contractual obligations.}",
			[]LineError{{39, "data_categories[0].texts.fr.explanation is missing: write the plain explanation in French"}}},
		{"a DPV term of a sector extension", "dpv: dpv:ServicePersonalisation", "dpv: dpv:CreditChecking",
			[]LineError{{21, `purposes[0].dpv "dpv:CreditChecking" moved to DPV's finance sector extension in DPV 2.1: write sector-finance:CreditChecking`}}},
		{"a DPV term of the finance sector", "dpv: dpv:ServicePersonalisation", "dpv: sector-finance:CreditChecking", nil},
		{"a DPV term that never existed", "dpv: dpv:ServicePersonalisation", "dpv: dpv:PublicTask",
			[]LineError{{21, `purposes[0].dpv "dpv:PublicTask" is not one of the 118 core purposes of DPV 2.1 (dpv:…) nor of its finance sector extension ` +
				`(sector-finance:…); use the closest purpose`}}},
		{"a DPV typo", "dpv: dpv:ServicePersonalisation", "dpv: dpv:ServicePersonalization",
			[]LineError{{21, `purposes[0].dpv "dpv:ServicePersonalization" is not a purpose of DPV 2.1; did you mean dpv:ServicePersonalisation?`}}},
		{"a DPV legal basis as purpose", "dpv: dpv:ServicePersonalisation", "dpv: dpv:Consent",
			[]LineError{{21, `purposes[0].dpv "dpv:Consent" is a DPV legal basis, not a purpose: the legal basis goes in legal_basis; give here the DPV purpose, like dpv:ServiceProvision`}}},
		{"a DPV term without its prefix", "dpv: dpv:ServicePersonalisation", "dpv: ServicePersonalisation",
			[]LineError{{21, `purposes[0].dpv "ServicePersonalisation" needs its prefix: write dpv:ServicePersonalisation`}}},
		{"a removed fideslang data use", "fides_use: personalize.content", "fides_use: improve",
			[]LineError{{23, `purposes[0].fides_use "improve" was removed from fideslang in 2.0.0: use functional.service.improve`}}},
		{"a deprecated fideslang data use", "fides_use: personalize.content", "fides_use: personalize.profiling",
			[]LineError{{23, `purposes[0].fides_use "personalize.profiling" is deprecated in fideslang since 2.1.1: use personalize.content.profiling`}}},
		{"a fideslang data use typo", "fides_use: personalize.content", "fides_use: personalise.content",
			[]LineError{{23, `purposes[0].fides_use "personalise.content" is not a fideslang data use; did you mean personalize.content?`}}},
		{"an unknown fideslang data use", "fides_use: personalize.content", "fides_use: make.money",
			[]LineError{{23, `purposes[0].fides_use "make.money" is not a data use of fideslang 3.1.4a1; use one of its keys, like essential.service or personalize.content`}}},
		{"a TCF purpose that does not exist", "tcf_purpose: 6", "tcf_purpose: 12",
			[]LineError{{18, `purpose "recommendations": tcf_purpose must be a TCF v2.2 purpose number from 1 to 11`}}},
		{"a custom fideslang category is a warning", "fides_key: user.behavior.purchase_history", "fides_key: user.behavior.wishlist",
			[]LineError{{36, `warning: data_categories[0].fides_key "user.behavior.wishlist" is not in fideslang 3.1.4a1's default categories: ` +
				`fine if your Fides setup defines it as a custom category under user.behavior, otherwise use a default key`}}},
		{"a fideslang category typo is a warning", "fides_key: user.behavior.purchase_history", "fides_key: user.behaviour.purchase_history",
			[]LineError{{36, `warning: data_categories[0].fides_key "user.behaviour.purchase_history" is not a fideslang data category; ` +
				`did you mean user.behavior.purchase_history? Keep it only if your Fides setup defines it`}}},
		{"a category key outside fideslang is a warning", "fides_key: user.behavior.purchase_history", "fides_key: loyalty-points",
			[]LineError{{36, `warning: data_categories[0].fides_key "loyalty-points" is not in fideslang 3.1.4a1's default categories and extends none of them: ` +
				`fine if your Fides setup defines it, otherwise use a default key, like user.behavior.purchase_history`}}},
		{"consent that cannot be refused", "    refusable: true\n", "    refusable: false\n",
			[]LineError{{18, `purpose "recommendations" rests on consent, so the customer must be able to refuse it: set refusable: true`}}},
		{"a contract said to be refusable", "    legal_basis: consent\n", "    legal_basis: contract\n",
			[]LineError{{20, "warning: purposes[0].refusable is true, but customers cannot refuse a purpose whose legal basis is contract, and vitrine " +
				"will not offer them to: remove refusable, or give the legal basis that lets them refuse (consent or legitimate_interest)"}}},
		{"a legitimate interest that cannot be objected to is the brand's choice", "    legal_basis: consent\n    refusable: true\n",
			"    legal_basis: legitimate_interest\n    refusable: false\n", nil},
		{"an unknown field stops the other checks", "dpv: dpv:ServicePersonalisation", "dpv: dpv:CreditChecking\n    colour: blue",
			[]LineError{{22, "field colour not found in type regfile.Purpose"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Lint([]byte(edit(t, tc.old, tc.new)))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestLintSortsProblemsByLineAndTellsWarnings(t *testing.T) {
	file := edit(t, "fides_key: user.behavior.purchase_history", "fides_key: user.behavior.wishlist")
	file = strings.Replace(file, "dpv: dpv:ServicePersonalisation", "dpv: dpv:CreditChecking", 1)
	file = strings.Replace(file, "        how: C'est un modèle que nous avons créé. Il compare vos achats avec ceux de clients proches. Il apprend de vos commandes seulement si vous dites oui.\n", "", 1)
	got := Lint([]byte(file))
	var lines []int
	for _, e := range got {
		lines = append(lines, e.Line)
	}
	if fmt.Sprint(lines) != "[14 20 35]" {
		t.Fatalf("lines %v, want [14 20 35]: %v", lines, got)
	}
	if got[0].IsWarning() || got[1].IsWarning() || !got[2].IsWarning() {
		t.Errorf("only the custom category is a warning: %v", got)
	}
}

func TestLintPointsAtTheTextsKeyOrTheEntry(t *testing.T) {
	// No texts at all: both languages are missing, at the entry's line.
	file := edit(t, "    texts:\n      en: {name: Purchase history, phrase: your purchase history}\n      fr: {name: Historique d'achats, phrase: votre historique d'achats}\n", "")
	got := Lint([]byte(file))
	want := "[line 34: data_categories[0].texts.en is missing: write its name and the short phrase used in sentences in English, as customers read the page in either language" +
		" line 34: data_categories[0].texts.fr is missing: write its name and the short phrase used in sentences in French, as customers read the page in either language]"
	if fmt.Sprint(got) != want {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// TestTheDemoRegistriesLintClean exports each demo brand's registry, as a brand would to start its registry
// file, and lints it: the demo must show clean texts and real codes.
func TestTheDemoRegistriesLintClean(t *testing.T) {
	db, _ := seeded(t)
	ctx := context.Background()
	for _, slug := range []string{seed.BrandMaison, seed.BrandNorthwind} {
		b, err := db.BrandBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		reg, _ := db.Registry(ctx, b.ID)
		out, err := Marshal(Export(b.Slug, reg))
		if err != nil {
			t.Fatal(err)
		}
		if errs := Lint(out); len(errs) != 0 {
			t.Errorf("%s: the demo registry has problems:\n%v", slug, errs)
		}
		if f, _ := Parse(out); len(f.Purposes) < 4 || len(f.DataCategories) < 4 {
			t.Errorf("%s: the export has too little to lint", slug)
		}
	}
}

func FuzzLint(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Add([]byte("brand: [unclosed"))
	f.Add([]byte("systems: &a [*a]\n"))
	f.Add([]byte("purposes:\n  - slug: x\n    texts: {en: {name: a}, fr: 3}\n"))
	f.Add([]byte("data_categories:\n  - {slug: a, fides_key: user., texts: {en: {name: n, phrase: p}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		errs := Lint(data)
		for i := 1; i < len(errs); i++ {
			if errs[i].Line < errs[i-1].Line {
				t.Fatalf("problems are not sorted by line: %v", errs)
			}
		}
	})
}
