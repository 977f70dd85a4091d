package plain

import (
	"testing"
	"time"
)

// TestAgentSentences checks how an AI agent acting for someone reads, by the kind of each actor of its chain and
// what the brand said of it, in English and French.
func TestAgentSentences(t *testing.T) {
	at := time.Date(2026, 11, 3, 13, 2, 0, 0, time.UTC) // 14:02 in Paris
	orders := map[string]Category{"en": {Phrase: "your order history"}, "fr": {Phrase: "votre historique de commandes"}}
	acme := &Agent{Name: "support agent", Org: "Acme", Type: "vendor_agent"}
	team := &Agent{Type: "team", Name: "support team", Org: "Maison Lumière"}
	chain := func(as ...Agent) *Agent {
		var next *Agent
		for i := len(as) - 1; i >= 0; i-- {
			a := as[i]
			a.Act = next
			next = &a
		}
		return next
	}
	tests := []struct {
		name       string
		act        *Agent
		onBehalfOf string
		en, fr     string
	}{
		{"the customer's own assistant", &Agent{Name: "ShopBot", Type: "customer_assistant"}, "",
			"On 3 Nov 2026 at 14:02, ShopBot, an AI assistant you connected, read your order history on behalf of you.",
			"Le 3 nov. 2026 à 14:02, ShopBot, un assistant d'IA que vous avez connecté, a consulté votre historique de commandes en votre nom."},
		{"the assistant for the person the brand names", &Agent{Name: "ShopBot", Type: "customer_assistant", Org: "ShopBot Inc"}, "Camille Martin",
			"On 3 Nov 2026 at 14:02, ShopBot, an AI assistant from ShopBot Inc that you connected, read your order history on behalf of Camille Martin.",
			"Le 3 nov. 2026 à 14:02, ShopBot, un assistant d'IA de ShopBot Inc que vous avez connecté, a consulté votre historique de commandes au nom de Camille Martin."},
		{"a vendor's agent for the brand's team", chain(*acme, *team), "",
			"On 3 Nov 2026 at 14:02, Acme's support agent read your order history on behalf of Maison Lumière's support team.",
			"Le 3 nov. 2026 à 14:02, l'agent d'IA d'Acme appelé «\u00a0support agent\u00a0» a consulté votre historique de commandes au nom de l'équipe de Maison Lumière appelée «\u00a0support team\u00a0»."},
		{"a deeper chain", chain(*acme, Agent{Type: "brand_agent", Name: "Concierge"}, Agent{Type: "person", Name: "Julie", Org: "Maison Lumière"}), "Sam",
			"On 3 Nov 2026 at 14:02, Acme's support agent read your order history on behalf of Concierge, an AI agent of the company, itself acting for Julie from Maison Lumière.",
			"Le 3 nov. 2026 à 14:02, l'agent d'IA d'Acme appelé «\u00a0support agent\u00a0» a consulté votre historique de commandes au nom de Concierge, un agent d'IA de l'entreprise, qui agit à son tour pour Julie de Maison Lumière."},
		{"nothing named but kinds", chain(Agent{Type: "vendor_agent"}, Agent{Type: "team", Org: "Orion"}, Agent{Type: "person"}), "",
			"On 3 Nov 2026 at 14:02, an AI agent of another company read your order history on behalf of a team at Orion, itself acting for a person.",
			"Le 3 nov. 2026 à 14:02, un agent d'IA d'une autre entreprise a consulté votre historique de commandes au nom d'une équipe d'Orion, qui agit à son tour pour une personne."},
		{"a kind this version does not know", &Agent{Type: "robot", Org: "Hermès"}, "",
			"On 3 Nov 2026 at 14:02, an AI agent from Hermès read your order history on behalf of you.",
			"Le 3 nov. 2026 à 14:02, un agent d'IA d'Hermès a consulté votre historique de commandes en votre nom."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for lc, want := range map[string]string{"en": tt.en, "fr": tt.fr} {
				e := EventFacts{At: at, SystemName: "ShopBot assistant", Action: "agent_access", Actor: "ignored when a chain says",
					OnBehalfOf: tt.onBehalfOf, Categories: []Category{orders[lc]}, Act: tt.act}
				got, _ := New(lc, paris(t)).EventStory(e)
				if got != want {
					t.Errorf("%s:\n got %q\nwant %q", lc, got, want)
				}
				// The stories of a whole page write what one story writes, the second from the first's frame.
				s := New(lc, paris(t)).EventStories()
				if first, second := s.Sentence(e), s.Sentence(e); first != want || second != want {
					t.Errorf("%s: EventStories %q, %q", lc, first, second)
				}
			}
		})
	}
}

// Two events that differ only in their chain get sentences of their own from one page's stories.
func TestAgentChainIsPartOfTheFrame(t *testing.T) {
	s := New("en", nil).EventStories()
	e := EventFacts{Action: "agent_access", Act: &Agent{Type: "vendor_agent", Org: "Acme"}}
	first := s.Sentence(e)
	e.Act = &Agent{Type: "vendor_agent", Org: "Acme", Act: &Agent{Type: "team"}}
	if second := s.Sentence(e); second == first {
		t.Fatalf("the chain changed but not the sentence: %q", second)
	}
}
