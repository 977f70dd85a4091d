package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"vitrine/store"
)

// Limits of a decision's explanation. A customer reads it on one page: a few main factors and a few ways the
// result could have been different, each in a sentence, not the model's whole feature list.
const (
	MaxFactors         = 20  // explanation.factors entries
	MaxCounterfactuals = 5   // explanation.counterfactuals entries
	MaxExplainText     = 300 // a label, text or result, in characters (not bytes: it is read, not stored in a URL)
	MaxFactorValue     = 200 // a counterfactual's value, in characters
)

var (
	msgDirection      = "must be one of " + strings.Join(store.Directions, ", ")
	msgTooManyFactors = fmt.Sprintf("has more than %d entries", MaxFactors)
	msgTooManyCounter = fmt.Sprintf("has more than %d entries", MaxCounterfactuals)
	msgExplainLong    = fmt.Sprintf("is longer than %d characters", MaxExplainText)
	msgValueLong      = fmt.Sprintf("is longer than %d characters", MaxFactorValue)
)

const (
	msgOnlyDecision = "is only read for action decision: remove it or set action to decision"
	msgExplObject   = "must be an object"
	msgListObjects  = "must be a list of objects"
	msgWeight       = "must be a number from 0 to 1, like 0.6"
	msgLocaleMap    = `must be an object of language tag to text, like {"en": "Your income", "fr": "Vos revenus"}`
	msgLocaleEmpty  = "must give the text in at least one language"
	msgFactorKey    = "must be a key like income_12m " + slugForm
)

// explanation reads what counted in an automated decision. The field is decoded apart from the event, member by
// member (encoding/json into json.RawMessage values, keys matched exactly as for the event's own fields), so that
// a wrong type deep inside is reported with its path and the rest is still checked. {} and empty lists say
// nothing, and give nil.
func (c *checker) explanation(action string) *store.Explanation {
	const field = "explanation"
	raw := c.raw(field)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	members, ok := objectMembers(raw)
	if !ok {
		c.fail(field, msgExplObject)
		return nil
	}
	// A wrong action is reported on its own; the explanation is still checked so that every problem is told at once.
	if action != store.ActionDecision && !c.failed("action") {
		c.fail(field, msgOnlyDecision)
		return nil
	}
	before := len(c.errs)
	var x store.Explanation
	for i, e := range c.list(field+".factors", members["factors"], MaxFactors, msgTooManyFactors) {
		path := fmt.Sprintf("%s.factors[%d]", field, i)
		if m, ok := c.entry(path, e); ok {
			if f, ok := c.factor(path, m); ok {
				x.Factors = append(x.Factors, f)
			}
		}
	}
	for i, e := range c.list(field+".counterfactuals", members["counterfactuals"], MaxCounterfactuals, msgTooManyCounter) {
		path := fmt.Sprintf("%s.counterfactuals[%d]", field, i)
		if m, ok := c.entry(path, e); ok {
			if cf, ok := c.counterfactual(path, m); ok {
				x.Counterfactuals = append(x.Counterfactuals, cf)
			}
		}
	}
	if len(c.errs) > before || len(x.Factors) == 0 && len(x.Counterfactuals) == 0 {
		return nil
	}
	return &x
}

// list reads a list of at most max entries, undecoded; nil when absent, null or wrong (then the problem is
// recorded).
func (c *checker) list(path string, raw json.RawMessage, max int, tooMany string) []json.RawMessage {
	raw = trimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var elems []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &elems) != nil {
		c.fail(path, msgListObjects)
		return nil
	}
	if len(elems) > max {
		c.fail(path, tooMany)
		return nil
	}
	return elems
}

// entry splits an entry of a list into its members; false, with the problem recorded, when it is not an object.
func (c *checker) entry(path string, raw json.RawMessage) (map[string]json.RawMessage, bool) {
	m, ok := objectMembers(raw)
	if !ok {
		c.fail(path, msgExplObject)
	}
	return m, ok
}

// factor reads one entry of factors: a registry key or the brand's own label, a direction, and maybe a weight
// and the kind of data it came from.
func (c *checker) factor(path string, m map[string]json.RawMessage) (store.Factor, bool) {
	before := len(c.errs)
	var f store.Factor
	_, hasKey := present(m, "factor")
	_, hasLabel := present(m, "label")
	switch {
	case hasKey && hasLabel:
		c.fail(path, "must have factor or label, not both")
	case !hasKey && !hasLabel:
		c.fail(path, `needs factor (a key, like "income_12m") or label (its words by language)`)
	case hasKey:
		f.Key = c.key(path+".factor", m["factor"], msgFactorKey)
	default:
		f.Labels = c.locales(path+".label", m["label"])
	}
	if cat, ok := present(m, "data_category"); ok {
		f.DataCategory = c.key(path+".data_category", cat, "must be a slug like "+exampleCategory+" "+slugForm)
	}
	f.Direction = c.inner(path+".direction", m["direction"], true)
	if f.Direction != "" && !slices.Contains(store.Directions, f.Direction) {
		c.fail(path+".direction", msgDirection)
	}
	if w, ok := present(m, "weight"); ok {
		v, err := strconv.ParseFloat(string(w), 64)
		if w[0] == '"' || err != nil || v < 0 || v > 1 {
			c.fail(path+".weight", msgWeight)
		} else {
			v += 0 // -0 is 0
			f.Weight = &v
		}
	}
	return f, len(c.errs) == before
}

// counterfactual reads one entry of counterfactuals: a sentence by language, or a factor, the value it would
// have needed and, when the brand says, the result it would have given.
func (c *checker) counterfactual(path string, m map[string]json.RawMessage) (store.Counterfactual, bool) {
	before := len(c.errs)
	var cf store.Counterfactual
	_, hasText := present(m, "text")
	_, hasKey := present(m, "factor")
	_, hasValue := present(m, "value")
	_, hasResult := present(m, "result")
	switch {
	case hasText && hasKey:
		c.fail(path, "must have text or factor, not both")
	case hasText && (hasValue || hasResult):
		c.fail(path, "must have text, or factor with value and result, not both")
	case hasText:
		cf.Texts = c.locales(path+".text", m["text"])
	case hasKey:
		cf.Factor = c.key(path+".factor", m["factor"], msgFactorKey)
	case hasValue || hasResult:
		c.fail(path+".factor", "is required when value or result is given")
	default:
		c.fail(path, "needs text, or factor and value")
	}
	if hasKey && !hasText {
		cf.Value = c.inner(path+".value", m["value"], true)
		if utf8.RuneCountInString(cf.Value) > MaxFactorValue {
			c.fail(path+".value", msgValueLong)
		} else if hasControl(cf.Value, true) {
			c.fail(path+".value", msgControlText)
		}
		if hasResult {
			cf.Results = c.locales(path+".result", m["result"])
		}
	}
	return cf, len(c.errs) == before
}

// key reads a factor key or data category: a slug, as registry keys are.
func (c *checker) key(path string, raw json.RawMessage, formMsg string) string {
	s := c.inner(path, raw, true)
	switch {
	case s == "":
		return ""
	case len(s) > MaxIDLen:
		c.fail(path, fmt.Sprintf("is longer than %d bytes", MaxIDLen))
		return ""
	case !isSlug(s):
		c.fail(path, formMsg)
		return ""
	}
	return s
}

// locales reads texts by language (label, text, result): BCP 47 tags, kept in their canonical form so that "en-gb"
// and "en-GB" are one language, to non-empty plain texts. Problems are reported in the order of the tags.
func (c *checker) locales(path string, raw json.RawMessage) map[string]string {
	m, ok := objectMembers(raw)
	if !ok {
		c.fail(path, msgLocaleMap)
		return nil
	}
	tags := make([]string, 0, len(m))
	for t := range m {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	out := map[string]string{}
	for _, t := range tags {
		if string(trimSpace(m[t])) == "null" {
			continue
		}
		tag, err := language.Parse(t)
		if err != nil || len(t) > 35 {
			c.fail(path, fmt.Sprintf(`has %s, which is not a language tag like "fr" or "en-GB"`, quoteShort(t)))
			continue
		}
		p := path + "." + t
		s := c.inner(p, m[t], true)
		switch {
		case s == "":
			continue
		case utf8.RuneCountInString(s) > MaxExplainText:
			c.fail(p, msgExplainLong)
			continue
		case hasControl(s, true):
			c.fail(p, msgControlText)
			continue
		}
		canon := tag.String()
		if _, dup := out[canon]; dup {
			c.fail(p, "is the same language as another entry ("+canon+"): give each language once")
			continue
		}
		out[canon] = s
	}
	if len(out) == 0 && !slices.ContainsFunc(c.errs, func(e FieldError) bool { return strings.HasPrefix(e.Field, path) }) {
		c.fail(path, msgLocaleEmpty)
	}
	return out
}

// inner reads a string member of the explanation as str reads a field: trimmed, its encoding checked before
// decoding, "" when absent, null, blank or wrong (then the problem is recorded).
func (c *checker) inner(path string, raw json.RawMessage, required bool) string {
	var fields [len(fieldNames)][]byte
	fields[0] = raw
	sub := checker{fields: &fields}
	s := sub.str(fieldNames[0], required, msgString)
	for _, e := range sub.errs {
		c.fail(path, e.Message)
	}
	return s
}

// present returns a member that is there and not null: as for the event's own fields, null counts as absent.
func present(m map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	v := trimSpace(m[name])
	if len(v) == 0 || string(v) == "null" {
		return nil, false
	}
	return v, true
}

// objectMembers splits a JSON object into its members, undecoded; false when raw is not an object. Keys are
// matched exactly (encoding/json would fold "Factor" into a struct's factor field), so a member is read only
// under the name the contract gives it; of a repeated key the last counts.
func objectMembers(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	raw = trimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false
	}
	return m, true
}
