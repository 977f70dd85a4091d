package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"

	"vitrine/store"
)

// fuzzSeeds are bodies and events that reach every rule, so the fuzzer starts from inside the validator rather
// than at "is this JSON at all".
func fuzzSeeds() []string {
	return []string{
		event(),
		event("action", `"training"`, "model_version", "-"),
		event("action", `"decision"`, "decision", `"declined"`, "human_review", "true"),
		event("action", `"agent_access"`, "actor", `"agent"`, "on_behalf_of", `"Sam"`),
		event("id", `1`, "occurred_at", `123`, "data_categories", `"x"`, "human_review", `"yes"`),
		event("id", "\"\xff\"", "outcome", `"\ud800"`, "customer", `"\ud83d\ude00"`),
		event("system", `"Bad"`, "data_categories", `["a","a","B",""]`, "occurred_at", `"2026-11-03T16:11:00+01:00"`),
		event("occurred_at", `"1970-01-01T00:00:00Z"`, "channel", `"\u202e"`),
		`{}`, `[]`, `null`, `"x"`, `{"id":`, `{"id":"a","id":"b"}`,
		`{"a" : [1, {"b":"]}\\\""}, -2.5e3] , "c":{"d":[[]]},"e":true ,"f":null, "g":"\u0041"}`,
		`[ 1 ,"x", [ ], {}, null, false, -0.1E+2 ]`,
		decision(`{"factors":[{"factor":"income_12m","direction":"raised","weight":0.6},{"label":{"en":"Late","fr-ca":"Retard"},` +
			`"data_category":"user.financial.account","direction":"lowered"}],"counterfactuals":[{"text":{"en":"With no late payment"}},` +
			`{"factor":"late_payments_12m","value":"0","result":{"en":"a limit of £4,000"}}]}`),
		decision(`{"factors":[{"factor":"A","label":{}},7,{"direction":"up","weight":"1"},{"label":{"en":"\ud800","EN":"x","zz-!":""},` +
			`"direction":"excluded","weight":1e999}],"counterfactuals":[{},{"text":[]},{"value":0},{"factor":"a","text":{"en":"x"}}]}`),
		decision(`{"factors":{},"counterfactuals":"x","Factors":[]}`),
		decision(`{}`), decision(`[]`), decision(`null`),
		event("explanation", `{"factors":[{"factor":"a","direction":"raised"}]}`),
		event("action", `"agent_access"`, "act", `{"sub":"acme","name":"support agent","type":"vendor_agent","org":"Acme",`+
			`"act":{"sub":"t","type":"team","act":{"sub":"p","type":"person","act":{"sub":"q","type":"brand_agent"}}}}`),
		event("action", `"agent_access"`, "act", `{"sub":7,"type":"robot","Sub":"x","act":[{"sub":"y"}],"name":"\u0007"}`),
		event("act", `{"sub":"a","type":"person"}`),
	}
}

// decision is a valid decision event with the raw explanation x.
func decision(x string) string {
	return event("action", `"decision"`, "decision", `"approved"`, "explanation", x)
}

func FuzzDecodeBatch(f *testing.F) {
	seeds := fuzzSeeds()
	f.Add([]byte(`{"events":[`+strings.Join(seeds[:8], ",")+`]}`), false)
	f.Add([]byte(`[`+strings.Join(seeds, ",")+`]`), false)
	f.Add([]byte(`[`+event()+`,`+event()+`]`), false)
	f.Add([]byte(`{"events":[]}`), false)
	f.Add([]byte(`{"events":{}}`), false)
	f.Add([]byte("\xef\xbb\xbf"+event()), false)
	f.Add([]byte(strings.Join(seeds, "\n")), true)
	f.Add([]byte("\xef\xbb\xbf"+strings.Join(seeds, "\r\n\r\n")+"\r\n"), true)
	f.Add([]byte(event()+"\n"+event()+"\n"+event("id", `"2"`)), true)
	f.Add([]byte("\n \n\t\n"), true)
	f.Fuzz(func(t *testing.T, body []byte, ndjson bool) {
		ct := "application/json"
		if ndjson {
			ct = "application/x-ndjson"
		}
		items, err := DecodeBatch(strings.NewReader(string(body)), ct, now)
		if err != nil {
			if items != nil {
				t.Fatalf("error %v with %d items", err, len(items))
			}
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrTooMany) && !errors.Is(err, ErrUnreadable) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v is not a batch-level refusal", err)
			}
			return
		}
		if len(items) == 0 || len(items) > MaxBatchEvents {
			t.Fatalf("%d items", len(items))
		}
		ids := map[string]bool{}
		lastLine := 0
		for i, it := range items {
			if it.Index != i || it.Index < 0 || it.Index >= len(items) {
				t.Fatalf("item %d has Index %d", i, it.Index)
			}
			if ndjson {
				if it.Line <= lastLine {
					t.Fatalf("item %d on line %d after line %d", i, it.Line, lastLine)
				}
				lastLine = it.Line
			} else if it.Line != 0 {
				t.Fatalf("JSON item %d has Line %d", i, it.Line)
			}
			checkItem(t, it.Event, it.Errors, it.ID)
			if len(it.Errors) == 0 {
				if ids[it.Event.ID] {
					t.Fatalf("id %q accepted twice in one batch", it.Event.ID)
				}
				ids[it.Event.ID] = true
			}
		}
	})
}

func FuzzValidate(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev, errs, id := Validate(raw, now)
		checkItem(t, ev, errs, id)
		ev2, errs2, id2 := Validate(raw, now)
		if !reflect.DeepEqual(ev, ev2) || fmt.Sprint(errs, id) != fmt.Sprint(errs2, id2) { // DeepEqual: the explanation is a pointer
			t.Fatalf("Validate is not deterministic")
		}
		checkSplitter(t, raw)
	})
}

// checkSplitter compares the hand-written splitter with encoding/json on the same valid JSON: same members
// (the last of a repeated key winning), same elements, same bytes.
func checkSplitter(t *testing.T, raw []byte) {
	b := trimSpace(raw)
	if len(b) == 0 || !json.Valid(b) || !utf8.Valid(b) {
		return
	}
	switch b[0] {
	case '{':
		var want map[string]json.RawMessage
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		got := map[string]json.RawMessage{}
		forEachMember(b, func(key, value []byte) {
			k, ok := decodeString(key)
			if !ok {
				t.Fatalf("key %s does not decode", key)
			}
			got[k] = value
		})
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Fatalf("members differ:\n got %q\nwant %q", got, want)
		}
	case '[':
		var want []json.RawMessage
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		var got []json.RawMessage
		forEachElement(b, func(value []byte) { got = append(got, value) })
		if len(got) == 0 {
			got = []json.RawMessage{}
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Fatalf("elements differ:\n got %q\nwant %q", got, want)
		}
	}
}

// knownFields are the only names a FieldError may carry, besides paths inside the explanation.
var knownFields = []string{"", "id", "customer", "system", "purpose", "action", "data_categories", "occurred_at",
	"outcome", "model_version", "actor", "channel", "decision", "human_review", "on_behalf_of", "lang", "explanation", "act"}

// checkItem holds the promises every decoded event keeps, whatever the input.
func checkItem(t *testing.T, ev store.EventInput, errs []FieldError, id string) {
	t.Helper()
	for _, e := range errs {
		if !slices.Contains(knownFields, e.Field) && !strings.HasPrefix(e.Field, "explanation.") && !strings.HasPrefix(e.Field, "act.") || e.Message == "" {
			t.Fatalf("bad error %+v", e)
		}
	}
	if len(errs) > 0 {
		if fmt.Sprint(ev) != fmt.Sprint(store.EventInput{}) {
			t.Fatalf("rejected event is not zero: %+v", ev)
		}
		return
	}
	if ev.ID == "" || ev.Customer == "" || ev.System == "" || ev.Purpose == "" || ev.OccurredAt.IsZero() {
		t.Fatalf("accepted event misses a required field: %+v", ev)
	}
	if !slices.Contains(store.Actions, ev.Action) {
		t.Fatalf("accepted event has action %q", ev.Action)
	}
	if id != ev.ID {
		t.Fatalf("id %q, event id %q", id, ev.ID)
	}
	if ev.OccurredAt.Location().String() != "UTC" || ev.OccurredAt.After(now.Add(MaxFutureSkew)) || ev.OccurredAt.Before(now.Add(-MaxAge)) {
		t.Fatalf("occurred_at %v out of bounds", ev.OccurredAt)
	}
	for _, s := range []string{ev.ID, ev.Customer, ev.System, ev.Purpose, ev.ModelVersion, ev.Actor, ev.Channel} {
		if len(s) > MaxIDLen || !utf8.ValidString(s) || hasControl(s, false) || s != strings.TrimSpace(s) {
			t.Fatalf("bad id-like value %q", s)
		}
	}
	for _, s := range []string{ev.Outcome, ev.Decision, ev.OnBehalfOf} {
		if len(s) > MaxOutcomeLen || !utf8.ValidString(s) || hasControl(s, true) {
			t.Fatalf("bad text value %q", s)
		}
	}
	if !isSlug(ev.System) || !isSlug(ev.Purpose) || len(ev.DataCategories) > MaxCategories {
		t.Fatalf("bad slugs in %+v", ev)
	}
	for i, c := range ev.DataCategories {
		if !isSlug(c) || slices.Contains(ev.DataCategories[:i], c) {
			t.Fatalf("bad categories %q", ev.DataCategories)
		}
	}
	checkExplanation(t, ev)
	checkAct(t, ev)
	switch {
	case ev.Action == store.ActionTraining && ev.ModelVersion == "",
		ev.Action == store.ActionDecision && ev.Decision == "" && ev.Outcome == "",
		ev.Action == store.ActionAgentAccess && ev.Actor == "":
		t.Fatalf("accepted %s event misses what its action needs: %+v", ev.Action, ev)
	}
}

// checkAct holds the promises of an accepted delegation chain: only on agent_access, at most MaxDelegationDepth
// actors, each with an id, a known type and short one-line texts.
func checkAct(t *testing.T, ev store.EventInput) {
	t.Helper()
	if ev.Act == nil {
		return
	}
	chain := ev.Act.Chain()
	if ev.Action != store.ActionAgentAccess || len(chain) > store.MaxDelegationDepth {
		t.Fatalf("bad chain on %s event: %+v", ev.Action, chain)
	}
	for _, a := range chain {
		if a.Sub == "" || len(a.Sub) > MaxIDLen || hasControl(a.Sub, false) || !slices.Contains(store.ActorTypes, a.Type) {
			t.Fatalf("bad actor %+v", a)
		}
		for _, s := range []string{a.Name, a.Org} {
			if utf8.RuneCountInString(s) > MaxActText || !utf8.ValidString(s) || hasControl(s, false) || s != strings.TrimSpace(s) {
				t.Fatalf("bad actor text %q", s)
			}
		}
	}
}

// checkExplanation holds the promises of an accepted explanation: only on a decision, never empty, within its
// limits, each factor and counterfactual in one of its two forms, texts by canonical language tag.
func checkExplanation(t *testing.T, ev store.EventInput) {
	t.Helper()
	x := ev.Explanation
	if x == nil {
		return
	}
	if ev.Action != store.ActionDecision || len(x.Factors)+len(x.Counterfactuals) == 0 ||
		len(x.Factors) > MaxFactors || len(x.Counterfactuals) > MaxCounterfactuals {
		t.Fatalf("bad explanation on %s event: %+v", ev.Action, x)
	}
	texts := func(m map[string]string, required bool) {
		if required && len(m) == 0 {
			t.Fatalf("empty texts in %+v", x)
		}
		for tag, s := range m {
			if parsed, err := language.Parse(tag); err != nil || parsed.String() != tag {
				t.Fatalf("tag %q is not canonical", tag)
			}
			if s == "" || s != strings.TrimSpace(s) || utf8.RuneCountInString(s) > MaxExplainText || !utf8.ValidString(s) || hasControl(s, true) {
				t.Fatalf("bad text %q", s)
			}
		}
	}
	for _, f := range x.Factors {
		if (f.Key == "") == (f.Labels == nil) || f.Key != "" && !isSlug(f.Key) || f.DataCategory != "" && !isSlug(f.DataCategory) ||
			!slices.Contains(store.Directions, f.Direction) || f.Weight != nil && (*f.Weight < 0 || *f.Weight > 1) {
			t.Fatalf("bad factor %+v", f)
		}
		texts(f.Labels, f.Key == "")
	}
	for _, cf := range x.Counterfactuals {
		if (cf.Factor == "") == (cf.Texts == nil) || cf.Factor != "" && (!isSlug(cf.Factor) || cf.Value == "") ||
			cf.Factor == "" && (cf.Value != "" || cf.Results != nil) || utf8.RuneCountInString(cf.Value) > MaxFactorValue {
			t.Fatalf("bad counterfactual %+v", cf)
		}
		texts(cf.Texts, cf.Factor == "")
		texts(cf.Results, false)
	}
}

// BenchmarkDecodeBatch500 is the API's typical large request: 500 valid events of varied shape in one JSON body.
func BenchmarkDecodeBatch500(b *testing.B) {
	actions := []string{"inference", "training", "decision", "generation", "sharing", "agent_access"}
	var evs []string
	for i := range 500 {
		evs = append(evs, event("id", fmt.Sprintf(`"evt-%06d"`, i), "customer", fmt.Sprintf(`"C-%d"`, 1000+i%97),
			"action", `"`+actions[i%len(actions)]+`"`, "actor", `"shopping-agent"`, "decision", `"approved"`,
			"data_categories", `["user.behavior.purchase_history","user.contact.email","user.behavior.browsing_history"]`,
			"occurred_at", fmt.Sprintf(`"2026-11-0%dT1%d:02:00.123+01:00"`, 1+i%3, i%10), "outcome", `"suggested 4 products \u00e0 Camille"`))
	}
	body := `{"events":[` + strings.Join(evs, ",") + `]}`
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		items, err := DecodeBatch(strings.NewReader(body), "application/json", now)
		if err != nil || len(items) != 500 || len(items[499].Errors) != 0 {
			b.Fatalf("%v %d %v", err, len(items), items[499].Errors)
		}
		n++
	}
	b.ReportMetric(float64(n*500)/b.Elapsed().Seconds(), "events/s")
}
