package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Actions an AI system can take with a customer's data.
const (
	ActionInference   = "inference"    // used the data to produce a result
	ActionTraining    = "training"     // the data went into training a model version
	ActionDecision    = "decision"     // an automated decision about the customer
	ActionGeneration  = "generation"   // content made with the data
	ActionSharing     = "sharing"      // sent to another party's AI system
	ActionAgentAccess = "agent_access" // an external AI agent read the data
)

// Actions lists every action, in the order pages show them.
var Actions = []string{ActionInference, ActionTraining, ActionDecision, ActionGeneration, ActionSharing, ActionAgentAccess}

// EventInput is one data-usage event as a brand sends it, already validated.
type EventInput struct {
	ID             string
	Customer       string
	System         string
	Purpose        string
	Action         string
	DataCategories []string
	OccurredAt     time.Time
	Outcome        string
	ModelVersion   string
	Actor          string
	Channel        string
	Decision       string
	HumanReview    bool
	OnBehalfOf     string
	Lang           string       // BCP 47 tag of the language outcome and decision are written in; "" means the brand's default
	Explanation    *Explanation // what counted in a decision, when the brand says (decision events only)
	Act            *Delegation  // who acted and for whom, for agent_access events; nil when the brand did not say
}

// Insert outcomes.
const (
	StatusAccepted  = "accepted"
	StatusDuplicate = "duplicate"
	// StatusExpired is an event older than its system's retention after a retention run removed the uses that old:
	// stored again it would be counted twice (its counts stayed), so it is refused and nothing changes.
	StatusExpired = "expired"
)

// ExpiredMessage says why an event was StatusExpired, for the brand's engineer reading the API answer or the import.
const ExpiredMessage = "older than this AI system's retention: vitrine has already removed the uses this old and kept only their count, so this event would be counted twice; it was not stored"

// InsertResult says what happened to one event of a batch.
type InsertResult struct {
	Status    string
	Violation bool // stored, but the customer had not given the consent its purpose needs
	// Unregistered says the event names a system or purpose the brand's registry does not describe (shadow AI):
	// stored, and shown to the privacy team as a coverage gap.
	Unregistered bool
}

// Event is a stored data-usage event.
type Event struct {
	ID           int64
	Key          string
	CustomerID   int64
	SystemID     int64
	PurposeID    int64
	Action       string
	CategoryIDs  []int64
	OccurredAt   time.Time
	Outcome      string
	ModelVersion string
	Actor        string
	Channel      string
	Decision     string
	HumanReview  bool
	OnBehalfOf   string
	Lang         string      // language of Outcome and Decision, as the brand sent it; "" means the brand's default
	Act          *Delegation // the delegation chain of an agent_access event; nil when the brand did not send one
	Violation    bool
	IngestedAt   time.Time
}

// batchCache remembers ids resolved within one batch so a batch of 500 events for 3 systems costs 3 look-ups.
type batchCache struct {
	customers  map[string]int64
	systems    map[string]systemInfo
	purposes   map[string]purposeInfo
	categories map[string]int64
}

type systemInfo struct {
	id         int64
	registered bool
}

type purposeInfo struct {
	id         int64
	basis      string
	registered bool
}

// InsertEvents stores a batch of events for one brand in one transaction, with their rollups.
// An event whose id the brand already sent is a duplicate and changes nothing. Unknown customers are created;
// unknown systems, purposes and categories are created marked unregistered so that nothing is lost.
// The results are only meaningful once this returns nil: then the whole batch is committed.
func (db *DB) InsertEvents(ctx context.Context, brandID int64, events []EventInput) ([]InsertResult, error) {
	// Events older than what a retention run removed are answered StatusExpired: their counts are already there.
	marks, err := db.RetainedSince(ctx, brandID)
	if err != nil {
		return nil, err
	}
	if len(marks) == 0 {
		return db.insertEvents(ctx, brandID, events)
	}
	reg, err := db.Registry(ctx, brandID)
	if err != nil {
		return nil, err
	}
	results := make([]InsertResult, len(events))
	var kept []EventInput
	var idx []int
	for i, ev := range events {
		if sys := reg.SystemBySlug[ev.System]; sys != nil {
			if since, ok := marks[sys.ID]; ok && ev.OccurredAt.Before(since) {
				results[i] = InsertResult{Status: StatusExpired}
				continue
			}
		}
		kept, idx = append(kept, ev), append(idx, i)
	}
	if len(kept) == len(events) {
		return db.insertEvents(ctx, brandID, events)
	}
	if len(kept) > 0 {
		res, err := db.insertEvents(ctx, brandID, kept)
		if err != nil {
			return nil, err
		}
		for j, r := range res {
			results[idx[j]] = r
		}
	}
	return results, nil
}

// insertEvents is InsertEvents for events none of which is older than what retention removed.
func (db *DB) insertEvents(ctx context.Context, brandID int64, events []EventInput) ([]InsertResult, error) {
	results := make([]InsertResult, len(events))
	if err := db.ensurePartitions(ctx, events); err != nil {
		return nil, err
	}
	err := db.tx(ctx, func(tx *txn) error {
		ins, err := newEventInserter(ctx, tx, db.d, brandID, db.Now())
		if err != nil {
			return err
		}
		defer ins.close()
		if db.d == dialectPostgres {
			if err := ins.insertBatchPostgres(ctx, events, results); err != nil {
				return err
			}
			if err := ins.explainBatch(ctx, events, results); err != nil {
				return err
			}
			if err := ins.writeAgents(ctx, events, results); err != nil {
				return err
			}
			return ins.feedViolations(ctx, events, results)
		}
		for i, ev := range events {
			r, err := ins.insert(ctx, ev)
			if err != nil {
				return fmt.Errorf("store: insert event %q: %w", ev.ID, err)
			}
			results[i] = r
		}
		if err := ins.flush(ctx); err != nil {
			return err
		}
		if err := ins.explainBatch(ctx, events, results); err != nil {
			return err
		}
		if err := ins.writeAgents(ctx, events, results); err != nil {
			return err
		}
		return ins.feedViolations(ctx, events, results)
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// ViolationChangeData is what the feed and webhooks say of an event that used a customer's data for a purpose
// they had refused at the time.
type ViolationChangeData struct {
	Customer   string `json:"customer"`
	EventID    string `json:"event_id"`
	System     string `json:"system"`
	Purpose    string `json:"purpose"`
	Action     string `json:"action"`
	OccurredAt string `json:"occurred_at"`
}

// feedViolations tells the brand's change feed of each accepted event of the batch that broke a refusal, in the
// batch's transaction. Violations are rare: one row each costs nothing next to the batch.
func (e *eventInserter) feedViolations(ctx context.Context, events []EventInput, results []InsertResult) error {
	for i, r := range results {
		if r.Status != StatusAccepted || !r.Violation {
			continue
		}
		ev := events[i]
		if err := appendChange(ctx, e.tx, e.brandID, ChangeViolation, e.cache.customers[ev.Customer], ViolationChangeData{
			Customer: ev.Customer, EventID: ev.ID, System: ev.System, Purpose: ev.Purpose, Action: ev.Action,
			OccurredAt: ev.OccurredAt.UTC().Format(time.RFC3339)}, time.Unix(e.now, 0)); err != nil {
			return err
		}
	}
	return nil
}

// eventInserter inserts a batch's events one by one but sums their rollup increments in memory and writes
// each rollup row once per batch: a batch of 500 events of one customer touches a few dozen rollup rows
// instead of issuing thousands of upserts.
type eventInserter struct {
	tx      *txn
	d       dialect
	brandID int64
	cache   batchCache
	now     int64

	daily    map[dailyKey]int
	brand    map[dailyKey][2]int // brand-wide: uses and violations (cust is 0)
	catDaily map[catKey]int
	monthly  map[dailyKey]int // the same sums by UTC month (day holds the month's first day)
	catMonth map[catKey]int
	stats    map[sysKey]*span
	trained  map[trainKey]*span
	consents map[consentKey][]consentAt
	// prefetched are the customers whose whole consent history consents holds (PostgreSQL reads it per batch).
	prefetched map[int64]bool
	// coverage counts the batch's decisions per system, and knownFactors the factor keys made sure of
	// (explanation.go).
	coverage     map[int64]DecisionCoverage
	knownFactors map[factorRef]bool

	insEvent, rollup, rollupBrand, rollupCat, statsStmt, training, consentHist *sql.Stmt
	rollupMonth, rollupCatMonth, eventKey, statsLast                           *sql.Stmt
}

type dailyKey struct {
	cust, day, sys, pur int64
	action              string
}

type catKey struct{ cust, day, sys, cat int64 }

type sysKey struct{ cust, sys int64 }

type trainKey struct {
	cust, sys int64
	version   string
}

type consentKey struct{ cust, pur int64 }

type consentAt struct {
	at    int64
	state string
}

// span counts uses and keeps the first and last time.
type span struct{ n, first, last int64 }

func (s *span) add(at int64) {
	if s.n == 0 || at < s.first {
		s.first = at
	}
	if s.n == 0 || at > s.last {
		s.last = at
	}
	s.n++
}

func newEventInserter(ctx context.Context, tx *txn, d dialect, brandID int64, now time.Time) (*eventInserter, error) {
	e := &eventInserter{tx: tx, d: d, brandID: brandID, now: now.Unix(), cache: batchCache{
		customers: map[string]int64{}, systems: map[string]systemInfo{}, purposes: map[string]purposeInfo{}, categories: map[string]int64{},
	}, daily: map[dailyKey]int{}, brand: map[dailyKey][2]int{}, catDaily: map[catKey]int{}, monthly: map[dailyKey]int{}, catMonth: map[catKey]int{}, stats: map[sysKey]*span{}, trained: map[trainKey]*span{},
		consents: map[consentKey][]consentAt{}}
	stmts := []struct {
		dst **sql.Stmt
		q   string
	}{
		// SQLite keeps exactly-once with the unique key of usage_events; a partitioned PostgreSQL table cannot
		// have one without the partition key, so its events' ids go to event_keys first (see the schema).
		{&e.insEvent, `INSERT INTO usage_events (brand_id, event_key, customer_id, system_id, purpose_id, action, category_ids, occurred_at,
			outcome, model_version, actor, channel, decision, human_review, on_behalf_of, consent_violation, ingested_at, lang, act)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` + map[dialect]string{dialectSQLite: ` ON CONFLICT (brand_id, event_key) DO NOTHING`}[d]},
		{&e.eventKey, `INSERT INTO event_keys (brand_id, event_key) VALUES (?, ?) ON CONFLICT DO NOTHING`},
		{&e.rollup, `INSERT INTO rollup_daily (brand_id, customer_id, day, system_id, purpose_id, action, n) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, customer_id, day, system_id, purpose_id, action) DO UPDATE SET n = rollup_daily.n + excluded.n`},
		{&e.rollupBrand, `INSERT INTO rollup_brand_daily (brand_id, day, system_id, purpose_id, action, n, violations) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, day, system_id, purpose_id, action) DO UPDATE SET n = rollup_brand_daily.n + excluded.n,
				violations = rollup_brand_daily.violations + excluded.violations`},
		{&e.rollupCat, `INSERT INTO rollup_category_daily (brand_id, customer_id, day, system_id, category_id, n) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, customer_id, day, system_id, category_id) DO UPDATE SET n = rollup_category_daily.n + excluded.n`},
		{&e.statsStmt, `INSERT INTO customer_system_stats (brand_id, customer_id, system_id, n, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, customer_id, system_id) DO UPDATE SET n = customer_system_stats.n + excluded.n,
				first_at = ` + d.least("customer_system_stats.first_at", "excluded.first_at") + `,
				last_at = ` + d.greatest("customer_system_stats.last_at", "excluded.last_at")},
		{&e.statsLast, `SELECT last_at FROM customer_system_stats WHERE brand_id = ? AND customer_id = ? AND system_id = ?`},
		{&e.training, `INSERT INTO customer_training (brand_id, customer_id, system_id, model_version, n, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, customer_id, system_id, model_version) DO UPDATE SET n = customer_training.n + excluded.n,
				first_at = ` + d.least("customer_training.first_at", "excluded.first_at") + `,
				last_at = ` + d.greatest("customer_training.last_at", "excluded.last_at")},
		{&e.consentHist, `SELECT at, state FROM consent_history WHERE brand_id = ? AND customer_id = ? AND purpose_id = ? ORDER BY at, id`},
		{&e.rollupMonth, `INSERT INTO rollup_monthly (brand_id, customer_id, month, system_id, purpose_id, action, n) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, customer_id, month, system_id, purpose_id, action) DO UPDATE SET n = rollup_monthly.n + excluded.n`},
		{&e.rollupCatMonth, `INSERT INTO rollup_category_monthly (brand_id, customer_id, month, system_id, category_id, n) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, customer_id, month, system_id, category_id) DO UPDATE SET n = rollup_category_monthly.n + excluded.n`},
	}
	if d == dialectPostgres {
		return e, nil // a batch is written with a few array statements instead (event_pg.go)
	}
	for _, s := range stmts {
		if s.dst == &e.eventKey {
			continue
		}
		st, err := tx.PrepareContext(ctx, s.q)
		if err != nil {
			e.close()
			return nil, fmt.Errorf("store: prepare: %w", err)
		}
		*s.dst = st
	}
	return e, nil
}

func (e *eventInserter) close() {
	for _, s := range []*sql.Stmt{e.insEvent, e.rollup, e.rollupBrand, e.rollupCat, e.statsStmt, e.training, e.consentHist, e.rollupMonth, e.rollupCatMonth, e.eventKey,
		e.statsLast} {
		if s != nil {
			s.Close()
		}
	}
}

func (e *eventInserter) insert(ctx context.Context, ev EventInput) (InsertResult, error) {
	custID, err := e.customer(ctx, ev.Customer)
	if err != nil {
		return InsertResult{}, err
	}
	sys, err := e.system(ctx, ev.System)
	if err != nil {
		return InsertResult{}, err
	}
	sysID := sys.id
	pur, err := e.purpose(ctx, ev.Purpose)
	if err != nil {
		return InsertResult{}, err
	}
	catIDs := make([]int64, 0, len(ev.DataCategories))
	seen := map[int64]bool{}
	for _, slug := range ev.DataCategories {
		id, err := e.category(ctx, slug)
		if err != nil {
			return InsertResult{}, err
		}
		if !seen[id] {
			seen[id] = true
			catIDs = append(catIDs, id)
		}
	}
	at := ev.OccurredAt.Unix()
	violation, err := e.violates(ctx, custID, pur, at)
	if err != nil {
		return InsertResult{}, err
	}
	res, err := e.insEvent.ExecContext(ctx, e.brandID, ev.ID, custID, sysID, pur.id, ev.Action, joinIDs(catIDs), at,
		ev.Outcome, ev.ModelVersion, ev.Actor, ev.Channel, ev.Decision, ev.HumanReview, ev.OnBehalfOf, violation, e.now, ev.Lang, encodeAct(ev.Act))
	if err != nil {
		return InsertResult{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return InsertResult{Status: StatusDuplicate}, nil
	}
	e.count(custID, sysID, pur.id, ev.Action, ev.ModelVersion, catIDs, at, violation)
	return InsertResult{Status: StatusAccepted, Violation: violation, Unregistered: !sys.registered || !pur.registered}, nil
}

// count adds an accepted event to the batch's rollup increments.
func (e *eventInserter) count(custID, sysID, purID int64, action, modelVersion string, catIDs []int64, at int64, violation bool) {
	day := dayOf(at)
	e.daily[dailyKey{custID, day, sysID, purID, action}]++
	month := monthOf(day)
	e.monthly[dailyKey{custID, month, sysID, purID, action}]++
	bk := dailyKey{0, day, sysID, purID, action}
	bv := e.brand[bk]
	bv[0]++
	if violation {
		bv[1]++
	}
	e.brand[bk] = bv
	for _, c := range catIDs {
		e.catDaily[catKey{custID, day, sysID, c}]++
		e.catMonth[catKey{custID, month, sysID, c}]++
	}
	sk := sysKey{custID, sysID}
	if e.stats[sk] == nil {
		e.stats[sk] = &span{}
	}
	e.stats[sk].add(at)
	if action == ActionTraining {
		tk := trainKey{custID, sysID, modelVersion}
		if e.trained[tk] == nil {
			e.trained[tk] = &span{}
		}
		e.trained[tk].add(at)
	}
}

// flush writes the batch's summed rollup increments, inside the batch's transaction. Rows are written in key
// order: on PostgreSQL two servers' batches for the same customers then lock their rows in the same order and
// cannot deadlock.
func (e *eventInserter) flush(ctx context.Context) error {
	b := e.brandID
	for _, k := range sortedKeys(e.daily, dailyLess) {
		if _, err := e.rollup.ExecContext(ctx, b, k.cust, k.day, k.sys, k.pur, k.action, e.daily[k]); err != nil {
			return fmt.Errorf("store: rollup: %w", err)
		}
	}
	for _, k := range sortedKeys(e.brand, dailyLess) {
		v := e.brand[k]
		if _, err := e.rollupBrand.ExecContext(ctx, b, k.day, k.sys, k.pur, k.action, v[0], v[1]); err != nil {
			return fmt.Errorf("store: brand rollup: %w", err)
		}
	}
	months := e.brandMonths()
	for _, k := range sortedKeys(months, dailyLess) {
		v := months[k]
		if _, err := e.tx.ExecContext(ctx, `INSERT INTO rollup_brand_monthly (brand_id, month, system_id, purpose_id, action, n, violations)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, month, system_id, purpose_id, action) DO UPDATE SET
			n = rollup_brand_monthly.n + excluded.n, violations = rollup_brand_monthly.violations + excluded.violations`,
			b, k.day, k.sys, k.pur, k.action, v[0], v[1]); err != nil {
			return fmt.Errorf("store: brand monthly rollup: %w", err)
		}
	}
	totals := e.brandTotals()
	for _, k := range sortedKeys(totals, useLess) {
		if _, err := e.tx.ExecContext(ctx, `INSERT INTO rollup_brand_totals (brand_id, system_id, purpose_id, n) VALUES (?, ?, ?, ?)
			ON CONFLICT (brand_id, system_id, purpose_id) DO UPDATE SET n = rollup_brand_totals.n + excluded.n`, b, k.sys, k.pur, totals[k]); err != nil {
			return fmt.Errorf("store: brand totals: %w", err)
		}
	}
	for _, k := range sortedKeys(e.catDaily, catLess) {
		if _, err := e.rollupCat.ExecContext(ctx, b, k.cust, k.day, k.sys, k.cat, e.catDaily[k]); err != nil {
			return fmt.Errorf("store: category rollup: %w", err)
		}
	}
	for _, k := range sortedKeys(e.monthly, dailyLess) {
		if _, err := e.rollupMonth.ExecContext(ctx, b, k.cust, k.day, k.sys, k.pur, k.action, e.monthly[k]); err != nil {
			return fmt.Errorf("store: monthly rollup: %w", err)
		}
	}
	for _, k := range sortedKeys(e.catMonth, catLess) {
		if _, err := e.rollupCatMonth.ExecContext(ctx, b, k.cust, k.day, k.sys, k.cat, e.catMonth[k]); err != nil {
			return fmt.Errorf("store: monthly category rollup: %w", err)
		}
	}
	// Each pair's last use before the batch, so that the brand's reach per system moves with it (reach.go).
	before := map[sysKey]int64{}
	for _, k := range sortedKeys(e.stats, sysLess) {
		var last int64
		err := e.statsLast.QueryRowContext(ctx, b, k.cust, k.sys).Scan(&last)
		switch {
		case err == nil:
			before[k] = last
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: last use of a system: %w", err)
		}
		s := e.stats[k]
		if _, err := e.statsStmt.ExecContext(ctx, b, k.cust, k.sys, s.n, s.first, s.last); err != nil {
			return fmt.Errorf("store: system stats: %w", err)
		}
	}
	if err := writeReach(ctx, e.tx, b, reachMoves(e.stats, before)); err != nil {
		return err
	}
	for _, k := range sortedKeys(e.trained, func(a, c trainKey) bool {
		return a.cust < c.cust || a.cust == c.cust && (a.sys < c.sys || a.sys == c.sys && a.version < c.version)
	}) {
		s := e.trained[k]
		if _, err := e.training.ExecContext(ctx, b, k.cust, k.sys, k.version, s.n, s.first, s.last); err != nil {
			return fmt.Errorf("store: training rollup: %w", err)
		}
	}
	// Each customer whose usage changed: move their data revision (the memo of their pages, custcache.go); when a
	// late event changed a closed month, their past revision too, by the store's clock so that a test's fixed
	// clock and the memo agree on which months are closed; and their first-seen time back to their earliest use,
	// which may be long before the brand sent it. The application does it in this transaction, on both engines,
	// so that every process sees the new revisions with the data they count.
	current := monthOf(dayOf(e.now))
	type change struct {
		late  int
		first int64
	}
	changed := map[int64]*change{}
	for k, s := range e.stats {
		c := changed[k.cust]
		if c == nil {
			c = &change{first: s.first}
			changed[k.cust] = c
		}
		c.first = min(c.first, s.first)
	}
	for k := range e.monthly {
		if k.day < current {
			changed[k.cust].late = 1
		}
	}
	for _, cust := range sortedKeys(changed, func(a, c int64) bool { return a < c }) {
		c := changed[cust]
		if _, err := e.tx.ExecContext(ctx, `UPDATE customers SET data_rev = data_rev + 1, past_rev = past_rev + ?,
			created_at = `+e.d.least("created_at", "?")+` WHERE brand_id = ? AND id = ?`, c.late, c.first, e.brandID, cust); err != nil {
			return fmt.Errorf("store: customer revisions: %w", err)
		}
	}
	return e.noteLateMonths(ctx, current)
}

// noteLateMonths records, for each closed month the batch added to, the customer's new past revision
// (customer_late_months), after their revisions moved: a memo of their closed months made at an older past
// revision then re-reads only the months named here since (CustomerData.window), not the whole year.
func (e *eventInserter) noteLateMonths(ctx context.Context, current int64) error {
	type custMonth struct{ cust, month int64 }
	late := map[custMonth]bool{}
	for k := range e.monthly {
		if k.day < current {
			late[custMonth{k.cust, k.day}] = true
		}
	}
	for _, k := range sortedKeys(late, func(a, c custMonth) bool { return a.cust < c.cust || a.cust == c.cust && a.month < c.month }) {
		if _, err := e.tx.ExecContext(ctx, `INSERT INTO customer_late_months (brand_id, customer_id, month, past_rev)
			SELECT brand_id, id, ?, past_rev FROM customers WHERE brand_id = ? AND id = ?
			ON CONFLICT (brand_id, customer_id, month) DO UPDATE SET past_rev = excluded.past_rev`, k.month, e.brandID, k.cust); err != nil {
			return fmt.Errorf("store: late months: %w", err)
		}
	}
	return nil
}

// sortedKeys returns a map's keys in the order less gives.
func sortedKeys[K comparable, V any](m map[K]V, less func(a, b K) bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// useKey is a system and a purpose of the brand.
type useKey struct{ sys, pur int64 }

func useLess(a, b useKey) bool { return a.sys < b.sys || a.sys == b.sys && a.pur < b.pur }

// brandTotals sums the batch's brand-wide uses per system and purpose, all days together, for rollup_brand_totals:
// the uses of /admin's registry pages read a row per pair instead of every day of the brand's history.
func (e *eventInserter) brandTotals() map[useKey]int {
	out := map[useKey]int{}
	for k, v := range e.brand {
		out[useKey{k.sys, k.pur}] += v[0]
	}
	return out
}

// brandMonths sums the batch's brand-wide uses and violations by UTC month (day holds the month's first day), for
// rollup_brand_monthly: the brand's figures over a year read a dozen months instead of every day.
func (e *eventInserter) brandMonths() map[dailyKey][2]int {
	out := map[dailyKey][2]int{}
	for k, v := range e.brand {
		m := k
		m.day = monthOf(k.day)
		w := out[m]
		w[0] += v[0]
		w[1] += v[1]
		out[m] = w
	}
	return out
}

func sysLess(a, b sysKey) bool { return a.cust < b.cust || a.cust == b.cust && a.sys < b.sys }

func dailyLess(a, b dailyKey) bool {
	if a.cust != b.cust {
		return a.cust < b.cust
	}
	if a.day != b.day {
		return a.day < b.day
	}
	if a.sys != b.sys {
		return a.sys < b.sys
	}
	if a.pur != b.pur {
		return a.pur < b.pur
	}
	return a.action < b.action
}

func catLess(a, b catKey) bool {
	if a.cust != b.cust {
		return a.cust < b.cust
	}
	if a.day != b.day {
		return a.day < b.day
	}
	if a.sys != b.sys {
		return a.sys < b.sys
	}
	return a.cat < b.cat
}

// firstSeen moves a customer's first-seen time (customers.created_at) back to at when at is earlier.
func firstSeen(ctx context.Context, tx querier, customerID, at int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET created_at = ? WHERE id = ? AND created_at > ?`, at, customerID, at); err != nil { // ids are unique
		return fmt.Errorf("store: first seen: %w", err)
	}
	return nil
}

// violates reports whether, at time at, the customer had not given the consent the purpose needs
// (consent basis: no "granted" in force) or had objected (legitimate interest: "refused" in force).
func (e *eventInserter) violates(ctx context.Context, custID int64, p purposeInfo, at int64) (bool, error) {
	if p.basis != "consent" && p.basis != "legitimate_interest" {
		return false, nil
	}
	hist, err := e.consentHistory(ctx, custID, p.id)
	if err != nil {
		return false, err
	}
	state := ""
	for _, h := range hist { // oldest first: the last change at or before the event is the one in force
		if h.at > at {
			break
		}
		state = h.state
	}
	if state == "" {
		return p.basis == "consent", nil
	}
	if p.basis == "consent" {
		return state != ConsentGranted, nil
	}
	return state == ConsentRefused, nil
}

// consentHistory loads a customer's choices about one purpose once per batch.
func (e *eventInserter) consentHistory(ctx context.Context, custID, purID int64) ([]consentAt, error) {
	k := consentKey{custID, purID}
	if h, ok := e.consents[k]; ok {
		return h, nil
	}
	if e.prefetched[custID] {
		return nil, nil // read with the batch: no choice recorded for this purpose
	}
	rows, err := e.consentHist.QueryContext(ctx, e.brandID, custID, purID)
	if err != nil {
		return nil, fmt.Errorf("consent history: %w", err)
	}
	defer rows.Close()
	h := []consentAt{}
	for rows.Next() {
		var c consentAt
		if err := rows.Scan(&c.at, &c.state); err != nil {
			return nil, fmt.Errorf("consent history: %w", err)
		}
		h = append(h, c)
	}
	e.consents[k] = h
	return h, rows.Err()
}

func (e *eventInserter) customer(ctx context.Context, ext string) (int64, error) {
	if id, ok := e.cache.customers[ext]; ok {
		return id, nil
	}
	var id int64
	err := e.tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE brand_id = ? AND external_id = ?`, e.brandID, ext).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Another server may create the same customer at the same moment: the unique key decides, and the loser
		// reads the winner's row once its transaction commits.
		err = e.tx.QueryRowContext(ctx, `INSERT INTO customers (brand_id, external_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (brand_id, external_id) DO NOTHING RETURNING id`, e.brandID, ext, e.now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			err = e.tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE brand_id = ? AND external_id = ?`, e.brandID, ext).Scan(&id)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("customer %q: %w", ext, err)
	}
	e.cache.customers[ext] = id
	return id, nil
}

func (e *eventInserter) system(ctx context.Context, slug string) (systemInfo, error) {
	if si, ok := e.cache.systems[slug]; ok {
		return si, nil
	}
	var si systemInfo
	err := e.tx.QueryRowContext(ctx, `SELECT id, registered FROM ai_systems WHERE brand_id = ? AND slug = ?`, e.brandID, slug).Scan(&si.id, &si.registered)
	if errors.Is(err, sql.ErrNoRows) {
		// Nobody registered this system: keep the event, name the system after its slug, and flag it for the privacy team.
		si.id, err = saveSystem(ctx, e.tx, AISystem{BrandID: e.brandID, Slug: slug, Name: slug, Deployment: DeployVendorTool, Registered: false}, time.Unix(e.now, 0))
	}
	if err != nil {
		return si, fmt.Errorf("system %q: %w", slug, err)
	}
	e.cache.systems[slug] = si
	return si, nil
}

func (e *eventInserter) purpose(ctx context.Context, slug string) (purposeInfo, error) {
	if p, ok := e.cache.purposes[slug]; ok {
		return p, nil
	}
	var p purposeInfo
	err := e.tx.QueryRowContext(ctx, `SELECT id, legal_basis, registered FROM purposes WHERE brand_id = ? AND slug = ?`, e.brandID, slug).Scan(&p.id, &p.basis, &p.registered)
	if errors.Is(err, sql.ErrNoRows) {
		// An unregistered purpose has no known legal basis; "consent" is the cautious reading, so its uses are flagged.
		p.basis = "consent"
		p.id, err = savePurpose(ctx, e.tx, Purpose{BrandID: e.brandID, Slug: slug, LegalBasis: p.basis, Refusable: true, Registered: false}, time.Unix(e.now, 0))
	}
	if err != nil {
		return p, fmt.Errorf("purpose %q: %w", slug, err)
	}
	e.cache.purposes[slug] = p
	return p, nil
}

func (e *eventInserter) category(ctx context.Context, slug string) (int64, error) {
	if id, ok := e.cache.categories[slug]; ok {
		return id, nil
	}
	var id int64
	err := e.tx.QueryRowContext(ctx, `SELECT id FROM data_categories WHERE brand_id = ? AND slug = ?`, e.brandID, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		id, err = saveCategory(ctx, e.tx, DataCategory{BrandID: e.brandID, Slug: slug, FidesKey: slug, Registered: false}, time.Unix(e.now, 0))
	}
	if err != nil {
		return 0, fmt.Errorf("category %q: %w", slug, err)
	}
	e.cache.categories[slug] = id
	return id, nil
}

// dayOf is the rollup day (whole days since the Unix epoch, UTC) of a Unix time.
func dayOf(unix int64) int64 {
	if unix < 0 {
		return (unix - 86399) / 86400
	}
	return unix / 86400
}

// monthOf is the rollup day of the first day of the UTC calendar month holding rollup day day.
func monthOf(day int64) int64 {
	t := DayStart(day)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// monthSplit splits a window starting at since into whole UTC months read from the monthly rollups (from day m1
// on) and the days before the first whole month read from the daily ones (d0 <= day < m1; none when since is the
// first of a month).
func monthSplit(since time.Time) (d0, m1 int64) {
	d0 = dayOf(since.Unix())
	m1 = monthOf(d0)
	if m1 != d0 {
		m1 = nextMonth(m1)
	}
	return d0, m1
}

// nextMonth is the rollup day of the first day of the month after the one starting on rollup day month.
func nextMonth(month int64) int64 {
	t := DayStart(month)
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// DayStart is the first second of a rollup day.
func DayStart(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

func splitIDs(s string) []int64 {
	if s == "" {
		return nil
	}
	// Cut rather than Split: every event read parses its list, and Split allocates the parts as a slice.
	out := make([]int64, 0, strings.Count(s, ",")+1)
	for s != "" {
		var p string
		p, s, _ = strings.Cut(s, ",")
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
