package store

import "testing"

// TestFactorLabelFallsBackLikeRegistryTexts: a factor's words come in the page's language, else the brand's, else
// any language it has (a label sent only in Spanish is still shown), and only then its key.
func TestFactorLabelFallsBackLikeRegistryTexts(t *testing.T) {
	for _, c := range []struct {
		labels map[string]string
		want   string
	}{
		{map[string]string{"fr": "Vos revenus", "en": "Your income"}, "Vos revenus"},
		{map[string]string{"en": "Your income"}, "Your income"},
		{map[string]string{"es": "Sus ingresos", "de": "Ihr Einkommen"}, "Ihr Einkommen"},
		{nil, "income_12m"},
	} {
		if got := (DecisionFactor{Key: "income_12m", Labels: c.labels}).Label("fr", "en"); got != c.want {
			t.Errorf("labels %v: %q, want %q", c.labels, got, c.want)
		}
	}
}
