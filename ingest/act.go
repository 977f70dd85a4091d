package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"vitrine/store"
)

// MaxActText is the longest name or org of an actor in a delegation chain, in characters: a customer reads it in a
// sentence, it is a name, not a description.
const MaxActText = 100

var (
	msgActType  = "must be one of " + strings.Join(store.ActorTypes, ", ")
	msgActDepth = fmt.Sprintf("nests more than %d actors (the agent and up to %d it acts for): vitrine reads no deeper chain",
		store.MaxDelegationDepth, store.MaxDelegationDepth-1)
	msgActLong = fmt.Sprintf("is longer than %d characters", MaxActText)
)

const (
	msgActObject       = `must be an object like {"sub": "acme-support", "name": "support agent", "type": "vendor_agent", "org": "Acme"}`
	msgOnlyAgentAccess = "is only read for action agent_access: remove it or set action to agent_access"
)

// actFields are the members an actor of a chain has, in the order problems are reported.
var actFields = []string{"sub", "name", "type", "org", "act"}

// act reads who acted in an agent_access event, in the shape of RFC 8693's act claim: the outermost object is the
// agent that read the data, a nested act the one it acts for, down to store.MaxDelegationDepth actors. Each problem
// is reported with its path (act.act.type), every level checked so that all of them are told at once. A chain on
// another action is refused rather than kept: no page would ever show it, and the brand would believe it told
// customers something.
func (c *checker) act(action string) *store.Delegation {
	const field = "act"
	raw := c.raw(field)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if msg := encodingProblem(raw); msg != "" {
		c.fail(field, msg)
		return nil
	}
	if _, ok := objectMembers(raw); !ok {
		c.fail(field, msgActObject)
		return nil
	}
	if action != store.ActionAgentAccess && !c.failed("action") {
		c.fail(field, msgOnlyAgentAccess)
		return nil
	}
	before := len(c.errs)
	d := c.actor(field, raw, 1)
	if len(c.errs) > before {
		return nil
	}
	return d
}

// actor reads one level of a chain at path, depth 1 being the current actor.
func (c *checker) actor(path string, raw json.RawMessage, depth int) *store.Delegation {
	m, ok := objectMembers(raw)
	if !ok {
		c.fail(path, msgActObject)
		return nil
	}
	if depth > store.MaxDelegationDepth {
		c.fail(strings.Repeat("act.", store.MaxDelegationDepth-1)+"act", msgActDepth)
		return nil
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(actFields, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		c.fail(path, fmt.Sprintf("has an unknown field %s: an actor has only sub, name, type, org and act", quoteShort(k)))
	}
	var d store.Delegation
	d.Sub = c.inner(path+".sub", m["sub"], true)
	switch {
	case d.Sub == "":
	case len(d.Sub) > MaxIDLen:
		c.fail(path+".sub", fmt.Sprintf("is longer than %d bytes", MaxIDLen))
	case hasControl(d.Sub, false):
		c.fail(path+".sub", msgControl)
	}
	d.Name = c.actText(path+".name", m["name"])
	d.Type = c.inner(path+".type", m["type"], true)
	if d.Type != "" && !slices.Contains(store.ActorTypes, d.Type) {
		c.fail(path+".type", msgActType)
	}
	d.Org = c.actText(path+".org", m["org"])
	if next, ok := present(m, "act"); ok {
		d.Act = c.actor(path+".act", next, depth+1)
	}
	return &d
}

// actText reads an actor's name or org: a short one-line name, with nothing invisible in it.
func (c *checker) actText(path string, raw json.RawMessage) string {
	s := c.inner(path, raw, false)
	switch {
	case s == "":
	case utf8.RuneCountInString(s) > MaxActText:
		c.fail(path, msgActLong)
		return ""
	case hasControl(s, false):
		c.fail(path, msgControl)
		return ""
	}
	return s
}
