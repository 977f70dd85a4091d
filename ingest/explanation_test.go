package ingest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"vitrine/store"
)

// decisionWith is a valid decision event carrying the raw explanation x ("-" for none).
func decisionWith(x string) string {
	return event("action", `"decision"`, "decision", `"limit of £2,000"`, "explanation", x)
}

func weight(v float64) *float64 { return &v }

func TestValidateExplanationAccepts(t *testing.T) {
	contract := `{
	  "factors": [
	    {"factor": "income_12m", "direction": "raised", "weight": 0.6},
	    {"label": {"en": "Two late payments in 2025", "fr": "Deux retards de paiement en 2025"}, "data_category": "user.financial.account", "direction": "lowered"}
	  ],
	  "counterfactuals": [
	    {"text": {"en": "With no late payment in the last 12 months the limit would have been £4,000.", "fr": "Sans retard de paiement, la limite aurait été de 4\u00a0000\u00a0£."}},
	    {"factor": "late_payments_12m", "value": "0", "result": {"en": "a limit of £4,000"}}
	  ]
	}`
	factors := func(fs ...string) string { return `{"factors":[` + strings.Join(fs, ",") + `]}` }
	tests := []struct {
		name string
		x    string
		want *store.Explanation
	}{
		{"contract example", contract, &store.Explanation{
			Factors: []store.Factor{
				{Key: "income_12m", Direction: "raised", Weight: weight(0.6)},
				{Labels: map[string]string{"en": "Two late payments in 2025", "fr": "Deux retards de paiement en 2025"},
					DataCategory: "user.financial.account", Direction: "lowered"},
			},
			Counterfactuals: []store.Counterfactual{
				{Texts: map[string]string{"en": "With no late payment in the last 12 months the limit would have been £4,000.",
					"fr": "Sans retard de paiement, la limite aurait été de 4\u00a0000\u00a0£."}},
				{Factor: "late_payments_12m", Value: "0", Results: map[string]string{"en": "a limit of £4,000"}},
			},
		}},
		{"absent", "-", nil},
		{"null", `null`, nil},
		{"empty object", `{}`, nil},
		{"empty lists", `{"factors":[],"counterfactuals":null}`, nil},
		{"only counterfactuals, no result", `{"counterfactuals":[{"factor":"income_12m","value":" 2500 "}]}`, &store.Explanation{
			Counterfactuals: []store.Counterfactual{{Factor: "income_12m", Value: "2500"}}}},
		{"every direction, weights 0 and 1 inclusive, key with a category", factors(
			`{"factor":"a","direction":"raised","weight":0}`, `{"factor":"b","direction":"lowered","weight":1}`,
			`{"factor":"c","direction":" required ","data_category":"user.device"}`, `{"factor":"d.e-f_1","direction":"excluded","weight":null}`), &store.Explanation{
			Factors: []store.Factor{{Key: "a", Direction: "raised", Weight: weight(0)}, {Key: "b", Direction: "lowered", Weight: weight(1)},
				{Key: "c", Direction: "required", DataCategory: "user.device"}, {Key: "d.e-f_1", Direction: "excluded"}}}},
		{"tags stored canonical, text trimmed, tab and new line kept", factors(`{"label":{"en-gb":" Your\tincome\n ","FR":"Vos revenus"},"direction":"raised"}`), &store.Explanation{
			Factors: []store.Factor{{Labels: map[string]string{"en-GB": "Your\tincome", "fr": "Vos revenus"}, Direction: "raised"}}}},
		{"unknown members ignored, null member absent", `{"factors":[{"factor":"a","label":null,"direction":"raised","why":{"x":1}}],"notes":"x","Factors":7}`, &store.Explanation{
			Factors: []store.Factor{{Key: "a", Direction: "raised"}}}},
		{"label of 300 characters", factors(`{"label":{"fr":"` + strings.Repeat("é", MaxExplainText) + `"},"direction":"raised"}`), &store.Explanation{
			Factors: []store.Factor{{Labels: map[string]string{"fr": strings.Repeat("é", MaxExplainText)}, Direction: "raised"}}}},
		{"20 factors and 5 counterfactuals", `{"factors":[` + strings.TrimSuffix(strings.Repeat(`{"factor":"k","direction":"raised"},`, MaxFactors), ",") +
			`],"counterfactuals":[` + strings.TrimSuffix(strings.Repeat(`{"text":{"en":"t"}},`, MaxCounterfactuals), ",") + `]}`, &store.Explanation{
			Factors:         slicesRepeat(store.Factor{Key: "k", Direction: "raised"}, MaxFactors),
			Counterfactuals: slicesRepeat(store.Counterfactual{Texts: map[string]string{"en": "t"}}, MaxCounterfactuals)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, errs, _ := Validate([]byte(decisionWith(tt.x)), now)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors %q", errs)
			}
			if !reflect.DeepEqual(ev.Explanation, tt.want) {
				t.Errorf("explanation\n got %s\nwant %s", show(ev.Explanation), show(tt.want))
			}
		})
	}
}

func slicesRepeat[T any](v T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// show prints an explanation with its weights, which %+v would give as addresses.
func show(x *store.Explanation) string {
	if x == nil {
		return "nil"
	}
	var b strings.Builder
	for _, f := range x.Factors {
		w := "-"
		if f.Weight != nil {
			w = fmt.Sprint(*f.Weight)
		}
		fmt.Fprintf(&b, "{%q %v %q %q w=%s} ", f.Key, f.Labels, f.DataCategory, f.Direction, w)
	}
	fmt.Fprintf(&b, "%+v", x.Counterfactuals)
	return b.String()
}

func TestValidateExplanationErrors(t *testing.T) {
	const x = "explanation"
	factor := func(f string) string { return `{"factors":[{"factor":"a","direction":"raised"},` + f + `]}` }
	counter := func(cf string) string { return `{"counterfactuals":[` + cf + `]}` }
	tests := []struct {
		name string
		raw  string
		want []FieldError
	}{
		// The field as a whole.
		{"not an object", decisionWith(`[]`), []FieldError{fe(x, "must be an object")}},
		{"a string", decisionWith(`"income"`), []FieldError{fe(x, "must be an object")}},
		{"not a decision", event("explanation", `{"factors":[{"factor":"a","direction":"raised"}]}`), []FieldError{
			fe(x, "is only read for action decision: remove it or set action to decision")}},
		{"empty, still not a decision", event("action", `"training"`, "explanation", `{}`), []FieldError{
			fe(x, "is only read for action decision: remove it or set action to decision")}},
		{"wrong action reported once, content still checked", event("action", `"decide"`, "explanation", factor(`{"factor":"b"}`)), []FieldError{
			fe("action", msgAction), fe(x+".factors[1].direction", "is required")}},
		{"reported after the other fields, before the action's own rules", event("action", `"decision"`, "outcome", "-", "lang", `"??"`,
			"explanation", `{"factors":{}}`), []FieldError{
			fe("lang", `must be a language tag like "fr" or "en-GB"`), fe(x+".factors", "must be a list of objects"),
			fe("decision", "is required when action is decision (give decision or outcome)")}},

		// factors.
		{"factors not a list", decisionWith(`{"factors":"income_12m"}`), []FieldError{fe(x+".factors", "must be a list of objects")}},
		{"too many factors", decisionWith(`{"factors":[` + strings.TrimSuffix(strings.Repeat(`{"factor":"k","direction":"raised"},`, MaxFactors+1), ",") + `]}`),
			[]FieldError{fe(x+".factors", "has more than 20 entries")}},
		{"factor not an object", decisionWith(factor(`"income_12m"`)), []FieldError{fe(x+".factors[1]", "must be an object")}},
		{"neither factor nor label", decisionWith(factor(`{"direction":"raised"}`)), []FieldError{
			fe(x+".factors[1]", `needs factor (a key, like "income_12m") or label (its words by language)`)}},
		{"both factor and label", decisionWith(factor(`{"factor":"b","label":{"en":"B"},"direction":"raised"}`)), []FieldError{
			fe(x+".factors[1]", "must have factor or label, not both")}},
		{"key not a slug", decisionWith(factor(`{"factor":"Income 12m","direction":"raised"}`)), []FieldError{
			fe(x+".factors[1].factor", "must be a key like income_12m"+slugTail)}},
		{"key a number", decisionWith(factor(`{"factor":12,"direction":"raised"}`)), []FieldError{
			fe(x+".factors[1].factor", `must be a string: put numbers in quotes, like "1001"`)}},
		{"key blank", decisionWith(factor(`{"factor":" ","direction":"raised"}`)), []FieldError{fe(x+".factors[1].factor", "is required")}},
		{"key too long", decisionWith(factor(`{"factor":"` + strings.Repeat("k", MaxIDLen+1) + `","direction":"raised"}`)), []FieldError{
			fe(x+".factors[1].factor", "is longer than 200 bytes")}},
		{"direction missing", decisionWith(factor(`{"factor":"b"}`)), []FieldError{fe(x+".factors[1].direction", "is required")}},
		{"direction unknown", decisionWith(factor(`{"factor":"b","direction":"up"}`)), []FieldError{
			fe(x+".factors[1].direction", "must be one of raised, lowered, required, excluded")}},
		{"direction not a string", decisionWith(factor(`{"factor":"b","direction":true}`)), []FieldError{fe(x+".factors[1].direction", "must be a string")}},
		{"weight above 1", decisionWith(factor(`{"factor":"b","direction":"raised","weight":1.01}`)), []FieldError{
			fe(x+".factors[1].weight", "must be a number from 0 to 1, like 0.6")}},
		{"weight negative", decisionWith(factor(`{"factor":"b","direction":"raised","weight":-0.1}`)), []FieldError{
			fe(x+".factors[1].weight", "must be a number from 0 to 1, like 0.6")}},
		{"weight in quotes", decisionWith(factor(`{"factor":"b","direction":"raised","weight":"0.5"}`)), []FieldError{
			fe(x+".factors[1].weight", "must be a number from 0 to 1, like 0.6")}},
		{"weight huge", decisionWith(factor(`{"factor":"b","direction":"raised","weight":1e999}`)), []FieldError{
			fe(x+".factors[1].weight", "must be a number from 0 to 1, like 0.6")}},
		{"data category not a slug", decisionWith(factor(`{"label":{"en":"B"},"direction":"raised","data_category":"Financial"}`)), []FieldError{
			fe(x+".factors[1].data_category", "must be a slug like user.behavior.purchase_history"+slugTail)}},
		{"data category a list", decisionWith(factor(`{"label":{"en":"B"},"direction":"raised","data_category":["user.device"]}`)), []FieldError{
			fe(x+".factors[1].data_category", "must be a string")}},

		// Texts by language (label here; text and result share the rules).
		{"label a string", decisionWith(factor(`{"label":"Late payments","direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label", `must be an object of language tag to text, like {"en": "Your income", "fr": "Vos revenus"}`)}},
		{"label empty", decisionWith(factor(`{"label":{},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label", "must give the text in at least one language")}},
		{"label of nulls", decisionWith(factor(`{"label":{"en":null},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label", "must give the text in at least one language")}},
		{"label with a bad tag", decisionWith(factor(`{"label":{"english":"B","fr":"B"},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label", `has "english", which is not a language tag like "fr" or "en-GB"`)}},
		{"label text blank", decisionWith(factor(`{"label":{"en":"  "},"direction":"lowered"}`)), []FieldError{fe(x+".factors[1].label.en", "is required")}},
		{"label text a number", decisionWith(factor(`{"label":{"en":4},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label.en", `must be a string: put numbers in quotes, like "1001"`)}},
		{"label text too long", decisionWith(factor(`{"label":{"en":"` + strings.Repeat("a", MaxExplainText+1) + `"},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label.en", "is longer than 300 characters")}},
		{"label text with a control character", decisionWith(factor(`{"label":{"en":"late\u0007"},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label.en", "must not contain control characters (tab and new line are allowed)")}},
		{"label text invalid utf8", decisionWith(factor("{\"label\":{\"en\":\"caf\xc3\"},\"direction\":\"lowered\"}")), []FieldError{
			fe(x+".factors[1].label.en", "is not valid UTF-8")}},
		{"label gives a language twice", decisionWith(factor(`{"label":{"en":"A","EN":"B"},"direction":"lowered"}`)), []FieldError{
			fe(x+".factors[1].label.en", "is the same language as another entry (en): give each language once")}},

		// counterfactuals.
		{"counterfactuals not a list", decisionWith(`{"counterfactuals":{"text":{"en":"x"}}}`), []FieldError{fe(x+".counterfactuals", "must be a list of objects")}},
		{"too many counterfactuals", decisionWith(`{"counterfactuals":[` + strings.TrimSuffix(strings.Repeat(`{"text":{"en":"t"}},`, MaxCounterfactuals+1), ",") + `]}`),
			[]FieldError{fe(x+".counterfactuals", "has more than 5 entries")}},
		{"counterfactual not an object", decisionWith(counter(`"no late payment"`)), []FieldError{fe(x+".counterfactuals[0]", "must be an object")}},
		{"counterfactual empty", decisionWith(counter(`{}`)), []FieldError{fe(x+".counterfactuals[0]", "needs text, or factor and value")}},
		{"text and factor", decisionWith(counter(`{"text":{"en":"t"},"factor":"a","value":"1"}`)), []FieldError{
			fe(x+".counterfactuals[0]", "must have text or factor, not both")}},
		{"text and result", decisionWith(counter(`{"text":{"en":"t"},"result":{"en":"r"}}`)), []FieldError{
			fe(x+".counterfactuals[0]", "must have text, or factor with value and result, not both")}},
		{"value without factor", decisionWith(counter(`{"value":"0"}`)), []FieldError{
			fe(x+".counterfactuals[0].factor", "is required when value or result is given")}},
		{"factor without value", decisionWith(counter(`{"factor":"late_payments_12m"}`)), []FieldError{fe(x+".counterfactuals[0].value", "is required")}},
		{"value a number", decisionWith(counter(`{"factor":"late_payments_12m","value":0}`)), []FieldError{
			fe(x+".counterfactuals[0].value", `must be a string: put numbers in quotes, like "1001"`)}},
		{"value too long", decisionWith(counter(`{"factor":"a","value":"` + strings.Repeat("é", MaxFactorValue+1) + `"}`)), []FieldError{
			fe(x+".counterfactuals[0].value", "is longer than 200 characters")}},
		{"value with a control character", decisionWith(counter(`{"factor":"a","value":"1\u001b"}`)), []FieldError{
			fe(x+".counterfactuals[0].value", "must not contain control characters (tab and new line are allowed)")}},
		{"counterfactual key not a slug", decisionWith(counter(`{"factor":"Late","value":"0"}`)), []FieldError{
			fe(x+".counterfactuals[0].factor", "must be a key like income_12m"+slugTail)}},
		{"text with a bad tag", decisionWith(counter(`{"text":{"x-":"t"}}`)), []FieldError{
			fe(x+".counterfactuals[0].text", `has "x-", which is not a language tag like "fr" or "en-GB"`)}},
		{"result empty", decisionWith(counter(`{"factor":"a","value":"0","result":{}}`)), []FieldError{
			fe(x+".counterfactuals[0].result", "must give the text in at least one language")}},
		{"result text too long", decisionWith(counter(`{"factor":"a","value":"0","result":{"fr":"` + strings.Repeat("a", 301) + `"}}`)), []FieldError{
			fe(x+".counterfactuals[0].result.fr", "is longer than 300 characters")}},

		// Every problem, in order.
		{"several problems", decisionWith(`{"factors":[{"factor":"A"},7,{"label":{"en":""},"direction":"raised","weight":2}],
			"counterfactuals":[{"factor":"a"},{"text":[]}]}`), []FieldError{
			fe(x+".factors[0].factor", "must be a key like income_12m"+slugTail),
			fe(x+".factors[0].direction", "is required"),
			fe(x+".factors[1]", "must be an object"),
			fe(x+".factors[2].label.en", "is required"),
			fe(x+".factors[2].weight", "must be a number from 0 to 1, like 0.6"),
			fe(x+".counterfactuals[0].value", "is required"),
			fe(x+".counterfactuals[1].text", `must be an object of language tag to text, like {"en": "Your income", "fr": "Vos revenus"}`),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, errs, _ := Validate([]byte(tt.raw), now)
			if !reflect.DeepEqual(errs, tt.want) {
				t.Errorf("Validate(%.160s)\n got %q\nwant %q", tt.raw, errs, tt.want)
			}
			if !reflect.DeepEqual(ev, store.EventInput{}) {
				t.Errorf("a rejected event must be the zero value, got %+v", ev)
			}
		})
	}
}
