package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Directions a factor pushed an automated decision, as the brand sends them.
const (
	DirectionRaised   = "raised"   // the factor pushed the result up (a higher limit, a better score)
	DirectionLowered  = "lowered"  // the factor pushed the result down
	DirectionRequired = "required" // the factor had to be met for the result (an identity check passed)
	DirectionExcluded = "excluded" // the factor ruled a result out (a blocked country)
)

// Directions lists the directions in the order the contract gives them.
var Directions = []string{DirectionRaised, DirectionLowered, DirectionRequired, DirectionExcluded}

// Explanation is what the brand says counted in one automated decision (GDPR Art. 15(1)(h) and 22, AI Act
// Art. 86): the main factors, each with its direction, and what would have changed the result. It is stored as
// the brand sent it, as JSON, beside the event.
type Explanation struct {
	Factors         []Factor         `json:"factors,omitempty"`
	Counterfactuals []Counterfactual `json:"counterfactuals,omitempty"`
}

// Factor is one thing that counted in a decision: a factor the registry describes (Key), or one the brand
// labels itself in the event (Labels, by locale). DataCategory is the slug of the kind of data it came from
// (for a registry factor, the registry's category when the event gives none).
type Factor struct {
	Key          string            `json:"factor,omitempty"`
	Labels       map[string]string `json:"label,omitempty"`
	DataCategory string            `json:"data_category,omitempty"`
	Direction    string            `json:"direction"`
	Weight       *float64          `json:"weight,omitempty"` // 0 to 1, how much it counted, when the brand says
}

// Counterfactual is what would have changed the decision: plain text by locale, or a factor and the value it
// would have needed, with the result it would have given (by locale) when the brand says.
type Counterfactual struct {
	Texts   map[string]string `json:"text,omitempty"`
	Factor  string            `json:"factor,omitempty"`
	Value   string            `json:"value,omitempty"`
	Results map[string]string `json:"result,omitempty"`
}

// DecisionFactor is a factor a deciding system may use, as the registry describes it.
type DecisionFactor struct {
	Key          string
	DataCategory string            // slug of the data category it comes from
	Labels       map[string]string // by locale, plain words: "Your regular income over 12 months"
	Registered   bool              // false when it was first seen in an event, never described
}

// Label returns the factor's words in locale, falling back as the registry's texts do, then to the key.
func (f DecisionFactor) Label(locale, fallback string) string {
	if l, _ := pickTextLang(f.Labels, locale, fallback); l != "" {
		return l
	}
	return f.Key
}

// Factor returns the system's factor of that key, or nil.
func (s AISystem) Factor(key string) *DecisionFactor {
	for i := range s.Factors {
		if s.Factors[i].Key == key {
			return &s.Factors[i]
		}
	}
	return nil
}

// ExplanationOf returns the explanation the brand sent with one of its events (by the brand's event id), or
// nil when it sent none.
func (db *DB) ExplanationOf(ctx context.Context, brandID int64, eventKey string) (*Explanation, error) {
	var body string
	err := db.queryRow(ctx, `SELECT body FROM event_explanations WHERE brand_id = ? AND event_key = ?`, brandID, eventKey).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: explanation of %q: %w", eventKey, err)
	}
	var x Explanation
	if err := json.Unmarshal([]byte(body), &x); err != nil {
		return nil, fmt.Errorf("store: explanation of %q: %w", eventKey, err)
	}
	return &x, nil
}

// DecisionCoverage is, for one deciding system, how many decisions the brand sent and how many of them came with
// the factors that counted.
type DecisionCoverage struct {
	SystemID  int64
	Decisions int64
	Explained int64
}

// DecisionCoverageByBrand reads the brand's decisions and explained decisions per system, from the counters
// ingest keeps in step (never a scan of events).
func (db *DB) DecisionCoverageByBrand(ctx context.Context, brandID int64) ([]DecisionCoverage, error) {
	rows, err := db.query(ctx, `SELECT system_id, decisions, explained FROM decision_coverage WHERE brand_id = ? ORDER BY system_id`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: decision coverage: %w", err)
	}
	defer rows.Close()
	var out []DecisionCoverage
	for rows.Next() {
		var d DecisionCoverage
		if err := rows.Scan(&d.SystemID, &d.Decisions, &d.Explained); err != nil {
			return nil, fmt.Errorf("store: decision coverage: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: decision coverage: %w", err)
	}
	return out, nil
}

// loadFactors fills each system's Factors, registered ones first, each group by key.
func loadFactors(ctx context.Context, q querier, reg *Registry, brandID int64) error {
	rows, err := q.QueryContext(ctx, `SELECT system_id, factor_key, data_category, registered FROM decision_factors
		WHERE brand_id = ? ORDER BY system_id, registered DESC, factor_key`, brandID)
	if err != nil {
		return fmt.Errorf("store: registry factors: %w", err)
	}
	for rows.Next() {
		var id int64
		f := DecisionFactor{Labels: map[string]string{}}
		if err := rows.Scan(&id, &f.Key, &f.DataCategory, &f.Registered); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan factor: %w", err)
		}
		if s := reg.Systems[id]; s != nil {
			s.Factors = append(s.Factors, f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: registry factors: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT system_id, factor_key, locale, label FROM decision_factor_texts WHERE brand_id = ?`, brandID)
	if err != nil {
		return fmt.Errorf("store: registry factor texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key, loc, label string
		if err := rows.Scan(&id, &key, &loc, &label); err != nil {
			return fmt.Errorf("store: scan factor text: %w", err)
		}
		if s := reg.Systems[id]; s != nil {
			if f := s.Factor(key); f != nil {
				f.Labels[loc] = label
			}
		}
	}
	return rows.Err()
}

// saveFactors makes factors the system's registered factors: each is written with its labels, and registered
// factors no longer listed are removed. Keys first seen in events stay, unregistered, until someone describes them.
func saveFactors(ctx context.Context, tx querier, brandID, systemID int64, factors []DecisionFactor, now int64) error {
	keep := map[string]bool{}
	for _, f := range factors {
		keep[f.Key] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO decision_factors (brand_id, system_id, factor_key, data_category, registered, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, system_id, factor_key) DO UPDATE SET data_category = excluded.data_category,
				registered = excluded.registered`, brandID, systemID, f.Key, f.DataCategory, true, now); err != nil {
			return fmt.Errorf("store: save factor %q: %w", f.Key, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM decision_factor_texts WHERE brand_id = ? AND system_id = ? AND factor_key = ?`,
			brandID, systemID, f.Key); err != nil {
			return fmt.Errorf("store: save factor %q: %w", f.Key, err)
		}
		for loc, label := range f.Labels {
			if _, err := tx.ExecContext(ctx, `INSERT INTO decision_factor_texts (brand_id, system_id, factor_key, locale, label) VALUES (?, ?, ?, ?, ?)`,
				brandID, systemID, f.Key, loc, label); err != nil {
				return fmt.Errorf("store: save factor %q text: %w", f.Key, err)
			}
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT factor_key FROM decision_factors WHERE brand_id = ? AND system_id = ? AND registered = ?`,
		brandID, systemID, true)
	if err != nil {
		return fmt.Errorf("store: factors of system: %w", err)
	}
	var gone []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return fmt.Errorf("store: factors of system: %w", err)
		}
		if !keep[k] {
			gone = append(gone, k)
		}
	}
	rows.Close()
	for _, k := range gone {
		for _, table := range []string{"decision_factor_texts", "decision_factors"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE brand_id = ? AND system_id = ? AND factor_key = ?`, brandID, systemID, k); err != nil {
				return fmt.Errorf("store: remove factor %q: %w", k, err)
			}
		}
	}
	return nil
}

// explainBatch records the explanations and decision counts of the batch's accepted decisions, in the batch's
// transaction. Decisions are a small part of a batch, and most cost only a counter in memory.
func (e *eventInserter) explainBatch(ctx context.Context, events []EventInput, results []InsertResult) error {
	e.coverage = map[int64]DecisionCoverage{}
	e.knownFactors = map[factorRef]bool{}
	for i, r := range results {
		if r.Status != StatusAccepted || events[i].Action != ActionDecision {
			continue
		}
		sys := e.cache.systems[events[i].System]
		if err := e.explain(ctx, events[i], sys.id); err != nil {
			return err
		}
	}
	return e.flushCoverage(ctx)
}

// explain records, inside the batch's transaction, what an accepted event's explanation needs: the explanation
// itself, the system's decision counters, and any factor key the registry does not know (kept, unregistered,
// as unknown systems are).
func (e *eventInserter) explain(ctx context.Context, ev EventInput, systemID int64) error {
	if ev.Action != ActionDecision {
		return nil
	}
	c := e.coverage[systemID]
	c.SystemID = systemID
	c.Decisions++
	if ev.Explanation != nil && len(ev.Explanation.Factors) > 0 {
		c.Explained++
	}
	e.coverage[systemID] = c
	if ev.Explanation == nil {
		return nil
	}
	body, err := json.Marshal(ev.Explanation)
	if err != nil {
		return fmt.Errorf("store: explanation of %q: %w", ev.ID, err)
	}
	if _, err := e.tx.ExecContext(ctx, `INSERT INTO event_explanations (brand_id, event_key, system_id, body) VALUES (?, ?, ?, ?)
		ON CONFLICT (brand_id, event_key) DO NOTHING`, e.brandID, ev.ID, systemID, string(body)); err != nil {
		return fmt.Errorf("store: explanation of %q: %w", ev.ID, err)
	}
	keys := map[string]bool{}
	for _, f := range ev.Explanation.Factors {
		keys[f.Key] = f.Key != ""
	}
	for _, cf := range ev.Explanation.Counterfactuals {
		keys[cf.Factor] = cf.Factor != ""
	}
	for k, ok := range keys {
		if !ok || e.knownFactors[factorRef{systemID, k}] {
			continue
		}
		res, err := e.tx.ExecContext(ctx, `INSERT INTO decision_factors (brand_id, system_id, factor_key, registered, created_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (brand_id, system_id, factor_key) DO NOTHING`, e.brandID, systemID, k, false, e.now)
		if err != nil {
			return fmt.Errorf("store: factor %q: %w", k, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := bumpRegistry(ctx, e.tx, e.brandID); err != nil {
				return err
			}
		}
		e.knownFactors[factorRef{systemID, k}] = true
	}
	return nil
}

// factorRef names a factor key of one system, for the batch's memory of keys already made sure of.
type factorRef struct {
	system int64
	key    string
}

// flushCoverage adds the batch's decision counts to decision_coverage, one upsert per system, in key order.
func (e *eventInserter) flushCoverage(ctx context.Context) error {
	ids := make([]int64, 0, len(e.coverage))
	for id := range e.coverage {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := e.coverage[id]
		if _, err := e.tx.ExecContext(ctx, `INSERT INTO decision_coverage (brand_id, system_id, decisions, explained) VALUES (?, ?, ?, ?)
			ON CONFLICT (brand_id, system_id) DO UPDATE SET decisions = decision_coverage.decisions + excluded.decisions,
				explained = decision_coverage.explained + excluded.explained`, e.brandID, id, c.Decisions, c.Explained); err != nil {
			return fmt.Errorf("store: decision coverage: %w", err)
		}
	}
	return nil
}
