package plain

// Sentences that explain one automated decision to the person it was about (GDPR Art. 15(1)(h) and 22, AI Act
// Art. 86): what counted, which way, how much, and what would have changed it.

// FactorFacts is one thing that counted in a decision, as the page tells it.
type FactorFacts struct {
	Label     string   // the factor in plain words, in the page's language where the brand gave it
	Direction string   // raised, lowered, required or excluded
	Weight    *float64 // 0 to 1, when the brand says how much it counted
	Data      string   // the kind of data it came from, as a phrase ("your purchase history"), or ""
}

// FactorEffect says which way a factor pushed the decision, in a short sentence: "It pushed the result up."
func (l *Localizer) FactorEffect(f FactorFacts) string {
	s := l.T("explain.direction." + f.Direction)
	if f.Weight != nil {
		switch w := *f.Weight; {
		case w >= 0.5:
			s += " " + l.T("explain.weight.high")
		case w >= 0.2:
			s += " " + l.T("explain.weight.some")
		default:
			s += " " + l.T("explain.weight.low")
		}
	}
	if f.Data != "" {
		s += " " + l.T("explain.data", f.Data)
	}
	return s
}

// CounterfactualFacts is what would have changed a decision, given as a factor and the value it would have
// needed (the brand's plain-text counterfactuals are quoted as they are, not built into a sentence).
type CounterfactualFacts struct {
	Label  string // the factor in plain words
	Value  string // the value it would have needed
	Result string // the result it would have given, in the brand's words, or ""
}

// Counterfactual tells what would have changed the decision: "If “Late payments” had been 0, the result would
// have been: a limit of £4,000."
func (l *Localizer) Counterfactual(c CounterfactualFacts) string {
	if c.Result == "" {
		return l.T("explain.counterfactual.other", c.Label, c.Value)
	}
	return l.T("explain.counterfactual", c.Label, c.Value, c.Result)
}

func init() {
	addTexts(map[string]text{
		"explain.direction.raised":   {"It pushed the result up.", "Cela a fait monter le résultat."},
		"explain.direction.lowered":  {"It pushed the result down.", "Cela a fait baisser le résultat."},
		"explain.direction.required": {"It had to be met for this result.", "Il fallait le remplir pour ce résultat."},
		"explain.direction.excluded": {"It ruled out another result.", "Cela a écarté un autre résultat."},
		"explain.weight.high":        {"It counted a lot.", "Cela a beaucoup compté."},
		"explain.weight.some":        {"It counted a fair amount.", "Cela a compté en partie."},
		"explain.weight.low":         {"It counted a little.", "Cela a peu compté."},
		"explain.data":               {"It comes from %s.", "Cela vient de %s."}, // category phrase
		"explain.counterfactual": {
			"If \"%s\" had been %s, the result would have been: %s",
			"Si «\u00a0%s\u00a0» avait été %s, le résultat aurait été\u00a0: %s",
		}, // factor, value, result
		"explain.counterfactual.other": {
			"If \"%s\" had been %s, the result would have been different.",
			"Si «\u00a0%s\u00a0» avait été %s, le résultat aurait été différent.",
		}, // factor, value
	})
}
