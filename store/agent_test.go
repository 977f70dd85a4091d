package store

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// TestDelegationRoundTrip stores agent_access events with and without a delegation chain and reads them back
// whole, on the customer's list and in the export, and checks the brand's table of agents moves with them.
func TestDelegationRoundTrip(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	base := testNow.Add(-48 * time.Hour)
	chain := &Delegation{Sub: "acme-support", Name: "support agent", Type: ActorVendorAgent, Org: "Acme",
		Act: &Delegation{Sub: "ml-support-team", Name: "support team", Type: ActorTeam, Org: "Maison Lumière"}}
	mk := func(id string, at time.Time, act *Delegation, actor string) EventInput {
		e := ev(id, "C-1", "service", ActionAgentAccess, at)
		e.Act, e.Actor = act, actor
		return e
	}
	res, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{
		mk("a1", base, chain, "support agent"),
		mk("a2", base.Add(time.Hour), &Delegation{Sub: "recommender", Type: ActorBrandAgent}, "recommender"),
		mk("a3", base.Add(2*time.Hour), nil, "Legacy bot"),
		ev("i1", "C-1", "service", ActionInference, base.Add(3*time.Hour)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != StatusAccepted {
			t.Fatalf("event %d: %+v", i, r)
		}
	}
	// The same event again is a duplicate: it counts no use of its agents.
	if res, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{mk("a1", base, chain, "support agent")}); err != nil || res[0].Status != StatusDuplicate {
		t.Fatalf("again: %+v, %v", res, err)
	}
	page, err := f.db.Events(ctx, f.cust, EventFilter{}, Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	xpage, err := f.db.ExportEvents(ctx, f.cust, Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*Delegation{"a1": chain, "a2": {Sub: "recommender", Type: ActorBrandAgent}, "a3": nil, "i1": nil}
	for _, p := range []EventPage{page, xpage} {
		if len(p.Events) != 4 {
			t.Fatalf("%d events, want 4", len(p.Events))
		}
		for _, e := range p.Events {
			if !reflect.DeepEqual(e.Act, want[e.Key]) {
				t.Errorf("event %s: act %+v, want %+v", e.Key, e.Act, want[e.Key])
			}
		}
	}
	agents, err := f.db.AgentActors(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]AgentActor{}
	for _, a := range agents {
		got[a.Sub] = a
	}
	if len(got) != 4 {
		t.Fatalf("agents %+v, want acme-support, ml-support-team, recommender and Legacy bot", agents)
	}
	if a := got["ml-support-team"]; a.Type != ActorTeam || a.Org != "Maison Lumière" || a.Name != "support team" || a.Uses != 1 || !a.FirstSeen.Equal(base) {
		t.Errorf("team %+v", a)
	}
	if a := got["Legacy bot"]; a.Type != "" || a.Uses != 1 {
		t.Errorf("actor without a chain %+v", a)
	}

	// A later batch adds uses, moves the last time and takes the agent's new name.
	renamed := *chain
	renamed.Name = "help agent"
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{mk("a4", base.Add(5*time.Hour), &renamed, "help agent")}); err != nil {
		t.Fatal(err)
	}
	agents, _ = f.db.AgentActors(ctx, f.brand.ID)
	if a := agents[0]; a.Sub != "acme-support" && a.Sub != "ml-support-team" || a.Uses != 2 {
		t.Fatalf("most used first: %+v", agents)
	}
	for _, a := range agents {
		if a.Sub == "acme-support" && (a.Name != "help agent" || !a.LastSeen.Equal(base.Add(5*time.Hour)) || !a.FirstSeen.Equal(base)) {
			t.Errorf("after a second batch %+v", a)
		}
	}

	// Coverage flags the AI agents the registry does not describe: not the team, not the registered system.
	gaps, err := f.db.Coverage(ctx, f.brand.ID, []string{"en"})
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]Gap{}
	for _, g := range gaps {
		if g.Kind == GapUnregisteredAgent {
			flagged[g.Slug] = g
		}
	}
	if len(flagged) != 2 || flagged["acme-support"].Org != "Acme" || flagged["acme-support"].Uses != 2 || flagged["Legacy bot"].Uses != 1 {
		t.Fatalf("unregistered agents %+v, want acme-support and Legacy bot", flagged)
	}
}

func TestDelegationString(t *testing.T) {
	d := &Delegation{Sub: "acme", Name: "support agent", Type: ActorVendorAgent, Org: "Acme",
		Act: &Delegation{Sub: "t1", Type: ActorTeam}}
	if got, want := d.String(), "support agent (vendor_agent, Acme) for t1 (team)"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}
