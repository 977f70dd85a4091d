package ingest

import (
	"reflect"
	"strings"
	"testing"

	"vitrine/store"
)

// agentEvent is a valid agent_access event without an actor, with the given act.
func agentEvent(act string, over ...string) string {
	return event(append([]string{"action", `"agent_access"`, "act", act}, over...)...)
}

func TestValidateActGood(t *testing.T) {
	acme := &store.Delegation{Sub: "acme-support", Name: "support agent", Type: store.ActorVendorAgent, Org: "Acme",
		Act: &store.Delegation{Sub: "ml-support", Name: "support team", Type: store.ActorTeam, Org: "Maison Lumière"}}
	tests := []struct {
		name, raw string
		act       *store.Delegation
		actor     string
	}{
		{"assistant the customer connected, its name is the actor", agentEvent(`{"sub":"shopbot","name":"ShopBot","type":"customer_assistant"}`),
			&store.Delegation{Sub: "shopbot", Name: "ShopBot", Type: store.ActorCustomerAssistant}, "ShopBot"},
		{"without a name the actor is the id", agentEvent(`{"sub":" shopbot ","type":"customer_assistant","name":null}`),
			&store.Delegation{Sub: "shopbot", Type: store.ActorCustomerAssistant}, "shopbot"},
		{"the brand's actor is kept", agentEvent(`{"sub":"shopbot","name":"ShopBot","type":"customer_assistant"}`, "actor", `"ShopBot assistant"`),
			&store.Delegation{Sub: "shopbot", Name: "ShopBot", Type: store.ActorCustomerAssistant}, "ShopBot assistant"},
		{"vendor agent for a team", agentEvent(`{"sub":"acme-support","name":"support agent","type":"vendor_agent","org":"Acme",
			"act":{"sub":"ml-support","name":"support team","type":"team","org":"Maison Lumi\u00e8re"}}`), acme, "support agent"},
		{"four actors deep", agentEvent(`{"sub":"a","type":"brand_agent","act":{"sub":"b","type":"vendor_agent","act":{"sub":"c","type":"team","act":{"sub":"d","type":"person","act":null}}}}`),
			&store.Delegation{Sub: "a", Type: "brand_agent", Act: &store.Delegation{Sub: "b", Type: "vendor_agent",
				Act: &store.Delegation{Sub: "c", Type: "team", Act: &store.Delegation{Sub: "d", Type: "person"}}}}, "a"},
		{"limits are inclusive", agentEvent(`{"sub":"` + strings.Repeat("s", MaxIDLen) + `","name":"` + strings.Repeat("é", MaxActText) + `","type":"person"}`),
			&store.Delegation{Sub: strings.Repeat("s", MaxIDLen), Name: strings.Repeat("é", MaxActText), Type: "person"}, strings.Repeat("é", MaxActText)},
		{"null act is no act", event("action", `"agent_access"`, "actor", `"bot"`, "act", "null"), nil, "bot"},
		{"null act on another action", event("act", "null"), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, errs, _ := Validate([]byte(tt.raw), now)
			if len(errs) > 0 {
				t.Fatalf("unexpected errors %q", errs)
			}
			if !reflect.DeepEqual(ev.Act, tt.act) || ev.Actor != tt.actor {
				t.Errorf("act %+v actor %q, want %+v %q", ev.Act, ev.Actor, tt.act, tt.actor)
			}
		})
	}
}

func TestValidateActBad(t *testing.T) {
	deep := `{"sub":"a","type":"brand_agent","act":{"sub":"b","type":"team","act":{"sub":"c","type":"team","act":{"sub":"d","type":"team","act":{"sub":"e","type":"team"}}}}}`
	tests := []struct {
		name, raw string
		want      []FieldError
	}{
		{"not an object", agentEvent(`"shopbot"`), []FieldError{fe("act", `must be an object like {"sub": "acme-support", "name": "support agent", "type": "vendor_agent", "org": "Acme"}`)}},
		{"a list", agentEvent(`[{"sub":"a","type":"person"}]`), []FieldError{fe("act", `must be an object like {"sub": "acme-support", "name": "support agent", "type": "vendor_agent", "org": "Acme"}`)}},
		{"on another action", event("act", `{"sub":"a","type":"person"}`), []FieldError{fe("act", "is only read for action agent_access: remove it or set action to agent_access")}},
		{"missing sub", agentEvent(`{"name":"ShopBot","type":"customer_assistant"}`), []FieldError{fe("act.sub", "is required")}},
		{"blank sub", agentEvent(`{"sub":"  ","type":"customer_assistant"}`), []FieldError{fe("act.sub", "is required")}},
		{"number sub", agentEvent(`{"sub":42,"type":"customer_assistant"}`), []FieldError{fe("act.sub", `must be a string: put numbers in quotes, like "1001"`)}},
		{"unknown type", agentEvent(`{"sub":"a","type":"robot"}`), []FieldError{fe("act.type", "must be one of customer_assistant, brand_agent, vendor_agent, person, team")}},
		{"missing type", agentEvent(`{"sub":"a"}`), []FieldError{fe("act.type", "is required")}},
		{"nested missing sub and bad type", agentEvent(`{"sub":"a","type":"vendor_agent","act":{"type":"Team"}}`),
			[]FieldError{fe("act.act.sub", "is required"), fe("act.act.type", "must be one of customer_assistant, brand_agent, vendor_agent, person, team")}},
		{"nested not an object", agentEvent(`{"sub":"a","type":"vendor_agent","act":"team"}`), []FieldError{fe("act.act", `must be an object like {"sub": "acme-support", "name": "support agent", "type": "vendor_agent", "org": "Acme"}`)}},
		{"five actors", agentEvent(deep), []FieldError{fe("act.act.act.act", "nests more than 4 actors (the agent and up to 3 it acts for): vitrine reads no deeper chain")}},
		{"sub too long", agentEvent(`{"sub":"` + strings.Repeat("s", MaxIDLen+1) + `","type":"person"}`), []FieldError{fe("act.sub", "is longer than 200 bytes")}},
		{"name too long", agentEvent(`{"sub":"a","type":"person","name":"` + strings.Repeat("n", MaxActText+1) + `"}`), []FieldError{fe("act.name", "is longer than 100 characters")}},
		{"org too long", agentEvent(`{"sub":"a","type":"person","act":{"sub":"b","type":"team","org":"` + strings.Repeat("o", MaxActText+1) + `"}}`), []FieldError{fe("act.act.org", "is longer than 100 characters")}},
		{"name with a line break", agentEvent(`{"sub":"a","type":"person","name":"Ann\nBob"}`), []FieldError{fe("act.name", "must not contain control characters")}},
		{"sub with a bidi override", agentEvent(`{"sub":"a\u202e","type":"person"}`), []FieldError{fe("act.sub", "must not contain control characters")}},
		{"unknown keys, case counts", agentEvent(`{"sub":"a","type":"person","Sub":"b","scope":"orders"}`),
			[]FieldError{fe("act", `has an unknown field "Sub": an actor has only sub, name, type, org and act`), fe("act", `has an unknown field "scope": an actor has only sub, name, type, org and act`)}},
		{"unknown key inside", agentEvent(`{"sub":"a","type":"person","act":{"sub":"b","type":"team","exp":1}}`),
			[]FieldError{fe("act.act", `has an unknown field "exp": an actor has only sub, name, type, org and act`)}},
		{"invalid utf8", agentEvent("{\"sub\":\"a\xff\",\"type\":\"person\"}"), []FieldError{fe("act", "is not valid UTF-8")}},
		{"bad act leaves no actor to complain of", agentEvent(`{"type":"person"}`), []FieldError{fe("act.sub", "is required")}},
		{"no actor and no act", event("action", `"agent_access"`), []FieldError{fe("actor", "is required when action is agent_access (give actor, or act)")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, errs, id := Validate([]byte(tt.raw), now)
			if !reflect.DeepEqual(errs, tt.want) {
				t.Fatalf("errors\n got %q\nwant %q", errs, tt.want)
			}
			if ev.Act != nil || id != "evt-1" {
				t.Fatalf("rejected event kept %+v (id %q)", ev.Act, id)
			}
		})
	}
}

// A bad chain refuses its own event only: the rest of the batch goes through.
func TestBatchKeepsGoodEventsBesideABadChain(t *testing.T) {
	body := `[` + agentEvent(`{"sub":"a","type":"person"}`, "id", `"e1"`) + `,` + agentEvent(`{"sub":"a","type":"robot"}`, "id", `"e2"`) + `,` +
		event("id", `"e3"`) + `]`
	items, err := DecodeBatch(strings.NewReader(body), "application/json", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || len(items[0].Errors) != 0 || len(items[2].Errors) != 0 || len(items[1].Errors) != 1 || items[1].Errors[0].Field != "act.type" {
		t.Fatalf("items %+v", items)
	}
	if items[0].Event.Act == nil || items[0].Event.Actor != "a" {
		t.Fatalf("first event %+v", items[0].Event)
	}
}
