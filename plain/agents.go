package plain

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Agent is one actor of an AI agent's delegation chain as a customer reads it: Type is one of customer_assistant,
// brand_agent, vendor_agent, person, team; Name and Org are the brand's words; Act is who this actor acts for.
type Agent struct {
	Name, Type, Org string
	Act             *Agent
}

// maxAgentChain bounds how many actors a sentence names, whatever it is given.
const maxAgentChain = 4

// agentAccess writes the main clause of an agent_access event with a chain: "Acme's support agent read your
// order history on behalf of Maison Lumière's support team", each further actor adding ", itself acting for …".
// Without a prior actor the agent acts for the event's OnBehalfOf, or for the customer.
func (l *Localizer) agentAccess(e EventFacts) string {
	who, appositive := l.agentPhrase(e.Act)
	if appositive {
		who += "," // "ShopBot, an AI assistant you connected, read …"
	}
	what := l.T("event.agent_access.act", who, l.data(e.Categories, ""))
	var prior []*Agent
	for a := e.Act.Act; a != nil && len(prior) < maxAgentChain-1; a = a.Act {
		prior = append(prior, a)
	}
	if len(prior) == 0 {
		if behalf := strings.TrimSpace(e.OnBehalfOf); behalf != "" {
			return l.T("event.on_behalf.act", what, l.elide(l.T("agent.for", behalf)))
		}
		return l.T("event.on_behalf.you", what)
	}
	chain, _ := l.agentPhrase(prior[len(prior)-1])
	for i := len(prior) - 2; i >= 0; i-- {
		p, _ := l.agentPhrase(prior[i])
		chain = l.T("agent.chain", p, chain)
	}
	return l.T("event.on_behalf.act", what, l.elide(l.T("agent.for", chain)))
}

// agentPhrase names an actor by its kind and what the brand said of it, and reports whether the phrase ends in an
// apposition ("ShopBot, an AI assistant you connected"), which needs a comma before a verb.
func (l *Localizer) agentPhrase(a *Agent) (string, bool) {
	kind := a.Type
	switch kind {
	case "customer_assistant", "brand_agent", "vendor_agent", "person", "team":
	default:
		kind = "other"
	}
	name, org := strings.TrimSpace(a.Name), strings.TrimSpace(a.Org)
	key := "agent." + kind + "."
	var out string
	switch {
	case name != "" && org != "":
		out = l.T(key+"both", name, l.elide(l.T("agent.of", org)))
	case name != "":
		out = l.T(key+"name", name)
	case org != "":
		out = l.T(key+"org", l.elide(l.T("agent.of", org)))
	default:
		out = l.T(key + "none")
	}
	appositive := name != "" && strings.HasPrefix(out, name+", ")
	return out, appositive
}

// elide writes French "de" as the language does before what follows: "d'" before a vowel or a mute h
// ("d'Acme", "d'un assistant"), "du" for "de le", "des" for "de les". Other languages are left as they are.
func (l *Localizer) elide(s string) string {
	if l.Locale() != "fr" || !strings.HasPrefix(s, "de ") {
		return s
	}
	rest := s[len("de "):]
	switch {
	case strings.HasPrefix(rest, "le "):
		return "du " + rest[len("le "):]
	case strings.HasPrefix(rest, "les "):
		return "des " + rest[len("les "):]
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if strings.ContainsRune("aeiouyhàâäéèêëîïôöûü", unicode.ToLower(r)) {
		return "d'" + rest
	}
	return s
}

// appendAgentKey appends a chain's facts to an event's frame key (frameKey), each told apart by its length.
func appendAgentKey(key []byte, a *Agent) []byte {
	n := 0
	for x := a; x != nil && n < maxAgentChain; x = x.Act {
		n++
	}
	key = binary.AppendUvarint(key, uint64(n))
	for x := a; x != nil && n > 0; x, n = x.Act, n-1 {
		for _, f := range [...]string{x.Name, x.Type, x.Org} {
			key = binary.AppendUvarint(key, uint64(len(f)))
			key = append(key, f...)
		}
	}
	return key
}
