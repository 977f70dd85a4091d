package plain

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/number"
)

// Spaces French typography needs, spelled out so the expectations are readable.
const (
	nbsp  = "\u00a0" // before ":" ";" "?" "!"
	nnbsp = "\u202f" // digit grouping
)

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatalf("Europe/Paris must load from the embedded zone database: %v", err)
	}
	return loc
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name       string
		candidates []string
		want       string
		ok         bool
	}{
		{"none", nil, "", false},
		{"bare en", []string{"en"}, "en", true},
		{"bare fr", []string{"fr"}, "fr", true},
		{"upper case", []string{"EN"}, "en", true},
		{"region", []string{"fr-CA"}, "fr", true},
		{"region en", []string{"en-GB"}, "en", true},
		{"underscore", []string{"fr_FR"}, "fr", true},
		{"spaces", []string{"  fr  "}, "fr", true},
		{"header fr first", []string{"fr-CH, fr;q=0.9, en;q=0.8"}, "fr", true},
		{"header by weight", []string{"en;q=0.5, fr"}, "fr", true},
		{"header unsupported first", []string{"de-DE, de;q=0.9, fr;q=0.5"}, "fr", true},
		{"header refuses fr", []string{"fr;q=0, en"}, "en", true},
		{"header refuses all", []string{"fr;q=0"}, "", false},
		{"unsupported", []string{"de"}, "", false},
		{"wildcard is no preference", []string{"*", "fr"}, "fr", true},
		{"skip empty", []string{"", "  ", "fr"}, "fr", true},
		{"skip unsupported", []string{"de", "ja-JP", "en"}, "en", true},
		{"skip junk", []string{"<script>", "fr;q=abc", "zz", "fr"}, "fr", true},
		{"first wins", []string{"fr", "en"}, "fr", true},
		{"junk only", []string{";;;", "q=1", "\x00"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Negotiate(tt.candidates...)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Negotiate(%q) = %q, %v; want %q, %v", tt.candidates, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "en", "fr-CA", "fr-CH, fr;q=0.9, en;q=0.8", "*", "de;q=0", "x-klingon", ";;,,q=", "en-US-u-ca-x-y-z"} {
		f.Add(s, "fr")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		got, ok := Negotiate(a, b)
		if ok != slices.Contains(Locales, got) || (!ok && got != "") {
			t.Errorf("Negotiate(%q, %q) = %q, %v", a, b, got, ok)
		}
	})
}

func TestNew(t *testing.T) {
	tests := []struct {
		locale string
		want   string
	}{
		{"en", "en"}, {"fr", "fr"}, {"fr-CA", "fr"}, {"FR", "fr"}, {"de", "en"}, {"", "en"}, {"junk!", "en"},
	}
	for _, tt := range tests {
		if got := New(tt.locale, nil).Locale(); got != tt.want {
			t.Errorf("New(%q).Locale() = %q, want %q", tt.locale, got, tt.want)
		}
	}
	at := time.Date(2026, 11, 3, 23, 30, 0, 0, time.UTC)
	if got := New("en", nil).DateTime(at); got != "3 Nov 2026 at 23:30" {
		t.Errorf("nil location is UTC: got %q", got)
	}
	var zero Localizer
	if got := zero.Locale() + " " + zero.DateTime(at) + " " + zero.Number(1284); got != "en 3 Nov 2026 at 23:30 1,284" {
		t.Errorf("zero Localizer is English in UTC: got %q", got)
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		n      int
		en, fr string
	}{
		{0, "0", "0"},
		{1, "1", "1"},
		{999, "999", "999"},
		{1284, "1,284", "1" + nnbsp + "284"},
		{1234567, "1,234,567", "1" + nnbsp + "234" + nnbsp + "567"},
		{-1284, "-1,284", "-1" + nnbsp + "284"},
	}
	en, fr := New("en", nil), New("fr", nil)
	for _, tt := range tests {
		if got := en.Number(tt.n); got != tt.en {
			t.Errorf("en Number(%d) = %q, want %q", tt.n, got, tt.en)
		}
		if got := fr.Number(tt.n); got != tt.fr {
			t.Errorf("fr Number(%d) = %q, want %q", tt.n, got, tt.fr)
		}
	}
}

// TestNumberShortcutMatchesCLDR checks the shortcut for small numbers against x/text's formatting, around
// the first group separator too.
func TestNumberShortcutMatchesCLDR(t *testing.T) {
	for _, loc := range Locales {
		l := New(loc, nil)
		for n := range 1002 {
			want := printers[loc].Sprint(number.Decimal(n))
			if loc == "fr" {
				want = strings.ReplaceAll(want, "\u00a0", nnbsp)
			}
			if got := l.Number(n); got != want {
				t.Fatalf("%s Number(%d) = %q, CLDR says %q", loc, n, got, want)
			}
		}
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		items  []string
		en, fr string
	}{
		{nil, "", ""},
		{[]string{"A"}, "A", "A"},
		{[]string{"A", "B"}, "A and B", "A et B"},
		{[]string{"A", "B", "C"}, "A, B and C", "A, B et C"},
		{[]string{"A", "B", "C", "D"}, "A, B, C and D", "A, B, C et D"},
	}
	for _, tt := range tests {
		if got := New("en", nil).List(tt.items); got != tt.en {
			t.Errorf("en List(%q) = %q, want %q", tt.items, got, tt.en)
		}
		if got := New("fr", nil).List(tt.items); got != tt.fr {
			t.Errorf("fr List(%q) = %q, want %q", tt.items, got, tt.fr)
		}
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		name                 string
		at                   time.Time
		locale               string
		date, dm, dt, monthY string
	}{
		{"winter en", time.Date(2026, 11, 3, 13, 2, 0, 0, time.UTC), "en",
			"3 Nov 2026", "3 Nov", "3 Nov 2026 at 14:02", "Nov 2026"},
		{"winter fr", time.Date(2026, 11, 3, 13, 2, 0, 0, time.UTC), "fr",
			"3 nov. 2026", "3 nov.", "3 nov. 2026 à 14:02", "nov. 2026"},
		{"summer time fr", time.Date(2026, 7, 14, 8, 0, 0, 0, time.UTC), "fr",
			"14 juil. 2026", "14 juil.", "14 juil. 2026 à 10:00", "juil. 2026"},
		{"next day in Paris en", time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC), "en",
			"1 Nov 2026", "1 Nov", "1 Nov 2026 at 00:30", "Nov 2026"},
		{"first of the month fr", time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC), "fr",
			"1er nov. 2026", "1er nov.", "1er nov. 2026 à 00:30", "nov. 2026"},
		{"next year in Paris fr", time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "fr",
			"1er janv. 2027", "1er janv.", "1er janv. 2027 à 00:30", "janv. 2027"},
		{"month without a dot fr", time.Date(2026, 5, 21, 12, 0, 0, 0, time.UTC), "fr",
			"21 mai 2026", "21 mai", "21 mai 2026 à 14:00", "mai 2026"},
		{"given in another zone", time.Date(2026, 3, 9, 9, 5, 0, 0, time.FixedZone("EST", -5*3600)), "en",
			"9 Mar 2026", "9 Mar", "9 Mar 2026 at 15:05", "Mar 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := New(tt.locale, paris(t))
			got := []string{l.Date(tt.at), l.DayMonth(tt.at), l.DateTime(tt.at), l.MonthYear(tt.at)}
			want := []string{tt.date, tt.dm, tt.dt, tt.monthY}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	// Every month name, so a typo in the table shows.
	var en, fr []string
	for m := time.January; m <= time.December; m++ {
		at := time.Date(2026, m, 15, 12, 0, 0, 0, time.UTC)
		en = append(en, New("en", nil).MonthYear(at))
		fr = append(fr, New("fr", nil).MonthYear(at))
	}
	if got := strings.Join(en, "|"); got != "Jan 2026|Feb 2026|Mar 2026|Apr 2026|May 2026|Jun 2026|Jul 2026|Aug 2026|Sep 2026|Oct 2026|Nov 2026|Dec 2026" {
		t.Errorf("en months: %s", got)
	}
	if got := strings.Join(fr, "|"); got != "janv. 2026|févr. 2026|mars 2026|avr. 2026|mai 2026|juin 2026|juil. 2026|août 2026|sept. 2026|oct. 2026|nov. 2026|déc. 2026" {
		t.Errorf("fr months: %s", got)
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		locale, key string
		args        []any
		want        string
	}{
		{"en", "me.title", []any{"Maison Lumière"}, "Your data and AI at Maison Lumière"},
		{"fr", "me.title", []any{"Maison Lumière"}, "Vos données et l'IA chez Maison Lumière"},
		{"en", "lang.switch", nil, "Français"},
		{"fr", "lang.switch", nil, "English"},
		{"en", "lang.name", nil, "English"},
		{"fr", "lang.name", nil, "Français"},
		{"fr", "system.learns", nil, "Apprend de vos données" + nbsp + ": le modèle est entraîné avec elles"},
		{"en", "no.such.key", []any{"x"}, "no.such.key"},
		{"fr", "no.such.key", nil, "no.such.key"},
		{"en", "system.uses", nil, "system.uses"}, // a plural key needs N
	}
	for _, tt := range tests {
		if got := New(tt.locale, nil).T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s T(%q) = %q, want %q", tt.locale, tt.key, got, tt.want)
		}
	}
}

func TestN(t *testing.T) {
	tests := []struct {
		locale, key string
		n           int
		want        string
	}{
		{"en", "system.uses", 0, "Has not used your data yet"},
		{"en", "system.uses", 1, "Used your data once"},
		{"en", "system.uses", 2, "Used your data 2 times"},
		{"en", "system.uses", 1284, "Used your data 1,284 times"},
		{"fr", "system.uses", 0, "N'a pas encore utilisé vos données"},
		{"fr", "system.uses", 1, "A utilisé vos données une fois"},
		{"fr", "system.uses", 2, "A utilisé vos données 2 fois"},
		{"fr", "system.uses", 1284, "A utilisé vos données 1" + nnbsp + "284 fois"},
		{"en", "count.times", 1, "once"},
		{"fr", "count.times", 0, "0 fois"},
		{"fr", "count.times", 1, "une fois"},
		{"en", "count.times", 1284, "1,284 times"},
		// CLDR categories: French "one" covers 0 and 1, English "one" only 1.
		{"en", "summary.systems", 0, "0 AI systems used your data"},
		{"en", "summary.systems", 1, "1 AI system used your data"},
		{"en", "summary.systems", 2, "2 AI systems used your data"},
		{"fr", "summary.systems", 0, "0 système d'IA a utilisé vos données"},
		{"fr", "summary.systems", 1, "1 système d'IA a utilisé vos données"},
		{"fr", "summary.systems", 2, "2 systèmes d'IA ont utilisé vos données"},
		{"fr", "summary.systems", 1284, "1" + nnbsp + "284 systèmes d'IA ont utilisé vos données"},
		{"en", "summary.systems", -1, "-1 AI system used your data"},
		// A plain message takes n as its first argument; a missing key is itself.
		{"en", "system.last_used", 7, "Last used on 7"},
		{"fr", "no.such.key", 2, "no.such.key"},
	}
	for _, tt := range tests {
		if got := New(tt.locale, nil).N(tt.key, tt.n); got != tt.want {
			t.Errorf("%s N(%q, %d) = %q, want %q", tt.locale, tt.key, tt.n, got, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		f    SummaryFacts
		en   string
		fr   string
	}{
		{"typical", SummaryFacts{Months: 12, Systems: 6, Events: 1284, Purposes: 5, Learned: 1},
			"Over the last 12 months, 6 AI systems used your data 1,284 times, for 5 different reasons. One of them learned from your data.",
			"Au cours des 12 derniers mois, 6 systèmes d'IA ont utilisé vos données 1" + nnbsp + "284 fois, pour 5 raisons différentes. L'un d'eux a appris de vos données."},
		{"all singular", SummaryFacts{Months: 12, Systems: 1, Events: 1, Purposes: 1, Learned: 0},
			"Over the last 12 months, 1 AI system used your data once, for 1 reason. It did not learn from your data.",
			"Au cours des 12 derniers mois, 1 système d'IA a utilisé vos données une fois, pour 1 raison. Il n'a pas appris de vos données."},
		{"one system learned", SummaryFacts{Months: 12, Systems: 1, Events: 2, Purposes: 2, Learned: 1},
			"Over the last 12 months, 1 AI system used your data 2 times, for 2 different reasons. It learned from your data.",
			"Au cours des 12 derniers mois, 1 système d'IA a utilisé vos données 2 fois, pour 2 raisons différentes. Il a appris de vos données."},
		{"none learned", SummaryFacts{Months: 12, Systems: 3, Events: 40, Purposes: 2, Learned: 0},
			"Over the last 12 months, 3 AI systems used your data 40 times, for 2 different reasons. None of them learned from your data.",
			"Au cours des 12 derniers mois, 3 systèmes d'IA ont utilisé vos données 40 fois, pour 2 raisons différentes. Aucun d'eux n'a appris de vos données."},
		{"two learned", SummaryFacts{Months: 12, Systems: 6, Events: 1284, Purposes: 5, Learned: 2},
			"Over the last 12 months, 6 AI systems used your data 1,284 times, for 5 different reasons. 2 of them learned from your data.",
			"Au cours des 12 derniers mois, 6 systèmes d'IA ont utilisé vos données 1" + nnbsp + "284 fois, pour 5 raisons différentes. 2 d'entre eux ont appris de vos données."},
		{"both learned", SummaryFacts{Months: 12, Systems: 2, Events: 2, Purposes: 1, Learned: 2},
			"Over the last 12 months, 2 AI systems used your data 2 times, for 1 reason. Both of them learned from your data.",
			"Au cours des 12 derniers mois, 2 systèmes d'IA ont utilisé vos données 2 fois, pour 1 raison. Les deux ont appris de vos données."},
		{"all learned", SummaryFacts{Months: 12, Systems: 3, Events: 9, Purposes: 1, Learned: 3},
			"Over the last 12 months, 3 AI systems used your data 9 times, for 1 reason. All of them learned from your data.",
			"Au cours des 12 derniers mois, 3 systèmes d'IA ont utilisé vos données 9 fois, pour 1 raison. Ils ont tous appris de vos données."},
		{"one month", SummaryFacts{Months: 1, Systems: 2, Events: 3, Purposes: 1, Learned: 0},
			"Over the last month, 2 AI systems used your data 3 times, for 1 reason. None of them learned from your data.",
			"Au cours du dernier mois, 2 systèmes d'IA ont utilisé vos données 3 fois, pour 1 raison. Aucun d'eux n'a appris de vos données."},
		{"zero months means 12, no purposes known", SummaryFacts{Systems: 2, Events: 5, Learned: 1},
			"Over the last 12 months, 2 AI systems used your data 5 times. One of them learned from your data.",
			"Au cours des 12 derniers mois, 2 systèmes d'IA ont utilisé vos données 5 fois. L'un d'eux a appris de vos données."},
		{"no events", SummaryFacts{Months: 12, BrandName: "Maison Lumière"},
			"Over the last 12 months, no AI system at Maison Lumière used your data.",
			"Au cours des 12 derniers mois, aucun système d'IA de Maison Lumière n'a utilisé vos données."},
		{"no events, no brand", SummaryFacts{Months: 6, BrandName: " "},
			"Over the last 6 months, no AI system used your data.",
			"Au cours des 6 derniers mois, aucun système d'IA n'a utilisé vos données."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New("en", nil).Summary(tt.f); got != tt.en {
				t.Errorf("en:\n got %q\nwant %q", got, tt.en)
			}
			if got := New("fr", nil).Summary(tt.f); got != tt.fr {
				t.Errorf("fr:\n got %q\nwant %q", got, tt.fr)
			}
		})
	}
}

func TestEventSentence(t *testing.T) {
	at := time.Date(2026, 11, 3, 13, 2, 0, 0, time.UTC) // 14:02 in Paris
	trainedAt := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	purchases := map[string]Category{"en": {Phrase: "your purchase history"}, "fr": {Phrase: "votre historique d'achats"}}
	browsing := map[string]Category{"en": {Phrase: "your browsing history"}, "fr": {Phrase: "vos recherches"}}
	selfie := map[string]Category{"en": {Phrase: "your selfie", Sensitive: true}, "fr": {Phrase: "votre selfie", Sensitive: true}}
	income := map[string]Category{"en": {Phrase: "your income"}, "fr": {Phrase: "vos revenus"}}
	repayments := map[string]Category{"en": {Phrase: "your repayment history"}, "fr": {Phrase: "votre historique de remboursement"}}
	orders := map[string]Category{"en": {Phrase: "your order history"}, "fr": {Phrase: "votre historique de commandes"}}
	aim := map[string]string{"en": "recommend products you may like", "fr": "vous recommander des produits"}
	cats := func(locale string, cs ...map[string]Category) []Category {
		var out []Category
		for _, c := range cs {
			out = append(out, c[locale])
		}
		return out
	}

	tests := []struct {
		name string
		f    func(locale string) EventFacts
		en   string
		fr   string
	}{
		{"inference",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Product recommender", Action: "inference",
					Categories: cats(lc, purchases, browsing), PurposeAim: aim[lc], Outcome: "suggested 4 products"}
			},
			"On 3 Nov 2026 at 14:02, Product recommender used your purchase history and your browsing history. This was to recommend products you may like. | Result, in the brand's words: suggested 4 products",
			"Le 3 nov. 2026 à 14:02, Product recommender a utilisé votre historique d'achats et vos recherches. C'était pour vous recommander des produits. | Résultat, dans les mots de la marque" + nbsp + ": suggested 4 products"},
		{"inference, no data named, no aim, no result",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Search ranking", Action: "inference"}
			},
			"On 3 Nov 2026 at 14:02, Search ranking used your data.",
			"Le 3 nov. 2026 à 14:02, Search ranking a utilisé vos données."},
		{"unknown action reads like inference; blank phrases skipped",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Search ranking", Action: "profiling",
					Categories: []Category{{Phrase: " "}, purchases[lc]}}
			},
			"On 3 Nov 2026 at 14:02, Search ranking used your purchase history.",
			"Le 3 nov. 2026 à 14:02, Search ranking a utilisé votre historique d'achats."},
		{"training",
			func(lc string) EventFacts {
				return EventFacts{At: trainedAt, SystemName: "Product recommender", Action: "training",
					Categories: cats(lc, purchases), PurposeAim: aim[lc], ModelVersion: "7"}
			},
			"On 1 Oct 2026 at 02:00, Product recommender learned from your purchase history to build version 7 of its model. The model uses what it learned to recommend products you may like.",
			"Le 1er oct. 2026 à 02:00, Product recommender a appris de votre historique d'achats pour créer la version 7 de son modèle. Le modèle se sert de ce qu'il a appris pour vous recommander des produits."},
		{"training, several data, v-prefixed version, no aim",
			func(lc string) EventFacts {
				return EventFacts{At: trainedAt, SystemName: "Product recommender", Action: "training",
					Categories: cats(lc, purchases, browsing), ModelVersion: "v8"}
			},
			"On 1 Oct 2026 at 02:00, Product recommender learned from your purchase history and your browsing history to build version 8 of its model.",
			"Le 1er oct. 2026 à 02:00, Product recommender a appris de votre historique d'achats et de vos recherches pour créer la version 8 de son modèle."},
		{"training, nothing but the system",
			func(lc string) EventFacts {
				return EventFacts{At: trainedAt, SystemName: "Send-time optimiser", Action: "training"}
			},
			"On 1 Oct 2026 at 02:00, Send-time optimiser learned from your data.",
			"Le 1er oct. 2026 à 02:00, Send-time optimiser a appris de vos données."},
		{"decision with human review",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Credit limit engine", Action: "decision",
					Categories: cats(lc, income, repayments), Decision: "credit limit set to £2,000", HumanReview: true}
			},
			"On 3 Nov 2026 at 14:02, Credit limit engine made an automatic decision about you, using your income and your repayment history. You can ask a person to review it. | Decision, in the brand's words: credit limit set to £2,000",
			"Le 3 nov. 2026 à 14:02, Credit limit engine a pris une décision automatique à votre sujet, à partir de vos revenus et de votre historique de remboursement. Vous pouvez demander qu'une personne la vérifie. | Décision, dans les mots de la marque" + nbsp + ": credit limit set to £2,000"},
		{"decision without review, with aim and a different result",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Fraud screening", Action: "decision",
					Categories: cats(lc, purchases), PurposeAim: map[string]string{"en": "check your order", "fr": "vérifier votre commande"}[lc],
					Decision: "order accepted", Outcome: "no fraud found."}
			},
			"On 3 Nov 2026 at 14:02, Fraud screening made an automatic decision about you, using your purchase history. This was to check your order. | Decision, in the brand's words: order accepted | Result, in the brand's words: no fraud found.",
			"Le 3 nov. 2026 à 14:02, Fraud screening a pris une décision automatique à votre sujet, à partir de votre historique d'achats. C'était pour vérifier votre commande. | Décision, dans les mots de la marque" + nbsp + ": order accepted | Résultat, dans les mots de la marque" + nbsp + ": no fraud found."},
		{"decision only in the outcome is said once",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Fraud screening", Action: "decision", Outcome: "order accepted"}
			},
			"On 3 Nov 2026 at 14:02, Fraud screening made an automatic decision about you, using your data. | Decision, in the brand's words: order accepted",
			"Le 3 nov. 2026 à 14:02, Fraud screening a pris une décision automatique à votre sujet, à partir de vos données. | Décision, dans les mots de la marque" + nbsp + ": order accepted"},
		{"decision equal to the outcome is said once",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Fraud screening", Action: "decision", Decision: "order accepted", Outcome: "order accepted"}
			},
			"On 3 Nov 2026 at 14:02, Fraud screening made an automatic decision about you, using your data. | Decision, in the brand's words: order accepted",
			"Le 3 nov. 2026 à 14:02, Fraud screening a pris une décision automatique à votre sujet, à partir de vos données. | Décision, dans les mots de la marque" + nbsp + ": order accepted"},
		{"decision already sent for review does not offer it again",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Credit limit engine", Action: "decision", Decision: "limit kept", HumanReview: true,
					Review: "pending", ReviewAt: at.AddDate(0, 0, 2)}
			},
			"On 3 Nov 2026 at 14:02, Credit limit engine made an automatic decision about you, using your data. You asked a person to review it on 5 Nov 2026. | Decision, in the brand's words: limit kept",
			"Le 3 nov. 2026 à 14:02, Credit limit engine a pris une décision automatique à votre sujet, à partir de vos données. Vous avez demandé le 5 nov. 2026 qu'une personne la vérifie. | Décision, dans les mots de la marque" + nbsp + ": limit kept"},
		{"decision a person reviewed",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Credit limit engine", Action: "decision", Decision: "limit kept", HumanReview: true,
					Review: "reviewed", ReviewAt: at.AddDate(0, 0, 4)}
			},
			"On 3 Nov 2026 at 14:02, Credit limit engine made an automatic decision about you, using your data. A person reviewed it on 7 Nov 2026, as you asked. | Decision, in the brand's words: limit kept",
			"Le 3 nov. 2026 à 14:02, Credit limit engine a pris une décision automatique à votre sujet, à partir de vos données. Une personne l'a vérifiée le 7 nov. 2026, à votre demande. | Décision, dans les mots de la marque" + nbsp + ": limit kept"},
		{"generation",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Beauty advisor", Action: "generation",
					Categories: cats(lc, purchases), PurposeAim: map[string]string{"en": "write beauty tips for you", "fr": "vous écrire des conseils beauté"}[lc]}
			},
			"On 3 Nov 2026 at 14:02, Beauty advisor created content using your purchase history. This was to write beauty tips for you.",
			"Le 3 nov. 2026 à 14:02, Beauty advisor a créé du contenu en utilisant votre historique d'achats. C'était pour vous écrire des conseils beauté."},
		{"sharing",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Audience builder", Action: "sharing", Actor: "Meta Ads",
					Categories: cats(lc, purchases), PurposeAim: map[string]string{"en": "show you ads", "fr": "vous montrer des publicités"}[lc]}
			},
			"On 3 Nov 2026 at 14:02, Audience builder shared your purchase history with Meta Ads. This was to show you ads.",
			"Le 3 nov. 2026 à 14:02, Audience builder a partagé votre historique d'achats avec Meta Ads. C'était pour vous montrer des publicités."},
		{"sharing with nobody named",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Audience builder", Action: "sharing"}
			},
			"On 3 Nov 2026 at 14:02, Audience builder shared your data with another company.",
			"Le 3 nov. 2026 à 14:02, Audience builder a partagé vos données avec une autre entreprise."},
		{"agent access",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "External agents", Action: "agent_access", Actor: "ShopBot",
					OnBehalfOf: "Camille Martin", Categories: cats(lc, orders)}
			},
			"On 3 Nov 2026 at 14:02, an AI agent, ShopBot, read your order history on behalf of Camille Martin.",
			"Le 3 nov. 2026 à 14:02, un agent d'IA, ShopBot, a consulté votre historique de commandes au nom de Camille Martin."},
		{"agent access named by its system, with aim",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "ShopBot", Action: "agent_access", Categories: cats(lc, orders),
					PurposeAim: map[string]string{"en": "track a parcel", "fr": "suivre un colis"}[lc]}
			},
			"On 3 Nov 2026 at 14:02, an AI agent, ShopBot, read your order history. This was to track a parcel.",
			"Le 3 nov. 2026 à 14:02, un agent d'IA, ShopBot, a consulté votre historique de commandes. C'était pour suivre un colis."},
		{"agent access with no name",
			func(lc string) EventFacts { return EventFacts{At: at, Action: "agent_access", OnBehalfOf: "Sam Patel"} },
			"On 3 Nov 2026 at 14:02, an AI agent read your data on behalf of Sam Patel.",
			"Le 3 nov. 2026 à 14:02, un agent d'IA a consulté vos données au nom de Sam Patel."},
		{"sensitive data",
			func(lc string) EventFacts {
				return EventFacts{At: at, SystemName: "Virtual try-on", Action: "inference",
					Categories: cats(lc, selfie, purchases), Outcome: "showed 3 lipsticks on your photo"}
			},
			"On 3 Nov 2026 at 14:02, Virtual try-on used your selfie (sensitive data) and your purchase history. | Result, in the brand's words: showed 3 lipsticks on your photo",
			"Le 3 nov. 2026 à 14:02, Virtual try-on a utilisé votre selfie (donnée sensible) et votre historique d'achats. | Résultat, dans les mots de la marque" + nbsp + ": showed 3 lipsticks on your photo"},
		{"sensitive data learned from",
			func(lc string) EventFacts {
				return EventFacts{At: trainedAt, SystemName: "Virtual try-on", Action: "training", Categories: cats(lc, purchases, selfie)}
			},
			"On 1 Oct 2026 at 02:00, Virtual try-on learned from your purchase history and your selfie (sensitive data).",
			"Le 1er oct. 2026 à 02:00, Virtual try-on a appris de votre historique d'achats et de votre selfie (donnée sensible)."},
		{"no system name, brand text already punctuated",
			func(lc string) EventFacts {
				return EventFacts{At: at, Action: "inference", PurposeAim: aim[lc] + ".", Outcome: " suggested 4 products! "}
			},
			"On 3 Nov 2026 at 14:02, an AI system used your data. This was to recommend products you may like. | Result, in the brand's words: suggested 4 products!",
			"Le 3 nov. 2026 à 14:02, un système d'IA a utilisé vos données. C'était pour vous recommander des produits. | Résultat, dans les mots de la marque" + nbsp + ": suggested 4 products!"},
	}
	// story writes the sentences, then each quote of the brand's words after " | ", as "Label Text".
	story := func(l *Localizer, f EventFacts) string {
		s, quotes := l.EventStory(f)
		for _, q := range quotes {
			s += " | " + q.Label + " " + q.Text
		}
		return s
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := story(New("en", paris(t)), tt.f("en")); got != tt.en {
				t.Errorf("en:\n got %q\nwant %q", got, tt.en)
			}
			if got := story(New("fr", paris(t)), tt.f("fr")); got != tt.fr {
				t.Errorf("fr:\n got %q\nwant %q", got, tt.fr)
			}
		})
	}
}

// required are the keys other packages use; they must never disappear.
var required = []string{
	"nav.overview", "nav.activity", "nav.consents", "nav.access", "nav.skip",
	"me.title", "me.systems.heading", "me.charts.heading", "summary.title",
	"chart.activity.title", "chart.purposes.title", "chart.categories.title", "chart.table.show",
	"me.recent.heading", "me.recent.all",
	"system.vendor_tool", "system.in_house", "system.external_agent", "system.learns", "system.uses_only",
	"system.uses", "system.last_used", "system.data_used", "system.why", "system.more", "system.how", "system.what",
	"system.risk.minimal", "system.risk.limited", "system.risk.high", "system.automated_decision",
	"system.models.heading", "system.model.row", "system.model.next", "system.unregistered", "system.timeline.heading",
	"activity.title", "activity.filter.system", "activity.filter.purpose", "activity.filter.action",
	"activity.filter.from", "activity.filter.to", "activity.filter.apply", "activity.filter.reset",
	"activity.any", "activity.next", "activity.first", "activity.empty",
	"action.inference", "action.training", "action.decision", "action.generation", "action.sharing", "action.agent_access",
	"basis.consent", "basis.contract", "basis.legitimate_interest", "basis.legal_obligation", "basis.vital_interest", "basis.public_task",
	"event.violation", "event.sensitive",
	"error.not_found.title", "error.not_found.body", "error.unauthorized.title", "error.unauthorized.body",
	"error.server.title", "error.server.body", "error.bad_request.title", "error.bad_request.body",
	"footer.powered", "lang.switch",
	// Used by handlers and views beyond the first brief.
	"lang.name", "nav.label", "activity.pages", "count.times", "system.vendor_unknown", "system.who",
	"system.how_often", "system.your_data", "system.doc", "system.badge.learns", "system.badge.uses",
	"table.month", "table.system", "table.purpose", "table.category", "table.count",
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\d+|\*)?(\.(\d+|\*)?)?[a-zA-Z%]`)

// verbs lists the fmt verbs of s in order, leaving out "%%".
func verbs(s string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// allTexts returns every text of every locale, named for error messages.
func allTexts() map[string]string {
	out := map[string]string{}
	for _, loc := range Locales {
		for k, m := range texts {
			out[loc+" "+k] = m.in(loc)
		}
		for k, p := range plurals {
			for sel, s := range p.in(loc) {
				out[loc+" "+k+" "+sel] = s
			}
		}
	}
	return out
}

func TestCatalog(t *testing.T) {
	keys := Keys()
	if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
		t.Errorf("Keys() must be sorted and unique")
	}
	for k := range texts {
		if _, ok := plurals[k]; ok {
			t.Errorf("%s is both a plain and a plural message", k)
		}
	}
	for _, k := range required {
		if !slices.Contains(keys, k) {
			t.Errorf("required key %s is missing", k)
		}
	}
	for _, k := range keys {
		for _, loc := range Locales {
			if !Has(loc, k) {
				t.Errorf("%s has no %s text", k, loc)
			}
		}
	}
	if Has("de", "nav.overview") || Has("en", "no.such.key") {
		t.Errorf("Has must be false for an unknown locale or key")
	}

	for k, m := range texts {
		if en, fr := verbs(m.en), verbs(m.fr); !slices.Equal(en, fr) {
			t.Errorf("%s: en verbs %q, fr verbs %q", k, en, fr)
		}
	}
	for k, p := range plurals {
		if p.en["other"] == "" || p.fr["other"] == "" {
			t.Errorf("%s: every plural message needs an \"other\" form", k)
			continue
		}
		en, fr := verbs(p.en["other"]), verbs(p.fr["other"])
		if !slices.Equal(en, fr) {
			t.Errorf("%s: en verbs %q, fr verbs %q", k, en, fr)
		}
		// Every form takes the same arguments as "other", or none at all.
		args := make([]any, len(en))
		for i := range args {
			args[i] = fmt.Sprint("arg", i)
		}
		for _, loc := range Locales {
			for sel, s := range p.in(loc) {
				if sel != "other" && !strings.HasPrefix(sel, "=") && !slices.Contains([]string{"zero", "one", "two", "few", "many"}, sel) {
					t.Errorf("%s %s: unknown selector %q", loc, k, sel)
				}
				if got := format(s, args); strings.Contains(got, "%!") {
					t.Errorf("%s %s %s: %q does not take the arguments of \"other\": %q", loc, k, sel, s, got)
				}
			}
		}
	}
}

// TestTypography checks spacing and punctuation rules a reviewer would miss.
func TestTypography(t *testing.T) {
	frenchPunct := regexp.MustCompile(`(.)([:;?!])`)
	for name, s := range allTexts() {
		if strings.TrimSpace(s) != s || strings.Contains(s, "  ") {
			t.Errorf("%s: stray spaces in %q", name, s)
		}
		if strings.ContainsAny(s, "’‘“”") {
			t.Errorf("%s: use straight quotes and apostrophes in %q", name, s)
		}
		for _, m := range frenchPunct.FindAllStringSubmatch(s, -1) {
			before := m[1]
			if strings.HasPrefix(name, "fr ") && before != nbsp {
				t.Errorf("%s: French needs a no-break space before %q in %q", name, m[2], s)
			}
			if strings.HasPrefix(name, "en ") && (before == " " || before == nbsp) {
				t.Errorf("%s: English has no space before %q in %q", name, m[2], s)
			}
		}
	}
}

// TestPlainWords keeps the catalog at a school-leaver's reading level: short
// sentences and none of the jargon customers told us they skip.
func TestPlainWords(t *testing.T) {
	jargon := []string{"purpose", "finalité", "processing", "traitement", "controller", "responsable du traitement",
		"data subject", "personne concernée", "inference", "inférence", "legitimate interest", "intérêt légitime",
		"algorithm", "algorithme", "pursuant", "conformément"}
	for name, s := range allTexts() {
		low := strings.ToLower(s)
		for _, j := range jargon {
			if strings.Contains(low, j) {
				t.Errorf("%s: %q is jargon in %q", name, j, s)
			}
		}
		for _, sentence := range strings.Split(s, ". ") {
			if n := len(strings.Fields(sentence)); n > 25 {
				t.Errorf("%s: a sentence of %d words is too long: %q", name, n, sentence)
			}
		}
	}
}
