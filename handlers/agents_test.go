package handlers

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// TestActivityShowsAgentsForWhatTheyAre checks the customer's activity: an agent acting for someone reads as
// such in English and French, and the list keeps only the AI agents' reads when the customer asks, through a
// link of its own and the "AI agents" choice of the filter.
func TestActivityShowsAgentsForWhatTheyAre(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	ev := store.EventInput{ID: "acme-read-1", Customer: seed.CamilleID, System: "support-triage", Purpose: "customer-support",
		Action: store.ActionAgentAccess, DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: testNow.Add(-time.Hour),
		Actor: "support agent", Act: &store.Delegation{Sub: seed.AcmeAgentSub, Name: "support agent", Type: store.ActorVendorAgent, Org: "Acme",
			Act: &store.Delegation{Sub: "ml-support", Name: "support team", Type: store.ActorTeam, Org: "Maison Lumière"}}}
	if res, err := s.DB.InsertEvents(ctx, b.ID, []store.EventInput{ev}); err != nil || res[0].Status != store.StatusAccepted {
		t.Fatalf("insert: %+v %v", res, err)
	}
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	for _, tc := range []struct {
		lang, agentsOption, link, shopbot, acme string
	}{
		{"en", `<option value="agent_access">AI agents</option>`, "Show only AI agents",
			"ShopBot assistant, an AI assistant you connected, read your purchase history on behalf of you.",
			"Acme's support agent read your purchase history on behalf of Maison Lumière's support team."},
		{"fr", `<option value="agent_access">Agents d'IA</option>`, "Voir seulement les agents d'IA",
			"ShopBot assistant, un assistant d'IA que vous avez connecté, a consulté votre historique d'achats en votre nom.",
			"l'agent d'IA d'Acme appelé «\u00a0support agent\u00a0» a consulté votre historique d'achats au nom de l'équipe de Maison Lumière appelée «\u00a0support team\u00a0»."},
	} {
		_, _, all := get(t, c, ts.URL+"/me/activity?lang="+tc.lang)
		page := html.UnescapeString(all)
		if !strings.Contains(page, tc.agentsOption) {
			t.Errorf("%s: the action filter has no %q", tc.lang, tc.agentsOption)
		}
		if !strings.Contains(page, `href="/me/activity?action=agent_access"`) || !strings.Contains(page, tc.link) {
			t.Errorf("%s: no link of its own to the AI agents' reads", tc.lang)
		}
		status, _, body := get(t, c, ts.URL+"/me/activity?action=agent_access&lang="+tc.lang)
		if status != http.StatusOK {
			t.Fatalf("%s: agents only: status %d", tc.lang, status)
		}
		list := sentencesOf(body)
		if len(list) < 2 {
			t.Fatalf("%s: the agents' list holds %d events", tc.lang, len(list))
		}
		var shopbot, acme bool
		for _, line := range list {
			shopbot = shopbot || strings.Contains(line, tc.shopbot)
			acme = acme || strings.Contains(line, tc.acme)
			if !strings.Contains(line, "ShopBot") && !strings.Contains(line, "Acme") {
				t.Errorf("%s: the agents' list holds %q", tc.lang, line)
			}
		}
		if !shopbot || !acme {
			t.Errorf("%s: the agents' list %q lacks\n%q or\n%q", tc.lang, list, tc.shopbot, tc.acme)
		}
		if strings.Contains(html.UnescapeString(body), tc.link) || !strings.Contains(html.UnescapeString(body), `<option value="agent_access" selected>`) {
			t.Errorf("%s: the agents' list does not show its choice as made", tc.lang)
		}
	}
}

// sentencesOf returns the event sentences of one activity page, unescaped.
func sentencesOf(body string) []string {
	var out []string
	for _, m := range sentenceRe.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// TestAdminCoverageFlagsUnregisteredAgents finds the demo's Acme support agent, which no AI system describes,
// with what to do in plain words and a link to a form prefilled as an outside AI agent; not ShopBot, which the
// registry has, nor the team the agent works for. Once registered, the agent is no longer a gap.
func TestAdminCoverageFlagsUnregisteredAgents(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	c := staffSignIn(t, ts, privacyA)
	fix := `href="/admin/systems/new?deployment=external_agent&amp;slug=acme-support-agent"`
	for lang, want := range map[string][]string{
		"en": {"AI agents not in the registry", "An AI agent outside the brand", "support agent (id acme-support-agent, from Acme): add it as an AI agent outside the brand"},
		"fr": {"Agents d'IA absents du registre", "Un agent d'IA extérieur à la marque", "support agent (identifiant acme-support-agent, organisation Acme)\u00a0: à ajouter comme agent d'IA extérieur à la marque"},
	} {
		_, _, body := get(t, c, ts.URL+"/admin/coverage", "Accept-Language", lang)
		i := strings.Index(body, `data-testid="gap-unregistered_agent"`)
		if i < 0 {
			t.Fatalf("%s: coverage has no unregistered agents", lang)
		}
		section := html.UnescapeString(body[i:])
		section = section[:strings.Index(section, "</section>")]
		for _, w := range want {
			if !strings.Contains(section, w) {
				t.Errorf("%s: the agents' gap does not say %q: %s", lang, w, section)
			}
		}
		if !strings.Contains(body, fix) {
			t.Errorf("%s: no link to register the agent", lang)
		}
		if strings.Contains(section, "shopbot") || strings.Contains(section, "maison-lumiere-support") {
			t.Errorf("%s: a registered system or a team is flagged: %s", lang, section)
		}
	}
	_, _, form := get(t, c, ts.URL+"/admin/systems/new?deployment=external_agent&slug=acme-support-agent", "Accept-Language", "en")
	if !strings.Contains(form, `value="acme-support-agent"`) || !strings.Contains(form, `value="external_agent" checked`) && !strings.Contains(form, `value="external_agent" selected`) {
		t.Error("the form is not prefilled with the agent's id and kind")
	}

	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	if _, err := s.DB.SaveSystem(ctx, store.AISystem{BrandID: b.ID, Slug: seed.AcmeAgentSub, Name: "Acme support agent", Vendor: "Acme",
		Deployment: store.DeployExternalAgent, RiskLevel: "minimal", Status: "active", Registered: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, body := get(t, c, ts.URL+"/admin/coverage", "Accept-Language", "en"); strings.Contains(body, `data-testid="gap-unregistered_agent"`) {
		t.Error("a registered agent is still flagged")
	}
}
