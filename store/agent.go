package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kinds of actor in a delegation chain: who an AI agent is, or who it acts for.
const (
	ActorCustomerAssistant = "customer_assistant" // an AI assistant the customer connected themselves
	ActorBrandAgent        = "brand_agent"        // an AI agent the brand runs
	ActorVendorAgent       = "vendor_agent"       // an AI agent another company runs (a supplier, a contractor)
	ActorPerson            = "person"             // a person
	ActorTeam              = "team"               // a team of people
)

// ActorTypes lists every kind of actor, in the order the documentation gives them.
var ActorTypes = []string{ActorCustomerAssistant, ActorBrandAgent, ActorVendorAgent, ActorPerson, ActorTeam}

// MaxDelegationDepth is the most actors one chain holds, the current one included: a longer chain is almost always
// a loop or a mistake on the sender's side, and no customer could follow it.
const MaxDelegationDepth = 4

// Delegation is who acted in an agent_access event, in the shape of the act claim of RFC 8693 token exchange: the
// outermost value is the current actor, the agent that read the data; Act, when set, is the prior actor it acts
// for (who delegated to it), and so on. A chain without Act acts for the customer (or the event's OnBehalfOf).
type Delegation struct {
	Sub  string      `json:"sub"`            // a stable id of the actor, the brand's or the agent's own; matched to the registry's system slugs
	Name string      `json:"name,omitempty"` // how to call it, in the brand's words
	Type string      `json:"type"`           // one of ActorTypes
	Org  string      `json:"org,omitempty"`  // the organisation it belongs to
	Act  *Delegation `json:"act,omitempty"`
}

// Chain lists the actors from the current one to the first who delegated.
func (d *Delegation) Chain() []*Delegation {
	var out []*Delegation
	for a := d; a != nil && len(out) < MaxDelegationDepth*4; a = a.Act {
		out = append(out, a)
	}
	return out
}

// Label is how an actor is named where a short name is needed (the event's actor, a list): its name, or its id.
func (d *Delegation) Label() string {
	if d.Name != "" {
		return d.Name
	}
	return d.Sub
}

// IsAI reports whether the actor is an AI agent (rather than a person or a team), one the registry should describe.
func (d *Delegation) IsAI() bool {
	return d.Type != ActorPerson && d.Type != ActorTeam
}

// String writes the chain for a reader, "Acme support agent (vendor_agent, Acme) for support team (team,
// Maison Lumière)": the exports' CSV column.
func (d *Delegation) String() string {
	var parts []string
	for _, a := range d.Chain() {
		detail := a.Type
		if a.Org != "" {
			detail += ", " + a.Org
		}
		parts = append(parts, a.Label()+" ("+detail+")")
	}
	return strings.Join(parts, " for ")
}

// encodeAct is the act column's value: the chain as JSON, or nil (NULL) without one.
func encodeAct(d *Delegation) *string {
	if d == nil {
		return nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil // a struct of strings always marshals
	}
	s := string(b)
	return &s
}

// decodeAct reads the act column back; a value that does not read (it never should) gives no chain rather than
// failing the page.
func decodeAct(s *string) *Delegation {
	if s == nil || *s == "" {
		return nil
	}
	var d Delegation
	if json.Unmarshal([]byte(*s), &d) != nil || d.Sub == "" {
		return nil
	}
	return &d
}

// AgentActor is one agent (or person, or team) seen in a brand's agent_access events.
type AgentActor struct {
	Sub, Name, Type, Org string
	FirstSeen, LastSeen  time.Time
	Uses                 int
}

// writeAgents records, in the batch's transaction, every actor of the batch's accepted agent_access events: each
// level of their chains, or the actor of an event without one (its type left empty). One upsert per actor of the
// batch, in sub order so that concurrent batches lock rows in the same order.
func (e *eventInserter) writeAgents(ctx context.Context, events []EventInput, results []InsertResult) error {
	seen := map[string]*AgentActor{}
	note := func(sub, name, typ, org string, at time.Time) {
		a := seen[sub]
		if a == nil {
			a = &AgentActor{Sub: sub, FirstSeen: at, LastSeen: at}
			seen[sub] = a
		}
		// The latest event's words win: a brand that renames its agent sees the new name.
		if !at.Before(a.LastSeen) {
			a.Name, a.Type, a.Org = name, typ, org
		}
		a.FirstSeen, a.LastSeen = minTime(a.FirstSeen, at), maxTime(a.LastSeen, at)
		a.Uses++
	}
	for i, r := range results {
		ev := events[i]
		if r.Status != StatusAccepted || ev.Action != ActionAgentAccess {
			continue
		}
		if ev.Act == nil {
			if ev.Actor != "" {
				note(ev.Actor, ev.Actor, "", "", ev.OccurredAt)
			}
			continue
		}
		for _, a := range ev.Act.Chain() {
			note(a.Sub, a.Name, a.Type, a.Org, ev.OccurredAt)
		}
	}
	subs := make([]string, 0, len(seen))
	for s := range seen {
		subs = append(subs, s)
	}
	slices.Sort(subs)
	for _, s := range subs {
		a := seen[s]
		if _, err := e.tx.ExecContext(ctx, `INSERT INTO agent_actors (brand_id, sub, name, type, org, first_seen, last_seen, uses)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, sub) DO UPDATE SET
			name = CASE WHEN excluded.last_seen >= agent_actors.last_seen THEN excluded.name ELSE agent_actors.name END,
			type = CASE WHEN excluded.last_seen >= agent_actors.last_seen THEN excluded.type ELSE agent_actors.type END,
			org = CASE WHEN excluded.last_seen >= agent_actors.last_seen THEN excluded.org ELSE agent_actors.org END,
			first_seen = `+e.d.least("agent_actors.first_seen", "excluded.first_seen")+`,
			last_seen = `+e.d.greatest("agent_actors.last_seen", "excluded.last_seen")+`,
			uses = agent_actors.uses + excluded.uses`,
			e.brandID, a.Sub, a.Name, a.Type, a.Org, a.FirstSeen.Unix(), a.LastSeen.Unix(), a.Uses); err != nil {
			return fmt.Errorf("store: agent actors: %w", err)
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// AgentActors lists the agents, people and teams seen in the brand's agent_access events, most used first. It
// reads the small table ingest keeps (agent_actors), never the events.
func (db *DB) AgentActors(ctx context.Context, brandID int64) ([]AgentActor, error) {
	rows, err := db.query(ctx, `SELECT sub, name, type, org, first_seen, last_seen, uses FROM agent_actors
		WHERE brand_id = ? ORDER BY uses DESC, sub`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: agent actors: %w", err)
	}
	defer rows.Close()
	var out []AgentActor
	for rows.Next() {
		var a AgentActor
		var first, last int64
		if err := rows.Scan(&a.Sub, &a.Name, &a.Type, &a.Org, &first, &last, &a.Uses); err != nil {
			return nil, fmt.Errorf("store: scan agent actor: %w", err)
		}
		a.FirstSeen, a.LastSeen = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: agent actors: %w", err)
	}
	return out, nil
}
