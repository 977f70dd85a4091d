package ingest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"vitrine/store"
)

// now is the fixed clock of every test, so results never depend on the day the tests run.
var now = time.Date(2026, 11, 3, 15, 0, 0, 0, time.UTC)

// baseFields is a valid event, field by field, as raw JSON values, in the contract's order.
var baseFields = [][2]string{
	{"id", `"evt-1"`},
	{"customer", `"C-1001"`},
	{"system", `"product-recommender"`},
	{"purpose", `"recommendations"`},
	{"action", `"inference"`},
	{"data_categories", `["user.behavior.purchase_history"]`},
	{"occurred_at", `"2026-11-03T14:02:00Z"`},
	{"outcome", `"suggested 4 products"`},
	{"model_version", `"7"`},
	{"actor", `""`},
	{"channel", `"web"`},
}

// event writes the valid event with some fields changed: pairs of field name and raw JSON value; the value "-"
// removes the field, and a field not in baseFields is appended. Raw values let tests send what a JSON encoder
// never would (invalid UTF-8, lone surrogates).
func event(over ...string) string {
	set := map[string]string{}
	var order []string
	for _, f := range baseFields {
		set[f[0]] = f[1]
		order = append(order, f[0])
	}
	for i := 0; i+1 < len(over); i += 2 {
		if _, ok := set[over[i]]; !ok {
			order = append(order, over[i])
		}
		set[over[i]] = over[i+1]
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for _, k := range order {
		if set[k] == "-" {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		fmt.Fprintf(&b, "%q:%s", k, set[k])
	}
	b.WriteByte('}')
	return b.String()
}

func fe(field, msg string) FieldError { return FieldError{Field: field, Message: msg} }

const slugTail = " (lowercase letters, digits, - _ ., starting with a letter or digit)"

func TestValidateErrors(t *testing.T) {
	long := func(n int) string { return `"` + strings.Repeat("a", n) + `"` }
	cats := func(n int) string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprintf(`"c%d"`, i))
		}
		return "[" + strings.Join(s, ",") + "]"
	}
	tests := []struct {
		name string
		raw  string
		want []FieldError
	}{
		// The element as a whole.
		{"array", `[]`, []FieldError{fe("", "event must be a JSON object")}},
		{"string", `"evt-1"`, []FieldError{fe("", "event must be a JSON object")}},
		{"number", `42`, []FieldError{fe("", "event must be a JSON object")}},
		{"null", `null`, []FieldError{fe("", "event must be a JSON object")}},
		{"truncated", `{"id":`, []FieldError{fe("", "event is not valid JSON (unexpected end of JSON input, near byte 6)")}},
		{"trailing comma", `{"id":"a",}`, []FieldError{fe("", "event is not valid JSON (invalid character '}' looking for beginning of object key string, near byte 11)")}},
		{"too large", event("pad", long(MaxLineBytes)), []FieldError{fe("", "event is larger than 65536 bytes (64 KiB)")}},

		// Required fields: missing, empty, blank or null are all "is required".
		{"all missing", `{}`, []FieldError{
			fe("id", "is required"), fe("customer", "is required"), fe("system", "is required"),
			fe("purpose", "is required"), fe("action", "is required"), fe("occurred_at", "is required"),
		}},
		{"id missing", event("id", "-"), []FieldError{fe("id", "is required")}},
		{"id empty", event("id", `""`), []FieldError{fe("id", "is required")}},
		{"id blank", event("id", `"  \t "`), []FieldError{fe("id", "is required")}},
		{"id null", event("id", `null`), []FieldError{fe("id", "is required")}},
		{"customer missing", event("customer", "-"), []FieldError{fe("customer", "is required")}},
		{"system missing", event("system", "-"), []FieldError{fe("system", "is required")}},
		{"purpose empty", event("purpose", `""`), []FieldError{fe("purpose", "is required")}},
		{"action missing", event("action", "-"), []FieldError{fe("action", "is required")}},
		{"occurred_at missing", event("occurred_at", "-"), []FieldError{fe("occurred_at", "is required")}},

		// Wrong types, all reported together.
		{"occurred_at number", event("occurred_at", `123`), []FieldError{fe("occurred_at", "must be a string in RFC 3339 form, like 2026-11-03T14:02:00Z")}},
		{"data_categories string", event("data_categories", `"x"`), []FieldError{fe("data_categories", "must be a list of strings")}},
		{"data_categories of numbers", event("data_categories", `["a",1]`), []FieldError{fe("data_categories", "must be a list of strings")}},
		{"data_categories with null", event("data_categories", `[null]`), []FieldError{fe("data_categories", "must be a list of strings")}},
		{"human_review string", event("human_review", `"yes"`), []FieldError{fe("human_review", "must be true or false")}},
		{"human_review number", event("human_review", `1`), []FieldError{fe("human_review", "must be true or false")}},
		{"id number", event("id", `123`), []FieldError{fe("id", `must be a string: put numbers in quotes, like "1001"`)}},
		{"customer negative number", event("customer", `-5`), []FieldError{fe("customer", `must be a string: put numbers in quotes, like "1001"`)}},
		{"customer bool", event("customer", `true`), []FieldError{fe("customer", "must be a string")}},
		{"outcome object", event("outcome", `{}`), []FieldError{fe("outcome", "must be a string")}},
		{"channel array", event("channel", `["web"]`), []FieldError{fe("channel", "must be a string")}},
		{"several wrong types", event("id", `1`, "occurred_at", `true`, "data_categories", `{}`, "human_review", `"no"`), []FieldError{
			fe("id", `must be a string: put numbers in quotes, like "1001"`),
			fe("data_categories", "must be a list of strings"),
			fe("occurred_at", "must be a string in RFC 3339 form, like 2026-11-03T14:02:00Z"),
			fe("human_review", "must be true or false"),
		}},

		// Lengths, in bytes.
		{"id too long", event("id", long(MaxIDLen+1)), []FieldError{fe("id", "is longer than 200 bytes")}},
		{"id too long in bytes not runes", event("id", `"`+strings.Repeat("é", 101)+`"`), []FieldError{fe("id", "is longer than 200 bytes")}},
		{"customer too long", event("customer", long(201)), []FieldError{fe("customer", "is longer than 200 bytes")}},
		{"system too long", event("system", long(201)), []FieldError{fe("system", "is longer than 200 bytes")}},
		{"purpose too long", event("purpose", long(201)), []FieldError{fe("purpose", "is longer than 200 bytes")}},
		{"actor too long", event("actor", long(201)), []FieldError{fe("actor", "is longer than 200 bytes")}},
		{"channel too long", event("channel", long(201)), []FieldError{fe("channel", "is longer than 200 bytes")}},
		{"model_version too long", event("model_version", long(201)), []FieldError{fe("model_version", "is longer than 200 bytes")}},
		{"outcome too long", event("outcome", long(MaxOutcomeLen+1)), []FieldError{fe("outcome", "is longer than 500 bytes")}},
		{"decision too long", event("decision", long(501)), []FieldError{fe("decision", "is longer than 500 bytes")}},
		{"on_behalf_of too long", event("on_behalf_of", long(501)), []FieldError{fe("on_behalf_of", "is longer than 500 bytes")}},

		// Control characters.
		{"id with NUL", event("id", `"evt\u0000-1"`), []FieldError{fe("id", "must not contain control characters")}},
		{"customer with newline", event("customer", `"C-1\n001"`), []FieldError{fe("customer", "must not contain control characters")}},
		{"actor with bidi override", event("actor", `"agent\u202e"`), []FieldError{fe("actor", "must not contain control characters")}},
		{"channel with DEL", event("channel", `"web\u007f"`), []FieldError{fe("channel", "must not contain control characters")}},
		{"model_version with C1", event("model_version", `"7\u0085x"`), []FieldError{fe("model_version", "must not contain control characters")}},
		{"outcome with bell", event("outcome", `"ok\u0007"`), []FieldError{fe("outcome", "must not contain control characters (tab and new line are allowed)")}},
		{"on_behalf_of with escape", event("on_behalf_of", `"x\u001b[31m"`), []FieldError{fe("on_behalf_of", "must not contain control characters (tab and new line are allowed)")}},

		// Slugs.
		{"system uppercase", event("system", `"Product-Recommender"`), []FieldError{fe("system", "must be a slug like product-recommender"+slugTail)}},
		{"system with space", event("system", `"product recommender"`), []FieldError{fe("system", "must be a slug like product-recommender"+slugTail)}},
		{"system starting with dash", event("system", `"-recommender"`), []FieldError{fe("system", "must be a slug like product-recommender"+slugTail)}},
		{"purpose with slash", event("purpose", `"ads/targeting"`), []FieldError{fe("purpose", "must be a slug like recommendations"+slugTail)}},
		{"purpose non-ascii", event("purpose", `"publicité"`), []FieldError{fe("purpose", "must be a slug like recommendations"+slugTail)}},
		{"category not a slug", event("data_categories", `["user.behavior", "Purchase History"]`), []FieldError{
			fe("data_categories", `entry [1] ("Purchase History") must be a slug like user.behavior.purchase_history`+slugTail)}},
		{"category empty", event("data_categories", `["a", " "]`), []FieldError{fe("data_categories", "entry [1] is empty")}},
		{"category too long", event("data_categories", `[`+long(201)+`]`), []FieldError{fe("data_categories", "entry [0] is longer than 200 bytes")}},
		{"category long value quoted short", event("data_categories", `["`+strings.Repeat("A", 60)+`"]`), []FieldError{
			fe("data_categories", `entry [0] ("`+strings.Repeat("A", 40)+`…") must be a slug like user.behavior.purchase_history`+slugTail)}},
		{"two bad categories", event("data_categories", `["A","b","C"]`), []FieldError{
			fe("data_categories", `entry [0] ("A") must be a slug like user.behavior.purchase_history`+slugTail),
			fe("data_categories", `entry [2] ("C") must be a slug like user.behavior.purchase_history`+slugTail)}},
		{"too many categories", event("data_categories", cats(MaxCategories+1)), []FieldError{fe("data_categories", "has more than 50 entries")}},

		// Action.
		{"action unknown", event("action", `"delete"`), []FieldError{fe("action", "must be one of inference, training, decision, generation, sharing, agent_access")}},
		{"action uppercase", event("action", `"Inference"`), []FieldError{fe("action", "must be one of inference, training, decision, generation, sharing, agent_access")}},
		{"action number", event("action", `1`), []FieldError{fe("action", `must be a string: put numbers in quotes, like "1001"`)}},

		// occurred_at.
		{"occurred_at no zone", event("occurred_at", `"2026-11-03T14:02:00"`), []FieldError{fe("occurred_at", "must be a date and time in RFC 3339 form with a time zone, like 2026-11-03T14:02:00Z or 2026-11-03T15:02:00+01:00")}},
		{"occurred_at space", event("occurred_at", `"2026-11-03 14:02:00Z"`), []FieldError{fe("occurred_at", "must be a date and time in RFC 3339 form with a time zone, like 2026-11-03T14:02:00Z or 2026-11-03T15:02:00+01:00")}},
		{"occurred_at date only", event("occurred_at", `"2026-11-03"`), []FieldError{fe("occurred_at", "must be a date and time in RFC 3339 form with a time zone, like 2026-11-03T14:02:00Z or 2026-11-03T15:02:00+01:00")}},
		{"occurred_at words", event("occurred_at", `"yesterday"`), []FieldError{fe("occurred_at", "must be a date and time in RFC 3339 form with a time zone, like 2026-11-03T14:02:00Z or 2026-11-03T15:02:00+01:00")}},
		{"occurred_at future", event("occurred_at", `"2026-11-03T15:10:01Z"`), []FieldError{fe("occurred_at", "is in the future (more than 10 minutes after now)")}},
		{"occurred_at future by offset", event("occurred_at", `"2026-11-03T16:11:00+01:00"`), []FieldError{fe("occurred_at", "is in the future (more than 10 minutes after now)")}},
		{"occurred_at in milliseconds year", event("occurred_at", `"9999-12-31T23:59:59Z"`), []FieldError{fe("occurred_at", "is in the future (more than 10 minutes after now)")}},
		{"occurred_at too old", event("occurred_at", `"2016-11-01T00:00:00Z"`), []FieldError{fe("occurred_at", "is more than 10 years old")}},
		{"occurred_at epoch", event("occurred_at", `"1970-01-01T00:00:00Z"`), []FieldError{fe("occurred_at", "is more than 10 years old")}},

		// Rules that depend on the action.
		{"training without model_version", event("action", `"training"`, "model_version", "-"), []FieldError{fe("model_version", "is required when action is training")}},
		{"training with blank model_version", event("action", `"training"`, "model_version", `" "`), []FieldError{fe("model_version", "is required when action is training")}},
		{"training with bad model_version", event("action", `"training"`, "model_version", `7`), []FieldError{fe("model_version", `must be a string: put numbers in quotes, like "1001"`)}},
		{"decision without decision or outcome", event("action", `"decision"`, "outcome", "-"), []FieldError{fe("decision", "is required when action is decision (give decision or outcome)")}},
		{"agent_access without actor", event("action", `"agent_access"`), []FieldError{fe("actor", "is required when action is agent_access (give actor, or act)")}},

		// Encoding: invalid UTF-8 is reported, never silently replaced.
		{"id invalid utf8", event("id", "\"evt-\xff\""), []FieldError{fe("id", "is not valid UTF-8")}},
		{"outcome invalid utf8", event("outcome", "\"caf\xc3\""), []FieldError{fe("outcome", "is not valid UTF-8")}},
		{"category invalid utf8", event("data_categories", "[\"a\",\"b\xed\xa0\x80\"]"), []FieldError{fe("data_categories", "is not valid UTF-8")}},
		{"occurred_at invalid utf8", event("occurred_at", "\"2026-11-03T14:02:00Z\xfe\""), []FieldError{fe("occurred_at", "is not valid UTF-8")}},
		{"lone high surrogate", event("outcome", `"smile \ud83d"`), []FieldError{fe("outcome", `is not valid UTF-8: it has an unpaired \u escape in the range \ud800-\udfff`)}},
		{"lone low surrogate", event("customer", `"C\udc00"`), []FieldError{fe("customer", `is not valid UTF-8: it has an unpaired \u escape in the range \ud800-\udfff`)}},
		{"high surrogate then high", event("decision", `"\ud83d\ud83d"`), []FieldError{fe("decision", `is not valid UTF-8: it has an unpaired \u escape in the range \ud800-\udfff`)}},
		{"surrogate in category", event("data_categories", `["\udfff"]`), []FieldError{fe("data_categories", `is not valid UTF-8: it has an unpaired \u escape in the range \ud800-\udfff`)}},

		// Many problems at once, in the contract's order.
		{"many problems", event("id", `""`, "system", `"Bad System"`, "action", `"training"`, "model_version", "-", "occurred_at", `"soon"`, "outcome", long(600)), []FieldError{
			fe("id", "is required"),
			fe("system", "must be a slug like product-recommender"+slugTail),
			fe("occurred_at", "must be a date and time in RFC 3339 form with a time zone, like 2026-11-03T14:02:00Z or 2026-11-03T15:02:00+01:00"),
			fe("outcome", "is longer than 500 bytes"),
			fe("model_version", "is required when action is training"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, errs, _ := Validate([]byte(tt.raw), now)
			if !reflect.DeepEqual(errs, tt.want) {
				t.Errorf("Validate(%.120s)\n got %q\nwant %q", tt.raw, errs, tt.want)
			}
			if !reflect.DeepEqual(ev, store.EventInput{}) {
				t.Errorf("a rejected event must be the zero value, got %+v", ev)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want store.EventInput
	}{
		{"contract example", event(), store.EventInput{
			ID: "evt-1", Customer: "C-1001", System: "product-recommender", Purpose: "recommendations", Action: "inference",
			DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 0, time.UTC),
			Outcome: "suggested 4 products", ModelVersion: "7", Channel: "web",
		}},
		{"only required", `{"id":"e","customer":"c","system":"s","purpose":"p","action":"sharing","occurred_at":"2026-11-03T14:02:00Z"}`, store.EventInput{
			ID: "e", Customer: "c", System: "s", Purpose: "p", Action: "sharing", OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 0, time.UTC),
		}},
		{"offset converted to UTC, fractions kept", `{"id":"e","customer":"c","system":"s","purpose":"p","action":"inference","occurred_at":"2026-11-03T15:02:00.25+01:00"}`, store.EventInput{
			ID: "e", Customer: "c", System: "s", Purpose: "p", Action: "inference", OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 250e6, time.UTC),
		}},
		{"trimmed, escapes decoded, null optional fields, unknown fields ignored", ` {"id":" e\u0031 ","customer":"\tc ","system":"s.1_a-b","purpose":"p","action":" decision ",
			"occurred_at":" 2026-11-03T14:02:00Z ","decision":"declined\nby rule 4","human_review":true,"outcome":null,"model_version":null,
			"data_categories":null,"human":"yes","nested":{"deep":[1,2,{"x":"\ud800"}]},"bad_bytes":"` + "\xff" + `"} `, store.EventInput{
			ID: "e1", Customer: "c", System: "s.1_a-b", Purpose: "p", Action: "decision", OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 0, time.UTC),
			Decision: "declined\nby rule 4", HumanReview: true,
		}},
		{"decision with outcome only", event("action", `"decision"`), store.EventInput{
			ID: "evt-1", Customer: "C-1001", System: "product-recommender", Purpose: "recommendations", Action: "decision",
			DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 0, time.UTC),
			Outcome: "suggested 4 products", ModelVersion: "7", Channel: "web",
		}},
		{"agent_access with actor, categories merged, surrogate pair", event("action", `"agent_access"`, "actor", `"shopping-agent \ud83d\ude00"`,
			"on_behalf_of", `"Camille"`, "data_categories", `["a","b"," a","b","c"]`, "human_review", "false"), store.EventInput{
			ID: "evt-1", Customer: "C-1001", System: "product-recommender", Purpose: "recommendations", Action: "agent_access",
			DataCategories: []string{"a", "b", "c"}, OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 0, time.UTC),
			Outcome: "suggested 4 products", ModelVersion: "7", Actor: "shopping-agent 😀", Channel: "web", OnBehalfOf: "Camille",
		}},
		{"limits are inclusive", event("id", `"`+strings.Repeat("i", MaxIDLen)+`"`, "outcome", `"`+strings.Repeat("o", MaxOutcomeLen)+`"`,
			"data_categories", `[`+strings.Repeat(`"c",`, MaxCategories-1)+`"c"]`, "occurred_at", `"2026-11-03T15:10:00Z"`), store.EventInput{
			ID: strings.Repeat("i", MaxIDLen), Customer: "C-1001", System: "product-recommender", Purpose: "recommendations", Action: "inference",
			DataCategories: []string{"c"}, OccurredAt: time.Date(2026, 11, 3, 15, 10, 0, 0, time.UTC),
			Outcome: strings.Repeat("o", MaxOutcomeLen), ModelVersion: "7", Channel: "web",
		}},
		{"training with model_version, outcome tab", event("action", `"training"`, "outcome", `"a\tb"`), store.EventInput{
			ID: "evt-1", Customer: "C-1001", System: "product-recommender", Purpose: "recommendations", Action: "training",
			DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: time.Date(2026, 11, 3, 14, 2, 0, 0, time.UTC),
			Outcome: "a\tb", ModelVersion: "7", Channel: "web",
		}},
		{"almost ten years old", event("occurred_at", `"2016-11-06T00:00:00Z"`), store.EventInput{
			ID: "evt-1", Customer: "C-1001", System: "product-recommender", Purpose: "recommendations", Action: "inference",
			DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: time.Date(2016, 11, 6, 0, 0, 0, 0, time.UTC),
			Outcome: "suggested 4 products", ModelVersion: "7", Channel: "web",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, errs, id := Validate([]byte(tt.raw), now)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors %q", errs)
			}
			if !reflect.DeepEqual(ev, tt.want) {
				t.Errorf("got  %+v\nwant %+v", ev, tt.want)
			}
			if id != tt.want.ID {
				t.Errorf("id = %q, want %q", id, tt.want.ID)
			}
			if ev.OccurredAt.Location() != time.UTC {
				t.Errorf("occurred_at must be stored in UTC, got %v", ev.OccurredAt.Location())
			}
		})
	}
}

// The id is given back for the answer even when other fields are wrong, but never when the id itself is wrong.
func TestValidateID(t *testing.T) {
	for raw, want := range map[string]string{
		event("action", `"nope"`):                     "evt-1",
		event("id", `" evt-2 "`):                      "evt-2",
		event("id", `7`):                              "",
		event("id", `"a\u0000"`):                      "",
		event("id", "\"\xff\""):                       "",
		`[{"id":"x"}]`:                                "",
		`{"id":"e",`:                                  "",
		event("occurred_at", "-"):                     "evt-1",
		event("id", `"`+strings.Repeat("x", 201)+`"`): "",
	} {
		if _, _, id := Validate([]byte(raw), now); id != want {
			t.Errorf("Validate(%.60s) id = %q, want %q", raw, id, want)
		}
	}
}

func statuses(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%d@%d %s:", it.Index, it.Line, it.ID)
		if len(it.Errors) == 0 {
			b.WriteString("ok")
		}
		for _, e := range it.Errors {
			fmt.Fprintf(&b, "[%s %s]", e.Field, e.Message)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestDecodeBatchMixed(t *testing.T) {
	body := `{"events":[` + strings.Join([]string{
		event("id", `"a"`),
		event("id", `"b"`, "action", `"delete"`),
		`"not an event"`,
		event("id", `"d"`, "occurred_at", `123`, "human_review", `"yes"`),
		event("id", `"e"`),
	}, ",") + `],"source":"unit test"}`
	items, err := DecodeBatch(strings.NewReader(body), "application/json; charset=utf-8", now)
	if err != nil {
		t.Fatal(err)
	}
	want := `0@0 a:ok
1@0 b:[action must be one of inference, training, decision, generation, sharing, agent_access]
2@0 :[ event must be a JSON object]
3@0 d:[occurred_at must be a string in RFC 3339 form, like 2026-11-03T14:02:00Z][human_review must be true or false]
4@0 e:ok
`
	if got := statuses(items); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if items[0].Event.ID != "a" || items[4].Event.ID != "e" {
		t.Errorf("valid events must be kept: %+v %+v", items[0].Event, items[4].Event)
	}
	if !reflect.DeepEqual(items[1].Event, store.EventInput{}) {
		t.Errorf("rejected event must be zero: %+v", items[1].Event)
	}
}

func TestDecodeBatchDuplicates(t *testing.T) {
	body := "[" + strings.Join([]string{
		event("id", `"a"`),
		event("id", `"b"`),
		event("id", `" a"`), // the same id once trimmed
		event("id", `"a"`, "action", `"nope"`),
		event("id", `"c"`),
		event("id", `"b"`),
	}, ",") + "]"
	items, err := DecodeBatch(strings.NewReader(body), "", now)
	if err != nil {
		t.Fatal(err)
	}
	want := `0@0 a:ok
1@0 b:ok
2@0 a:[id appears more than once in this batch (first at index 0)]
3@0 a:[action must be one of inference, training, decision, generation, sharing, agent_access][id appears more than once in this batch (first at index 0)]
4@0 c:ok
5@0 b:[id appears more than once in this batch (first at index 1)]
`
	if got := statuses(items); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !reflect.DeepEqual(items[2].Event, store.EventInput{}) {
		t.Errorf("a duplicate must not be usable: %+v", items[2].Event)
	}
}

func TestDecodeBatchNDJSON(t *testing.T) {
	lines := []string{
		event("id", `"a"`),
		"",
		`{"id":"b","customer":`, // malformed, line 3
		"   ",
		event("id", `"c"`),
		`[1,2]`,
		event("id", `"a"`),
		event("id", `"d"`), // last line, no newline
	}
	want := `0@1 a:ok
1@3 :[ event is not valid JSON (unexpected end of JSON input, near byte 21)]
2@5 c:ok
3@6 :[ event must be a JSON object]
4@7 a:[id appears more than once in this batch (first at index 0, line 1)]
5@8 d:ok
`
	for _, tc := range []struct {
		name, contentType, sep, prefix, suffix string
	}{
		{"LF", "application/x-ndjson", "\n", "", ""},
		{"CRLF", "application/x-ndjson; charset=utf-8", "\r\n", "", ""},
		{"ndjson media type, final newline", "application/ndjson", "\n", "", "\n"},
		{"BOM", "Application/X-NDJSON", "\n", "\xef\xbb\xbf", "\n"},
		{"BOM and CRLF", "application/x-ndjson", "\r\n", "\xef\xbb\xbf", "\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.prefix + strings.Join(lines, tc.sep) + tc.suffix
			items, err := DecodeBatch(strings.NewReader(body), tc.contentType, now)
			if err != nil {
				t.Fatal(err)
			}
			if got := statuses(items); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			// The stream reader used by the import must see exactly the same.
			streamed, err := NewNDJSONReader(strings.NewReader(body), now).Next(100)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(streamed, items) {
				t.Errorf("NDJSONReader and DecodeBatch disagree:\n%s\n%s", statuses(streamed), statuses(items))
			}
		})
	}
}

func TestDecodeBatchLongLine(t *testing.T) {
	pad := func(n int) string { // an event line of exactly n bytes, padded with an unknown field
		e := event("id", `"p"`, "pad", `""`)
		return e[:len(e)-2] + strings.Repeat("x", n-len(e)) + `"}`
	}
	exact := pad(MaxLineBytes)
	if len(exact) != MaxLineBytes {
		t.Fatalf("pad: %d", len(exact))
	}
	for _, sep := range []string{"\n", "\r\n"} {
		body := strings.Join([]string{
			event("id", `"a"`),
			pad(MaxLineBytes + 1),
			exact,
			strings.Repeat(" ", MaxLineBytes+5), // long, even though blank: refused as too long
			strings.Repeat("y", 3*MaxLineBytes),
			event("id", `"b"`),
		}, sep)
		items, err := DecodeBatch(strings.NewReader(body), "application/x-ndjson", now)
		if err != nil {
			t.Fatal(err)
		}
		want := `0@1 a:ok
1@2 :[ line is longer than 65536 bytes (64 KiB)]
2@3 p:ok
3@4 :[ line is longer than 65536 bytes (64 KiB)]
4@5 :[ line is longer than 65536 bytes (64 KiB)]
5@6 b:ok
`
		if got := statuses(items); got != want {
			t.Errorf("sep %q: got\n%s\nwant\n%s", sep, got, want)
		}
	}
	// In a JSON batch, the same limit holds per event object.
	items, err := DecodeBatch(strings.NewReader("["+event("id", `"a"`)+","+pad(MaxLineBytes+1)+"]"), "application/json", now)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(items), "0@0 a:ok\n1@0 :[ event is larger than 65536 bytes (64 KiB)]\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDecodeBatchRefusals(t *testing.T) {
	many := func(n int, sep string) string {
		var s []string
		for i := range n {
			s = append(s, event("id", fmt.Sprintf(`"e%d"`, i)))
		}
		return strings.Join(s, sep)
	}
	tests := []struct {
		name, contentType, body string
		want                    error
		msg                     string
	}{
		{"empty body", "application/json", "", ErrEmpty, "the batch holds no events: the body is empty"},
		{"blank body", "", " \r\n\t", ErrEmpty, "the batch holds no events: the body is empty"},
		{"BOM only", "", "\xef\xbb\xbf", ErrEmpty, "the batch holds no events: the body is empty"},
		{"empty events", "application/json", `{"events":[]}`, ErrEmpty, `the batch holds no events: the "events" array is empty`},
		{"empty array", "application/json", `[]`, ErrEmpty, `the batch holds no events: the "events" array is empty`},
		{"empty NDJSON", "application/x-ndjson", "\n\r\n  \n", ErrEmpty, "the batch holds no events: the body has no line with an event"},
		{"too many JSON", "application/json", `{"events":[` + many(MaxBatchEvents+1, ",") + `]}`, ErrTooMany, "too many events in one batch (at most 1000): the body has 1001"},
		{"too many array", "", `[` + many(MaxBatchEvents+1, ",") + `]`, ErrTooMany, "too many events in one batch (at most 1000): the body has 1001"},
		{"too many NDJSON", "application/x-ndjson", many(MaxBatchEvents+1, "\n\n"), ErrTooMany, "too many events in one batch (at most 1000): the body has 1001"},
		{"not JSON", "application/json", "events=1", ErrUnreadable, "unreadable batch: body is not JSON (invalid character 'e' looking for beginning of value, near byte 1)"},
		{"truncated", "application/json", `{"events":[{"id":"a"}`, ErrUnreadable, "unreadable batch: body is not JSON (unexpected end of JSON input, near byte 21)"},
		{"truncated after BOM and spaces", "application/json", "\xef\xbb\xbf  [1,", ErrUnreadable, "unreadable batch: body is not JSON (unexpected end of JSON input, near byte 8)"},
		{"NDJSON sent as JSON", "application/json", event() + "\n" + event(), ErrUnreadable, "unreadable batch: body is not JSON (invalid character '{' after top-level value, near byte 286); to send one event per line, use Content-Type application/x-ndjson"},
		{"no events key", "application/json", `{"evts":[]}`, ErrUnreadable, `unreadable batch: expected an object with an "events" array`},
		{"events key in other case", "application/json", `{"Events":[{}]}`, ErrUnreadable, `unreadable batch: expected an object with an "events" array`},
		{"events not an array", "application/json", `{"events":{"id":"a"}}`, ErrUnreadable, `unreadable batch: expected an object with an "events" array`},
		{"events null", "application/json", `{"events":null}`, ErrUnreadable, `unreadable batch: expected an object with an "events" array`},
		{"a single event", "application/json", event(), ErrUnreadable, `unreadable batch: expected an object with an "events" array; to send one event, wrap it: {"events":[{…}]}`},
		{"a string", "application/json", `"events"`, ErrUnreadable, `unreadable batch: expected an object with an "events" array`},
		{"null", "", `null`, ErrUnreadable, `unreadable batch: expected an object with an "events" array`},
		{"too large", "application/json", `[` + strings.Repeat(" ", MaxBodyBytes) + `]`, ErrTooLarge, "body is larger than 5242880 bytes (5 MiB)"},
		{"too large NDJSON", "application/x-ndjson", strings.Repeat("\n", MaxBodyBytes+1), ErrTooLarge, "body is larger than 5242880 bytes (5 MiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := DecodeBatch(strings.NewReader(tt.body), tt.contentType, now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err.Error() != tt.msg {
				t.Errorf("message\n got %q\nwant %q", err, tt.msg)
			}
			if items != nil {
				t.Errorf("a refused batch has no items, got %d", len(items))
			}
		})
	}
	// Exactly the limit is fine, in both formats.
	for ct, body := range map[string]string{
		"application/json":     `{"events":[` + many(MaxBatchEvents, ",") + `]}`,
		"application/x-ndjson": many(MaxBatchEvents, "\n"),
	} {
		items, err := DecodeBatch(strings.NewReader(body), ct, now)
		if err != nil || len(items) != MaxBatchEvents {
			t.Errorf("%s: %d items, %v", ct, len(items), err)
		}
	}
}

// The handler wraps the body with http.MaxBytesReader; its error must read as ErrTooLarge, and a body that
// fails to read is unreadable, keeping the cause.
func TestDecodeBatchReadErrors(t *testing.T) {
	body := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(strings.NewReader(`[`+event()+`]`)), 10)
	_, err := DecodeBatch(body, "application/json", now)
	var mbe *http.MaxBytesError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &mbe) {
		t.Errorf("err = %v, want ErrTooLarge wrapping *http.MaxBytesError", err)
	}
	boom := errors.New("connection reset")
	_, err = DecodeBatch(iotest.ErrReader(boom), "application/json", now)
	if !errors.Is(err, ErrUnreadable) || !errors.Is(err, boom) {
		t.Errorf("err = %v, want ErrUnreadable wrapping the cause", err)
	}
}

func TestDecodeBatchJSONForms(t *testing.T) {
	one := event()
	for name, body := range map[string]string{
		"object":              `{"events":[` + one + `]}`,
		"object, other keys":  `{"batch":"x","events":[` + one + `],"n":1}`,
		"array":               `[` + one + `]`,
		"BOM and whitespace":  "\xef\xbb\xbf\r\n  {\"events\": [ " + one + " ] }\n",
		"ndjson-looking type": `[` + one + `]`, // text/plain: anything not NDJSON is JSON
	} {
		ct := "application/json"
		if name == "ndjson-looking type" {
			ct = "text/plain"
		}
		items, err := DecodeBatch(strings.NewReader(body), ct, now)
		if err != nil || len(items) != 1 || len(items[0].Errors) != 0 || items[0].Event.ID != "evt-1" || items[0].Line != 0 {
			t.Errorf("%s: %+v, %v", name, items, err)
		}
	}
}

func TestDecodeBatchDeterministic(t *testing.T) {
	var lines []string
	for i := range 200 {
		switch i % 4 {
		case 0:
			lines = append(lines, event("id", fmt.Sprintf(`"e%d"`, i)))
		case 1:
			lines = append(lines, event("id", fmt.Sprintf(`"e%d"`, i-1)))
		case 2:
			lines = append(lines, event("id", `1`, "action", `"x"`, "data_categories", `["A","B","c","c"]`, "occurred_at", `"x"`))
		default:
			lines = append(lines, `{"id":`)
		}
	}
	for _, ct := range []string{"application/json", "application/x-ndjson"} {
		body := "[" + strings.Join(lines[:len(lines)-1:len(lines)-1], ",") + "]"
		if ct != "application/json" {
			body = strings.Join(lines, "\n")
		}
		first, err1 := DecodeBatch(strings.NewReader(body), ct, now)
		for range 5 {
			again, err2 := DecodeBatch(strings.NewReader(body), ct, now)
			if !reflect.DeepEqual(first, again) || fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("%s: results differ between runs", ct)
			}
		}
	}
}

func TestNDJSONReaderBatches(t *testing.T) {
	var b strings.Builder
	for i := range 5 {
		fmt.Fprintf(&b, "%s\n\n", event("id", fmt.Sprintf(`"e%d"`, i%3)))
	}
	input := b.String()
	nr := NewNDJSONReader(strings.NewReader(input), now)
	var got []string
	for {
		items, err := nr.Next(2)
		if err == io.EOF {
			if items != nil {
				t.Errorf("io.EOF comes with no items")
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, statuses(items))
	}
	// Index restarts with each batch, Line counts through the file, and repeated ids are only looked for
	// within a batch (across batches the store answers "duplicate").
	want := []string{
		"0@1 e0:ok\n1@3 e1:ok\n",
		"0@5 e2:ok\n1@7 e0:ok\n",
		"0@9 e1:ok\n",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if nr.BytesRead() != int64(len(input)) {
		t.Errorf("BytesRead = %d, want %d", nr.BytesRead(), len(input))
	}
	if items, err := nr.Next(2); items != nil || err != io.EOF {
		t.Errorf("after the end: %v, %v", items, err)
	}

	// Within one batch, a repeated id is refused with its line.
	items, err := NewNDJSONReader(strings.NewReader(input), now).Next(0)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(items[3:4]); got != "3@7 e0:[id appears more than once in this batch (first at index 0, line 1)]\n" {
		t.Errorf("got %s", got)
	}
}

// A huge line is skipped without being held in memory, and the lines after it are read.
func TestNDJSONReaderHugeLine(t *testing.T) {
	huge := io.LimitReader(repeatReader('x'), 50<<20)
	in := io.MultiReader(strings.NewReader(event("id", `"a"`)+"\n"), huge, strings.NewReader("\n"+event("id", `"b"`)))
	nr := NewNDJSONReader(in, now)
	before := allocated()
	items, err := nr.Next(10)
	grew := allocated() - before
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(items), "0@1 a:ok\n1@2 :[ line is longer than 65536 bytes (64 KiB)]\n2@3 b:ok\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if grew > 10<<20 {
		t.Errorf("reading a 50 MiB line allocated %d bytes", grew)
	}
}

// A failing read hands out the complete lines first, then the error with the line it stopped at.
func TestNDJSONReaderReadError(t *testing.T) {
	boom := errors.New("disk gone")
	in := io.MultiReader(strings.NewReader(event("id", `"a"`)+"\n"+`{"id":"b","cust`), iotest.ErrReader(boom))
	nr := NewNDJSONReader(in, now)
	items, err := nr.Next(10)
	if err != nil || statuses(items) != "0@1 a:ok\n" {
		t.Fatalf("first call: %q, %v", statuses(items), err)
	}
	items, err = nr.Next(10)
	if items != nil || !errors.Is(err, boom) || !strings.Contains(err.Error(), "reading line 2") {
		t.Errorf("second call: %v, %v", items, err)
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func TestIsNDJSON(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/x-ndjson":                true,
		"application/ndjson":                  true,
		"application/x-ndjson; charset=utf-8": true,
		"APPLICATION/NDJSON":                  true,
		"application/x-ndjson; charset=":      true, // malformed parameter, plain media type
		"application/json":                    false,
		"":                                    false,
		"text/plain":                          false,
		"application/jsonl":                   false,
	} {
		if got := isNDJSON(ct); got != want {
			t.Errorf("isNDJSON(%q) = %v", ct, got)
		}
	}
}

func TestHasLoneSurrogate(t *testing.T) {
	for raw, want := range map[string]bool{
		`"plain"`:                 false,
		`"\ud83d\ude00"`:          false,
		`"\\ud800"`:               false, // an escaped backslash, then text
		`"\\\ud800"`:              true,
		`"\ud800"`:                true,
		`"\udc00"`:                true,
		`"\ud83dx"`:               true,
		`"\ud83d\n"`:              true,
		`"\ud83d\u0041"`:          true,
		`"\ud83d\ude00\ud83d"`:    true,
		`["a","\u00e9","\uffff"]`: false,
		`"\u`:                     false,
	} {
		if got := hasLoneSurrogate([]byte(raw)); got != want {
			t.Errorf("hasLoneSurrogate(%s) = %v", raw, got)
		}
	}
}

// Items never alias the reader's buffer, which the next line overwrites.
func TestNDJSONItemsDoNotAliasBuffer(t *testing.T) {
	nr := NewNDJSONReader(strings.NewReader(event("id", `"first"`, "customer", `"C-1"`)+"\n"+event("id", `"later"`, "customer", `"C-2"`)), now)
	a, err := nr.Next(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nr.Next(1); err != nil {
		t.Fatal(err)
	}
	if a[0].Event.ID != "first" || a[0].Event.Customer != "C-1" || a[0].ID != "first" {
		t.Errorf("first item changed after reading on: %+v", a[0])
	}
}

// allocated is the bytes allocated so far by the test binary.
func allocated() uint64 {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return s.TotalAlloc
}
