package store

import (
	"context"
	"fmt"
	"strings"
)

// On PostgreSQL a batch of events is written with a handful of statements, whatever its size: each statement is
// a round trip to the server (SQLite runs in the process, where one statement per row costs microseconds), and
// one per event made a 100,000-event seed take two minutes. The customers and consent histories of the batch are
// read in one query each, the events' ids are claimed in event_keys in one statement that says which are new,
// the events go in as arrays unnested by one INSERT, and each rollup table takes one upsert of all its rows.

// pgEvent is one event of a batch, resolved, waiting to be written.
type pgEvent struct {
	idx            int
	ev             EventInput
	cust, sys, pur int64
	cats           []int64
	violation      bool
	unregistered   bool // its system or purpose is not in the registry
}

// insertBatchPostgres stores the batch, filling results, inside the batch's transaction.
func (e *eventInserter) insertBatchPostgres(ctx context.Context, events []EventInput, results []InsertResult) error {
	if err := e.prefetchCustomers(ctx, events); err != nil {
		return err
	}
	pending := make([]pgEvent, 0, len(events))
	for i, ev := range events {
		p := pgEvent{idx: i, ev: ev}
		var err error
		if p.cust, err = e.customer(ctx, ev.Customer); err != nil {
			return fmt.Errorf("store: insert event %q: %w", ev.ID, err)
		}
		pending = append(pending, p)
	}
	if err := e.prefetchConsents(ctx, pending); err != nil {
		return err
	}
	for i := range pending {
		p := &pending[i]
		if err := e.resolve(ctx, p); err != nil {
			return fmt.Errorf("store: insert event %q: %w", p.ev.ID, err)
		}
	}

	// Claim the ids: those already sent, or repeated within the batch, are duplicates.
	keys := make([]string, len(pending))
	for i, p := range pending {
		keys[i] = p.ev.ID
	}
	rows, err := e.tx.QueryContext(ctx, `INSERT INTO event_keys (brand_id, event_key) SELECT ?, k FROM unnest(?::text[]) AS k
		ON CONFLICT DO NOTHING RETURNING event_key`, e.brandID, keys)
	if err != nil {
		return fmt.Errorf("store: event keys: %w", err)
	}
	fresh := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return fmt.Errorf("store: event keys: %w", err)
		}
		fresh[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: event keys: %w", err)
	}

	cols := newColumns(19)
	for _, p := range pending {
		if !fresh[p.ev.ID] {
			results[p.idx] = InsertResult{Status: StatusDuplicate}
			continue
		}
		delete(fresh, p.ev.ID) // a second copy in the same batch is a duplicate
		ev := p.ev
		at := ev.OccurredAt.Unix()
		cols.add(e.brandID, ev.ID, p.cust, p.sys, p.pur, ev.Action, joinIDs(p.cats), at, ev.Outcome, ev.ModelVersion,
			ev.Actor, ev.Channel, ev.Decision, ev.HumanReview, ev.OnBehalfOf, p.violation, e.now, ev.Lang, encodeAct(ev.Act))
		e.count(p.cust, p.sys, p.pur, ev.Action, ev.ModelVersion, p.cats, at, p.violation)
		results[p.idx] = InsertResult{Status: StatusAccepted, Violation: p.violation, Unregistered: p.unregistered}
	}
	if cols.n > 0 {
		if err := cols.insert(ctx, e.tx, "usage_events", `brand_id, event_key, customer_id, system_id, purpose_id, action, category_ids,
			occurred_at, outcome, model_version, actor, channel, decision, human_review, on_behalf_of, consent_violation, ingested_at, lang, act`,
			[]string{"bigint", "text", "bigint", "bigint", "bigint", "text", "text", "bigint", "text", "text", "text", "text", "text",
				"boolean", "text", "boolean", "bigint", "text", "text"}, ""); err != nil {
			return fmt.Errorf("store: insert events: %w", err)
		}
	}
	return e.flushPostgres(ctx)
}

// resolve finds (or creates, unregistered) the event's system, purpose and categories and checks its consent.
func (e *eventInserter) resolve(ctx context.Context, p *pgEvent) error {
	sys, err := e.system(ctx, p.ev.System)
	if err != nil {
		return err
	}
	pur, err := e.purpose(ctx, p.ev.Purpose)
	if err != nil {
		return err
	}
	p.sys, p.pur = sys.id, pur.id
	p.unregistered = !sys.registered || !pur.registered
	seen := map[int64]bool{}
	for _, slug := range p.ev.DataCategories {
		id, err := e.category(ctx, slug)
		if err != nil {
			return err
		}
		if !seen[id] {
			seen[id] = true
			p.cats = append(p.cats, id)
		}
	}
	p.violation, err = e.violates(ctx, p.cust, pur, p.ev.OccurredAt.Unix())
	return err
}

// prefetchCustomers reads the ids of the batch's known customers in one query.
func (e *eventInserter) prefetchCustomers(ctx context.Context, events []EventInput) error {
	var ext []string
	for _, ev := range events {
		if _, ok := e.cache.customers[ev.Customer]; !ok {
			ext = append(ext, ev.Customer)
			e.cache.customers[ev.Customer] = 0 // asked below; 0 means "not found yet"
		}
	}
	for k, v := range e.cache.customers {
		if v == 0 {
			delete(e.cache.customers, k)
		}
	}
	if len(ext) == 0 {
		return nil
	}
	rows, err := e.tx.QueryContext(ctx, `SELECT external_id, id FROM customers WHERE brand_id = ? AND external_id = ANY(?::text[])`, e.brandID, ext)
	if err != nil {
		return fmt.Errorf("store: customers of the batch: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x string
		var id int64
		if err := rows.Scan(&x, &id); err != nil {
			return fmt.Errorf("store: customers of the batch: %w", err)
		}
		e.cache.customers[x] = id
	}
	return rows.Err()
}

// prefetchConsents reads, in one query, the consent histories of the batch's customers for every purpose, so
// that checking each event's consent asks nothing more of the server.
func (e *eventInserter) prefetchConsents(ctx context.Context, pending []pgEvent) error {
	seen := map[int64]bool{}
	var ids []int64
	for _, p := range pending {
		if !seen[p.cust] {
			seen[p.cust] = true
			ids = append(ids, p.cust)
		}
	}
	rows, err := e.tx.QueryContext(ctx, `SELECT customer_id, purpose_id, at, state FROM consent_history
		WHERE brand_id = ? AND customer_id = ANY(?::bigint[]) ORDER BY customer_id, purpose_id, at, id`, e.brandID, ids)
	if err != nil {
		return fmt.Errorf("store: consents of the batch: %w", err)
	}
	defer rows.Close()
	got := map[consentKey][]consentAt{}
	for rows.Next() {
		var k consentKey
		var c consentAt
		if err := rows.Scan(&k.cust, &k.pur, &c.at, &c.state); err != nil {
			return fmt.Errorf("store: consents of the batch: %w", err)
		}
		got[k] = append(got[k], c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: consents of the batch: %w", err)
	}
	e.prefetched = seen
	for k, h := range got {
		e.consents[k] = h
	}
	return nil
}

// flushPostgres writes the summed rollups, one upsert per table, rows in key order (as flush does, so that two
// servers' batches lock them in the same order), and moves the customers' revisions in one statement.
func (e *eventInserter) flushPostgres(ctx context.Context) error {
	b := e.brandID
	type table struct {
		name, cols, conflict, set string
		types                     []string
		c                         *columns
	}
	daily := newColumns(7)
	for _, k := range sortedKeys(e.daily, dailyLess) {
		daily.add(b, k.cust, k.day, k.sys, k.pur, k.action, e.daily[k])
	}
	monthly := newColumns(7)
	for _, k := range sortedKeys(e.monthly, dailyLess) {
		monthly.add(b, k.cust, k.day, k.sys, k.pur, k.action, e.monthly[k])
	}
	brand := newColumns(7)
	for _, k := range sortedKeys(e.brand, dailyLess) {
		v := e.brand[k]
		brand.add(b, k.day, k.sys, k.pur, k.action, v[0], v[1])
	}
	brandMonthly := newColumns(7)
	months := e.brandMonths()
	for _, k := range sortedKeys(months, dailyLess) {
		v := months[k]
		brandMonthly.add(b, k.day, k.sys, k.pur, k.action, v[0], v[1])
	}
	totals := newColumns(4)
	brandTotals := e.brandTotals()
	for _, k := range sortedKeys(brandTotals, useLess) {
		totals.add(b, k.sys, k.pur, brandTotals[k])
	}
	catDaily := newColumns(6)
	for _, k := range sortedKeys(e.catDaily, catLess) {
		catDaily.add(b, k.cust, k.day, k.sys, k.cat, e.catDaily[k])
	}
	catMonthly := newColumns(6)
	for _, k := range sortedKeys(e.catMonth, catLess) {
		catMonthly.add(b, k.cust, k.day, k.sys, k.cat, e.catMonth[k])
	}
	stats := newColumns(6)
	for _, k := range sortedKeys(e.stats, func(a, c sysKey) bool { return a.cust < c.cust || a.cust == c.cust && a.sys < c.sys }) {
		s := e.stats[k]
		stats.add(b, k.cust, k.sys, s.n, s.first, s.last)
	}
	trained := newColumns(7)
	for _, k := range sortedKeys(e.trained, func(a, c trainKey) bool {
		return a.cust < c.cust || a.cust == c.cust && (a.sys < c.sys || a.sys == c.sys && a.version < c.version)
	}) {
		s := e.trained[k]
		trained.add(b, k.cust, k.sys, k.version, s.n, s.first, s.last)
	}
	moves, err := e.reachMovesPostgres(ctx)
	if err != nil {
		return err
	}
	usage := []string{"bigint", "bigint", "bigint", "bigint", "bigint", "text", "bigint"}
	cats := []string{"bigint", "bigint", "bigint", "bigint", "bigint", "bigint"}
	for _, t := range []table{
		{"rollup_daily", "brand_id, customer_id, day, system_id, purpose_id, action, n", "brand_id, customer_id, day, system_id, purpose_id, action",
			"n = rollup_daily.n + excluded.n", usage, daily},
		{"rollup_monthly", "brand_id, customer_id, month, system_id, purpose_id, action, n", "brand_id, customer_id, month, system_id, purpose_id, action",
			"n = rollup_monthly.n + excluded.n", usage, monthly},
		{"rollup_brand_daily", "brand_id, day, system_id, purpose_id, action, n, violations", "brand_id, day, system_id, purpose_id, action",
			"n = rollup_brand_daily.n + excluded.n, violations = rollup_brand_daily.violations + excluded.violations",
			[]string{"bigint", "bigint", "bigint", "bigint", "text", "bigint", "bigint"}, brand},
		{"rollup_brand_monthly", "brand_id, month, system_id, purpose_id, action, n, violations", "brand_id, month, system_id, purpose_id, action",
			"n = rollup_brand_monthly.n + excluded.n, violations = rollup_brand_monthly.violations + excluded.violations",
			[]string{"bigint", "bigint", "bigint", "bigint", "text", "bigint", "bigint"}, brandMonthly},
		{"rollup_brand_totals", "brand_id, system_id, purpose_id, n", "brand_id, system_id, purpose_id",
			"n = rollup_brand_totals.n + excluded.n", []string{"bigint", "bigint", "bigint", "bigint"}, totals},
		{"rollup_category_daily", "brand_id, customer_id, day, system_id, category_id, n", "brand_id, customer_id, day, system_id, category_id",
			"n = rollup_category_daily.n + excluded.n", cats, catDaily},
		{"rollup_category_monthly", "brand_id, customer_id, month, system_id, category_id, n", "brand_id, customer_id, month, system_id, category_id",
			"n = rollup_category_monthly.n + excluded.n", cats, catMonthly},
		{"customer_system_stats", "brand_id, customer_id, system_id, n, first_at, last_at", "brand_id, customer_id, system_id",
			"n = customer_system_stats.n + excluded.n, first_at = LEAST(customer_system_stats.first_at, excluded.first_at), " +
				"last_at = GREATEST(customer_system_stats.last_at, excluded.last_at)", cats, stats},
		{"customer_training", "brand_id, customer_id, system_id, model_version, n, first_at, last_at", "brand_id, customer_id, system_id, model_version",
			"n = customer_training.n + excluded.n, first_at = LEAST(customer_training.first_at, excluded.first_at), " +
				"last_at = GREATEST(customer_training.last_at, excluded.last_at)",
			[]string{"bigint", "bigint", "bigint", "text", "bigint", "bigint", "bigint"}, trained},
	} {
		if t.c.n == 0 {
			continue
		}
		if err := t.c.insert(ctx, e.tx, t.name, t.cols, t.types, ` ON CONFLICT (`+t.conflict+`) DO UPDATE SET `+t.set); err != nil {
			return fmt.Errorf("store: %s: %w", t.name, err)
		}
	}
	if err := writeReach(ctx, e.tx, b, moves); err != nil {
		return err
	}
	// The customers' revisions and first-seen times (see flush).
	current := monthOf(dayOf(e.now))
	first := map[int64]int64{}
	late := map[int64]int64{}
	for k, s := range e.stats {
		if f, ok := first[k.cust]; !ok || s.first < f {
			first[k.cust] = s.first
		}
	}
	for k := range e.monthly {
		if k.day < current {
			late[k.cust] = 1
		}
	}
	revs := newColumns(3)
	for _, cust := range sortedKeys(first, func(a, c int64) bool { return a < c }) {
		revs.add(cust, late[cust], first[cust])
	}
	if revs.n > 0 {
		if _, err := e.tx.ExecContext(ctx, `UPDATE customers c SET data_rev = c.data_rev + 1, past_rev = c.past_rev + u.late,
			created_at = LEAST(c.created_at, u.first) FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS u(id, late, first)
			WHERE c.brand_id = ? AND c.id = u.id`, revs.cols[0], revs.cols[1], revs.cols[2], b); err != nil {
			return fmt.Errorf("store: customer revisions: %w", err)
		}
	}
	return e.noteLateMonths(ctx, current)
}

// columns gathers rows column by column, as arrays for unnest.
type columns struct {
	cols []any
	n    int
}

func newColumns(width int) *columns {
	return &columns{cols: make([]any, width)}
}

// add appends a row; each value's type fixes its column's array type.
func (c *columns) add(vals ...any) {
	for i, v := range vals {
		switch x := v.(type) {
		case int64:
			a, _ := c.cols[i].([]int64)
			c.cols[i] = append(a, x)
		case int:
			a, _ := c.cols[i].([]int64)
			c.cols[i] = append(a, int64(x))
		case string:
			a, _ := c.cols[i].([]string)
			c.cols[i] = append(a, x)
		case bool:
			a, _ := c.cols[i].([]bool)
			c.cols[i] = append(a, x)
		case *string: // a text that may be NULL
			a, _ := c.cols[i].([]*string)
			c.cols[i] = append(a, x)
		default:
			panic(fmt.Sprintf("store: column of %T", v))
		}
	}
	c.n++
}

// insert writes the gathered rows into table with one INSERT … SELECT FROM unnest(…), and what follows (an
// ON CONFLICT clause).
func (c *columns) insert(ctx context.Context, tx *txn, table, cols string, types []string, rest string) error {
	params := make([]string, len(types))
	for i, t := range types {
		params[i] = "?::" + t + "[]"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) SELECT * FROM unnest(`+strings.Join(params, ", ")+`)`+rest, c.cols...)
	return err
}

// reachMovesPostgres reads the last use before the batch of each customer-system pair of the batch and returns
// the moves of the brand's reach (reach.go). Servers ingesting side by side could both read a pair before either
// writes it and count its move twice, so the batch first takes a lock per customer (in id order, so that two
// batches cannot wait on each other), which another batch for the same customers waits on until this one commits.
func (e *eventInserter) reachMovesPostgres(ctx context.Context) (map[reachKey]int, error) {
	if len(e.stats) == 0 {
		return nil, nil
	}
	keys := sortedKeys(e.stats, sysLess)
	custs, systems := make([]int64, len(keys)), make([]int64, len(keys))
	for i, k := range keys {
		custs[i], systems[i] = k.cust, k.sys
	}
	if _, err := e.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(2, (u.id % 2147483648)::int)
		FROM (SELECT DISTINCT id FROM unnest(?::bigint[]) AS x(id) ORDER BY id) AS u`, custs); err != nil {
		return nil, fmt.Errorf("store: lock the batch's customers: %w", err)
	}
	rows, err := e.tx.QueryContext(ctx, `SELECT s.customer_id, s.system_id, s.last_at FROM unnest(?::bigint[], ?::bigint[]) AS u(c, y)
		JOIN customer_system_stats s ON s.brand_id = ? AND s.customer_id = u.c AND s.system_id = u.y`, custs, systems, e.brandID)
	if err != nil {
		return nil, fmt.Errorf("store: last use of the batch's systems: %w", err)
	}
	defer rows.Close()
	before := map[sysKey]int64{}
	for rows.Next() {
		var k sysKey
		var last int64
		if err := rows.Scan(&k.cust, &k.sys, &last); err != nil {
			return nil, fmt.Errorf("store: last use of the batch's systems: %w", err)
		}
		before[k] = last
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: last use of the batch's systems: %w", err)
	}
	return reachMoves(e.stats, before), nil
}
