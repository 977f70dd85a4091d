package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"vitrine/store"
)

// Messages that more than one rule shares, or that derive from the limits, so text and limits never disagree.
var (
	msgEventTooLarge = fmt.Sprintf("event is larger than %d bytes (%d KiB)", MaxLineBytes, MaxLineBytes>>10)
	msgAction        = "must be one of " + strings.Join(store.Actions, ", ")
	msgFuture        = fmt.Sprintf("is in the future (more than %d minutes after now)", int(MaxFutureSkew/time.Minute))
	msgTooOld        = fmt.Sprintf("is more than %d years old", int(MaxAge/(365*24*time.Hour)))
	msgTooMany       = fmt.Sprintf("has more than %d entries", MaxCategories)
)

const (
	msgObject       = "event must be a JSON object"
	msgRequired     = "is required"
	msgString       = "must be a string"
	msgNumber       = `must be a string: put numbers in quotes, like "1001"`
	msgBool         = "must be true or false"
	msgList         = "must be a list of strings"
	msgTimeType     = "must be a string in RFC 3339 form, like 2026-11-03T14:02:00Z"
	msgTimeForm     = "must be a date and time in RFC 3339 form with a time zone, like 2026-11-03T14:02:00Z or 2026-11-03T15:02:00+01:00"
	msgUTF8         = "is not valid UTF-8"
	msgSurrogate    = `is not valid UTF-8: it has an unpaired \u escape in the range \ud800-\udfff`
	msgControl      = "must not contain control characters"
	msgControlText  = "must not contain control characters (tab and new line are allowed)"
	slugForm        = "(lowercase letters, digits, - _ ., starting with a letter or digit)"
	exampleSystem   = "product-recommender"
	examplePurpose  = "recommendations"
	exampleCategory = "user.behavior.purchase_history"
)

// Validate checks one decoded event (used by DecodeBatch and NDJSONReader, and by tests). It returns the event
// ready for the store, or the zero event and every problem found (several per event, in the order of the
// contract's fields, so answers are deterministic). The id is returned whenever it is a valid id, even if other
// fields are wrong, so the answer can name the event. Unknown fields are ignored, so brands can send more than
// vitrine reads today. Validate never panics, whatever raw holds.
func Validate(raw json.RawMessage, now time.Time) (store.EventInput, []FieldError, string) {
	return validate(raw, now, false)
}

// validate is Validate for an element of a body json.Valid already accepted (isJSON), which need not be
// scanned a second time.
func validate(raw []byte, now time.Time, isJSON bool) (store.EventInput, []FieldError, string) {
	if len(raw) > MaxLineBytes {
		return store.EventInput{}, []FieldError{{Message: msgEventTooLarge}}, ""
	}
	fields, fe := decodeObject(raw, isJSON)
	if fe != nil {
		return store.EventInput{}, []FieldError{*fe}, ""
	}
	c := checker{fields: fields}
	var ev store.EventInput
	ev.ID = c.id("id", true)
	ev.Customer = c.id("customer", true)
	ev.System = c.slug("system", exampleSystem)
	ev.Purpose = c.slug("purpose", examplePurpose)
	ev.Action = c.action()
	ev.DataCategories = c.categories()
	ev.OccurredAt = c.occurredAt(now)
	ev.Outcome = c.text("outcome")
	ev.ModelVersion = c.id("model_version", false)
	ev.Actor = c.id("actor", false)
	ev.Channel = c.id("channel", false)
	ev.Decision = c.text("decision")
	ev.HumanReview = c.boolean("human_review")
	ev.OnBehalfOf = c.text("on_behalf_of")
	ev.Lang = c.lang()
	ev.Explanation = c.explanation(ev.Action)
	ev.Act = c.act(ev.Action)

	// What an action means needs its own facts: the customer page names the model version that learned from
	// them, says what was decided, and who the outside agent was.
	switch ev.Action {
	case store.ActionTraining:
		if ev.ModelVersion == "" && !c.failed("model_version") {
			c.fail("model_version", "is required when action is training")
		}
	case store.ActionDecision:
		if ev.Decision == "" && ev.Outcome == "" && !c.failed("decision") && !c.failed("outcome") {
			c.fail("decision", "is required when action is decision (give decision or outcome)")
		}
	case store.ActionAgentAccess:
		// A chain names the agent already: the actor is then its name, or its id.
		if ev.Actor == "" && ev.Act != nil && !c.failed("actor") {
			ev.Actor = ev.Act.Label()
			if len(ev.Actor) > MaxIDLen {
				ev.Actor = ev.Act.Sub
			}
		}
		if ev.Actor == "" && !c.failed("actor") && !c.failedUnder("act") {
			c.fail("actor", "is required when action is agent_access (give actor, or act)")
		}
	}

	id := ev.ID
	if c.failed("id") {
		id = ""
	}
	if len(c.errs) > 0 {
		return store.EventInput{}, c.errs, id
	}
	return ev, nil, id
}

// fieldNames are the fields of the contract, in the order problems are reported.
var fieldNames = [...]string{"id", "customer", "system", "purpose", "action", "data_categories", "occurred_at",
	"outcome", "model_version", "actor", "channel", "decision", "human_review", "on_behalf_of", "lang",
	"explanation", "act"}

// fieldIndex finds a field's slot by its exact JSON name: "ID" or "Id" is an unknown field, as it would be for
// any case-sensitive JSON reader on the brand's side.
var fieldIndex = func() map[string]int {
	m := make(map[string]int, len(fieldNames))
	for i, n := range fieldNames {
		m[n] = i
	}
	return m
}()

// decodeObject splits an event into its known fields, undecoded, so that one field of the wrong type cannot hide
// the problems of the others (as decoding into a struct would: it stops at the first). Unknown fields are
// skipped; of a repeated field the last value counts, as with encoding/json.
func decodeObject(raw []byte, isJSON bool) (*[len(fieldNames)][]byte, *FieldError) {
	t := trimSpace(raw)
	if !isJSON && !json.Valid(t) {
		var v json.RawMessage
		err := json.Unmarshal(t, &v)
		msg := err.Error()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg = fmt.Sprintf("%s, near byte %d", msg, se.Offset+int64(len(raw)-len(trimLeftSpace(raw))))
		}
		return nil, &FieldError{Message: "event is not valid JSON (" + msg + ")"}
	}
	if t[0] != '{' {
		return nil, &FieldError{Message: msgObject}
	}
	var fields [len(fieldNames)][]byte
	forEachMember(t, func(key, value []byte) {
		var i int
		var ok bool
		if len(key) >= 2 && !slices.Contains(key, '\\') {
			i, ok = fieldIndex[string(key[1:len(key)-1])] // no allocation for a map look-up
		} else if k, decoded := decodeString(key); decoded {
			i, ok = fieldIndex[k]
		}
		if ok {
			fields[i] = value
		}
	})
	return &fields, nil
}

// checker collects the problems of one event.
type checker struct {
	fields *[len(fieldNames)][]byte
	errs   []FieldError
}

// raw is a field's undecoded value, nil when the event does not have it.
func (c *checker) raw(field string) []byte { return trimSpace(c.fields[fieldIndex[field]]) }

func (c *checker) fail(field, msg string) {
	c.errs = append(c.errs, FieldError{Field: field, Message: msg})
}

// failed reports whether a field already has a problem, so a rule that depends on it does not pile on.
func (c *checker) failed(field string) bool {
	return slices.ContainsFunc(c.errs, func(e FieldError) bool { return e.Field == field })
}

// failedUnder reports whether a field or anything inside it (act.act.type) already has a problem.
func (c *checker) failedUnder(field string) bool {
	return slices.ContainsFunc(c.errs, func(e FieldError) bool { return e.Field == field || strings.HasPrefix(e.Field, field+".") })
}

// str returns a string field, trimmed; "" when it is missing, null, blank or wrong (then the problem is recorded).
// typeMsg is what to say when the value is not a string.
func (c *checker) str(field string, required bool, typeMsg string) string {
	raw := c.raw(field)
	if len(raw) == 0 || string(raw) == "null" {
		if required {
			c.fail(field, msgRequired)
		}
		return ""
	}
	if raw[0] != '"' {
		if typeMsg == msgString && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
			typeMsg = msgNumber
		}
		c.fail(field, typeMsg)
		return ""
	}
	if msg := encodingProblem(raw); msg != "" {
		c.fail(field, msg)
		return ""
	}
	s, ok := decodeString(raw)
	if !ok {
		c.fail(field, typeMsg)
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		c.fail(field, msgRequired)
	}
	return s
}

// id reads an identifier: ids end up in URLs, logs and staff screens, so they are short and hold nothing
// invisible (control or bidirectional-override characters could make one id look like another).
func (c *checker) id(field string, required bool) string {
	s := c.str(field, required, msgString)
	switch {
	case s == "":
		return ""
	case len(s) > MaxIDLen:
		c.fail(field, fmt.Sprintf("is longer than %d bytes", MaxIDLen))
		return ""
	case hasControl(s, false):
		c.fail(field, msgControl)
		return ""
	}
	return s
}

// slug reads a required system or purpose slug: it names a registry entry and appears in customers' URLs.
func (c *checker) slug(field, example string) string {
	s := c.str(field, true, msgString)
	switch {
	case s == "":
		return ""
	case len(s) > MaxIDLen:
		c.fail(field, fmt.Sprintf("is longer than %d bytes", MaxIDLen))
		return ""
	case !isSlug(s):
		c.fail(field, "must be a slug like "+example+" "+slugForm)
		return ""
	}
	return s
}

// text reads a short free text shown to customers (outcome, decision, on whose behalf): line breaks are
// fine there, other control characters are not.
func (c *checker) text(field string) string {
	s := c.str(field, false, msgString)
	switch {
	case s == "":
		return ""
	case len(s) > MaxOutcomeLen:
		c.fail(field, fmt.Sprintf("is longer than %d bytes", MaxOutcomeLen))
		return ""
	case hasControl(s, true):
		c.fail(field, msgControlText)
		return ""
	}
	return s
}

// lang reads the language the brand wrote outcome and decision in, a BCP 47 tag ("fr", "en-GB"): pages quote
// those texts marked with it, so a screen reader reads them in their own language.
func (c *checker) lang() string {
	s := c.str("lang", false, msgString)
	if s == "" {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil || len(s) > 35 {
		c.fail("lang", `must be a language tag like "fr" or "en-GB"`)
		return ""
	}
	return tag.String()
}

func (c *checker) action() string {
	s := c.str("action", true, msgString)
	if s == "" {
		return ""
	}
	if !slices.Contains(store.Actions, s) {
		c.fail("action", msgAction)
		return ""
	}
	return s
}

func (c *checker) boolean(field string) bool {
	switch string(c.raw(field)) {
	case "", "null", "false":
		return false
	case "true":
		return true
	}
	c.fail(field, msgBool)
	return false
}

// occurredAt reads the time of the event, in UTC as the store keeps it. An event far in the future or past is
// almost always a unit or clock mistake on the sender's side (milliseconds read as seconds, an unset clock), and
// it would land on a customer's timeline where it does not belong.
func (c *checker) occurredAt(now time.Time) time.Time {
	s := c.str("occurred_at", true, msgTimeType)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	switch {
	case err != nil:
		c.fail("occurred_at", msgTimeForm)
		return time.Time{}
	case t.After(now.Add(MaxFutureSkew)):
		c.fail("occurred_at", msgFuture)
		return time.Time{}
	case t.Before(now.Add(-MaxAge)):
		c.fail("occurred_at", msgTooOld)
		return time.Time{}
	}
	return t.UTC()
}

// categories reads data_categories: each entry a slug, repeated entries merged (a repeat says nothing more).
func (c *checker) categories() []string {
	const field = "data_categories"
	raw := c.raw(field)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if raw[0] != '[' {
		c.fail(field, msgList)
		return nil
	}
	if msg := encodingProblem(raw); msg != "" {
		c.fail(field, msg)
		return nil
	}
	var elems [][]byte
	n := 0
	forEachElement(raw, func(value []byte) {
		if n++; n <= MaxCategories {
			elems = append(elems, value)
		}
	})
	if n > MaxCategories {
		c.fail(field, msgTooMany)
		return nil
	}
	var out []string
	bad := false
	for i, e := range elems {
		e = trimSpace(e)
		if len(e) == 0 || e[0] != '"' {
			c.fail(field, msgList)
			return nil
		}
		s, ok := decodeString(e)
		if !ok {
			c.fail(field, msgList)
			return nil
		}
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			c.fail(field, fmt.Sprintf("entry [%d] is empty", i))
			bad = true
		case len(s) > MaxIDLen:
			c.fail(field, fmt.Sprintf("entry [%d] is longer than %d bytes", i, MaxIDLen))
			bad = true
		case !isSlug(s):
			c.fail(field, fmt.Sprintf("entry [%d] (%s) must be a slug like %s %s", i, quoteShort(s), exampleCategory, slugForm))
			bad = true
		case !slices.Contains(out, s):
			out = append(out, s)
		}
	}
	if bad {
		return nil
	}
	return out
}

// decodeString decodes a JSON string literal. Most values have no escapes and are copied as they are, which
// saves a trip through the reflection-based decoder for each field of each event.
func decodeString(raw []byte) (string, bool) {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && !slices.Contains(raw[1:len(raw)-1], '\\') {
		return string(raw[1 : len(raw)-1]), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// encodingProblem looks at a field's raw bytes before decoding, because encoding/json silently replaces
// invalid UTF-8 and unpaired surrogate escapes with U+FFFD: the brand would never learn its data was altered.
func encodingProblem(raw []byte) string {
	if !utf8.Valid(raw) {
		return msgUTF8
	}
	if hasLoneSurrogate(raw) {
		return msgSurrogate
	}
	return ""
}

// hasLoneSurrogate reports a \uD800-\uDFFF escape that is not a high surrogate followed by a low one.
// Backslashes occur only inside JSON strings, so the raw bytes of any value can be scanned as they are.
func hasLoneSurrogate(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if i+1 >= len(raw) || raw[i+1] != 'u' {
			i++ // skip the escaped character, which may itself be a backslash
			continue
		}
		r, ok := hex4(raw[i+2:])
		if !ok {
			i++
			continue
		}
		i += 5 // last hex digit
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			next := raw[i+1:]
			if len(next) < 6 || next[0] != '\\' || next[1] != 'u' {
				return true
			}
			lo, ok := hex4(next[2:])
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 16)
	if err != nil {
		return 0, false
	}
	return rune(v), true
}

// hasControl reports control characters; in free text (text) tab and line breaks are allowed, and in ids the
// bidirectional controls are refused too.
func hasControl(s string, text bool) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			if text && (r == '\t' || r == '\n' || r == '\r') {
				continue
			}
			return true
		}
		if !text && unicode.Is(unicode.Bidi_Control, r) {
			return true
		}
	}
	return false
}

// isSlug reports lowercase ASCII letters, digits, '-', '_' and '.', starting with a letter or digit.
func isSlug(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '-' || c == '_' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// quoteShort quotes a value for a message, cut short so an answer never echoes a huge value.
func quoteShort(s string) string {
	const limit = 40
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

// ID checks a JSON value sent outside an event (the sessions API's customer id, say) by the rules of an event's
// ids, so that a customer id is held to one standard however it reaches vitrine: a string, trimmed, valid UTF-8,
// at most MaxIDLen bytes, without control or bidirectional-override characters. It returns the value, or "" and
// what is wrong with it; a missing, null or blank value is wrong only when required.
func ID(raw json.RawMessage, required bool) (string, string) {
	var fields [len(fieldNames)][]byte
	fields[fieldIndex["id"]] = raw
	c := checker{fields: &fields}
	s := c.id("id", required)
	if len(c.errs) > 0 {
		return "", c.errs[0].Message
	}
	return s, ""
}
