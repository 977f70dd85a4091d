package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SystemUsage is how one system used one customer's data over a window, from the rollups.
type SystemUsage struct {
	SystemID int64
	Count    int
	Trained  int            // uses that were training
	Purposes map[int64]int  // uses by purpose id
	Actions  map[string]int // uses by action
	LastAt   time.Time      // last use ever (all-time stats)
	FirstAt  time.Time      // first use ever
}

// Pages read a customer's window of usage from the monthly rollups for whole UTC months and from the daily ones
// only for the days before the first whole month (none for the pages' windows, which start on the 1st): a year
// costs at most 12 rows per system, purpose and action however many events the customer has.
const usageRows = `(SELECT system_id, purpose_id, action, n, month AS day FROM rollup_monthly WHERE brand_id = ? AND customer_id = ? AND month >= ?
	UNION ALL SELECT system_id, purpose_id, action, n, day FROM rollup_daily WHERE brand_id = ? AND customer_id = ? AND day >= ? AND day < ?) AS usage_rows`

const categoryRows = `(SELECT system_id, category_id, n, month AS day FROM rollup_category_monthly WHERE brand_id = ? AND customer_id = ? AND month >= ?
	UNION ALL SELECT system_id, category_id, n, day FROM rollup_category_daily WHERE brand_id = ? AND customer_id = ? AND day >= ? AND day < ?) AS category_rows`

// windowArgs are the arguments of usageRows and categoryRows. Every read of a customer's rows names their brand
// too: the tables are keyed (and, on a distributed database, placed) by brand first.
func windowArgs(brandID, customerID int64, since time.Time) []any {
	d0, m1 := monthSplit(since)
	return []any{brandID, customerID, m1, brandID, customerID, d0, m1}
}

// UsageBySystem returns, for each system that used the customer's data since since, its counts by purpose and action,
// most used first, from the rollups (see usageRows) and the all-time first and last use.
func (db *DB) UsageBySystem(ctx context.Context, brandID, customerID int64, since time.Time) ([]SystemUsage, error) {
	// Sum first, then join the few resulting rows to the all-time stats: joining before the GROUP BY looked the
	// stats up once per rollup row, 585 times for a customer with 100,000 events.
	rows, err := db.query(ctx, `SELECT r.system_id, r.purpose_id, r.action, r.n, s.first_at, s.last_at
		FROM (SELECT system_id, purpose_id, action, sum(n) AS n FROM `+usageRows+` GROUP BY system_id, purpose_id, action) r
		JOIN customer_system_stats s ON s.brand_id = ? AND s.customer_id = ? AND s.system_id = r.system_id`,
		append(windowArgs(brandID, customerID, since), brandID, customerID)...)
	if err != nil {
		return nil, fmt.Errorf("store: usage by system: %w", err)
	}
	defer rows.Close()
	bySys := map[int64]*SystemUsage{}
	var order []*SystemUsage
	for rows.Next() {
		var sysID, purID, first, last int64
		var action string
		var n int
		if err := rows.Scan(&sysID, &purID, &action, &n, &first, &last); err != nil {
			return nil, fmt.Errorf("store: scan usage by system: %w", err)
		}
		u := bySys[sysID]
		if u == nil {
			u = &SystemUsage{SystemID: sysID, Purposes: map[int64]int{}, Actions: map[string]int{},
				FirstAt: time.Unix(first, 0).UTC(), LastAt: time.Unix(last, 0).UTC()}
			bySys[sysID] = u
			order = append(order, u)
		}
		u.Count += n
		u.Purposes[purID] += n
		u.Actions[action] += n
		if action == ActionTraining {
			u.Trained += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: usage by system: %w", err)
	}
	out := make([]SystemUsage, len(order))
	for i, u := range order {
		out[i] = *u
	}
	sortUsage(out)
	return out, nil
}

func sortUsage(u []SystemUsage) {
	for i := 1; i < len(u); i++ {
		for j := i; j > 0 && (u[j].Count > u[j-1].Count || (u[j].Count == u[j-1].Count && u[j].SystemID < u[j-1].SystemID)); j-- {
			u[j], u[j-1] = u[j-1], u[j]
		}
	}
}

// MonthCount is a number of uses by one system in one calendar month (UTC).
type MonthCount struct {
	Month    time.Time
	SystemID int64
	N        int
}

// UsageByMonth returns uses per month and system since since, oldest month first; systemID 0 means every system.
// Rows are grouped by rollup day in SQL and by month here: monthly rollup rows already sit on the 1st, and
// formatting every row's day as a month in SQL (strftime) cost more than the rest of the query.
func (db *DB) UsageByMonth(ctx context.Context, brandID, customerID int64, since time.Time, systemID int64) ([]MonthCount, error) {
	q := `SELECT day, system_id, sum(n) FROM ` + usageRows + ` WHERE TRUE`
	args := windowArgs(brandID, customerID, since)
	if systemID != 0 {
		q += ` AND system_id = ?`
		args = append(args, systemID)
	}
	q += ` GROUP BY day, system_id`
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: usage by month: %w", err)
	}
	defer rows.Close()
	w := newWindowSums()
	for rows.Next() {
		var day, sys int64
		var n int
		if err := rows.Scan(&day, &sys, &n); err != nil {
			return nil, fmt.Errorf("store: scan usage by month: %w", err)
		}
		w.months[monthSys{monthOf(day), sys}] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: usage by month: %w", err)
	}
	return w.byMonth(0), nil // the query already kept only systemID's rows
}

// IDCount is a number of uses for one id (a category, a purpose).
type IDCount struct {
	ID int64
	N  int
}

// UsageByCategory returns uses per data category since since, most used first; systemID 0 means every system.
func (db *DB) UsageByCategory(ctx context.Context, brandID, customerID int64, since time.Time, systemID int64) ([]IDCount, error) {
	q := `SELECT category_id, sum(n) AS total FROM ` + categoryRows + ` WHERE TRUE`
	args := windowArgs(brandID, customerID, since)
	if systemID != 0 {
		q += ` AND system_id = ?`
		args = append(args, systemID)
	}
	q += ` GROUP BY category_id ORDER BY total DESC, category_id`
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: usage by category: %w", err)
	}
	defer rows.Close()
	var out []IDCount
	for rows.Next() {
		var c IDCount
		if err := rows.Scan(&c.ID, &c.N); err != nil {
			return nil, fmt.Errorf("store: scan usage by category: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TrainingRecord says that a model version of a system learned from a customer's data, and when.
type TrainingRecord struct {
	SystemID     int64
	ModelVersion string
	N            int
	FirstAt      time.Time
	LastAt       time.Time
}

// TrainedOn lists the model versions that learned from the customer's data; systemID 0 means every system.
func (db *DB) TrainedOn(ctx context.Context, brandID, customerID, systemID int64) ([]TrainingRecord, error) {
	q := `SELECT system_id, model_version, n, first_at, last_at FROM customer_training WHERE brand_id = ? AND customer_id = ?`
	args := []any{brandID, customerID}
	if systemID != 0 {
		q += ` AND system_id = ?`
		args = append(args, systemID)
	}
	q += ` ORDER BY last_at DESC`
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: trained on: %w", err)
	}
	defer rows.Close()
	var out []TrainingRecord
	for rows.Next() {
		var t TrainingRecord
		var first, last int64
		if err := rows.Scan(&t.SystemID, &t.ModelVersion, &t.N, &first, &last); err != nil {
			return nil, fmt.Errorf("store: scan trained on: %w", err)
		}
		t.FirstAt, t.LastAt = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// EventFilter narrows a customer's event list. Zero fields do not filter.
type EventFilter struct {
	SystemID  int64
	PurposeID int64
	Action    string
	From      time.Time // inclusive
	To        time.Time // exclusive
}

// Cursor is a keyset position in a newest-first event list: the list resumes strictly after this event.
type Cursor struct {
	At int64
	ID int64
}

// IsZero reports whether the cursor points at the start of the list.
func (c Cursor) IsZero() bool { return c.At == 0 && c.ID == 0 }

// EventPage is one page of events, newest first, with the cursors of the pages around it when there are some:
// Next, of older events (resume after it), and Prev, of newer ones (resume before it, with EventsNewer).
type EventPage struct {
	Events []Event
	Next   *Cursor
	Prev   *Cursor
}

// Events returns up to limit of the customer's events, newest first, after the cursor.
// Keyset pagination on (occurred_at, id) keeps every page as cheap as the first, however deep.
func (db *DB) Events(ctx context.Context, customerID int64, f EventFilter, after Cursor, limit int) (EventPage, error) {
	return db.events(ctx, eventCols, scanEvent, 0, customerID, f, after, limit)
}

// ExportEvents is Events with no filter for a customer's exports, which read every event of a history, up to
// a hundred thousand and more: it reads only the columns an export writes or tells (exportCols), each
// row's cost being mostly the number of its columns. Its events leave Channel, IngestedAt and Lang empty.
func (db *DB) ExportEvents(ctx context.Context, customerID int64, after Cursor, limit int) (EventPage, error) {
	page, err := db.events(ctx, exportCols, scanExportEvent, limit+1, customerID, EventFilter{}, after, limit)
	for i := range page.Events {
		page.Events[i].CustomerID = customerID
	}
	return page, err
}

// events is Events reading cols with scan, into a page made for room events (see eventRows).
func (db *DB) events(ctx context.Context, cols string, scan func(scanner) (Event, error), room int, customerID int64, f EventFilter, after Cursor, limit int) (EventPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	q, args := eventsQuery(cols, customerID, f, after, limit)
	page, err := db.eventRows(ctx, q, args, scan, room)
	if err != nil {
		return EventPage{}, err
	}
	if len(page.Events) > limit {
		page.Events = page.Events[:limit]
		last := page.Events[limit-1]
		page.Next = &Cursor{At: last.OccurredAt.Unix(), ID: last.ID}
	}
	if !after.IsZero() && len(page.Events) > 0 {
		first := page.Events[0]
		page.Prev = &Cursor{At: first.OccurredAt.Unix(), ID: first.ID}
	}
	return page, nil
}

// eventsQuery is the query of a page of events and its arguments: limit+1 of them, to tell whether there is
// a next page.
func eventsQuery(cols string, customerID int64, f EventFilter, after Cursor, limit int) (string, []any) {
	where, args := eventWhere(customerID, f)
	if !after.IsZero() {
		where = append(where, keysetOlder("occurred_at", "id"))
		args = append(args, after.At, after.At, after.ID)
	}
	args = append(args, limit+1)
	return `SELECT ` + cols + ` FROM usage_events WHERE ` + strings.Join(where, " AND ") + ` ORDER BY occurred_at DESC, id DESC LIMIT ?`, args
}

// keysetOlder is the condition of a newest-first page after a cursor on (at, id), taking the cursor's time, time
// and id: rows older than it. The bound "at <= ?" is what lets the planner start the index range at the cursor:
// from the OR alone SQLite cannot tell that both times are the same value, so it read the index from the top and
// filtered, each page costing as much as all the pages before it (a 100,000-event export took seconds in this
// query alone). Every keyset page of the store uses it.
func keysetOlder(at, id string) string {
	return at + " <= ? AND (" + at + " < ? OR " + id + " < ?)"
}

// keysetNewer is keysetOlder the other way: rows newer than the cursor, for the page before it.
func keysetNewer(at, id string) string {
	return at + " >= ? AND (" + at + " > ? OR " + id + " > ?)"
}

// EventsNewer returns the limit events that come just before the cursor in a newest-first list (the newer
// page), newest first: the way back from an older page without going back to the top.
func (db *DB) EventsNewer(ctx context.Context, customerID int64, f EventFilter, before Cursor, limit int) (EventPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	where, args := eventWhere(customerID, f)
	where = append(where, keysetNewer("occurred_at", "id"))
	args = append(args, before.At, before.At, before.ID, limit+1)
	q := `SELECT ` + eventCols + ` FROM usage_events WHERE ` + strings.Join(where, " AND ") + ` ORDER BY occurred_at, id LIMIT ?`
	page, err := db.eventRows(ctx, q, args, scanEvent, 0)
	if err != nil {
		return EventPage{}, err
	}
	more := len(page.Events) > limit
	if more {
		page.Events = page.Events[:limit]
	}
	slices.Reverse(page.Events)
	if len(page.Events) > 0 {
		last := page.Events[len(page.Events)-1]
		page.Next = &Cursor{At: last.OccurredAt.Unix(), ID: last.ID} // the cursor's own event is older
		if more {
			first := page.Events[0]
			page.Prev = &Cursor{At: first.OccurredAt.Unix(), ID: first.ID}
		}
	}
	return page, nil
}

// eventWhere is the WHERE of a customer's event list narrowed by f.
func eventWhere(customerID int64, f EventFilter) ([]string, []any) {
	var where []string
	args := []any{customerID}
	where = append(where, "customer_id = ?")
	if f.SystemID != 0 {
		where = append(where, "system_id = ?")
		args = append(args, f.SystemID)
	}
	if f.PurposeID != 0 {
		where = append(where, "purpose_id = ?")
		args = append(args, f.PurposeID)
	}
	if f.Action != "" {
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	if !f.From.IsZero() {
		where = append(where, "occurred_at >= ?")
		args = append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		where = append(where, "occurred_at < ?")
		args = append(args, f.To.Unix())
	}
	return where, args
}

// eventRows runs an event list query, each row read by scan, into a page made for room events. Grown by
// appending, an export's page of 500 allocates twice its size in copies, so the exports make room for their
// whole page; the pages of the customer pages, whose first pages are memoised, keep to the size they need.
func (db *DB) eventRows(ctx context.Context, q string, args []any, scan func(scanner) (Event, error), room int) (EventPage, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return EventPage{}, fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	var page EventPage
	if room > 0 {
		page.Events = make([]Event, 0, room)
	}
	for rows.Next() {
		ev, err := scan(rows)
		if err != nil {
			return EventPage{}, fmt.Errorf("store: scan event: %w", err)
		}
		page.Events = append(page.Events, ev)
	}
	if err := rows.Err(); err != nil {
		return EventPage{}, fmt.Errorf("store: events: %w", err)
	}
	return page, nil
}

const eventCols = `id, event_key, customer_id, system_id, purpose_id, action, category_ids, occurred_at, outcome, model_version,
	actor, channel, decision, human_review, on_behalf_of, consent_violation, ingested_at, lang, act`

// scanner is a row to read: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

func scanEvent(row scanner) (Event, error) {
	var e Event
	var cats string
	var at, ingested int64
	var act *string
	err := row.Scan(&e.ID, &e.Key, &e.CustomerID, &e.SystemID, &e.PurposeID, &e.Action, &cats, &at, &e.Outcome, &e.ModelVersion,
		&e.Actor, &e.Channel, &e.Decision, &e.HumanReview, &e.OnBehalfOf, &e.Violation, &ingested, &e.Lang, &act)
	e.Act = decodeAct(act)
	e.CategoryIDs = splitIDs(cats)
	e.OccurredAt, e.IngestedAt = time.Unix(at, 0).UTC(), time.Unix(ingested, 0).UTC()
	return e, err
}

// exportCols are eventCols but for the customer (the export's own), the channel, the time of ingestion and
// the language of the brand's texts, which no export writes.
const exportCols = `id, event_key, system_id, purpose_id, action, category_ids, occurred_at, outcome, model_version, actor,
	decision, human_review, on_behalf_of, consent_violation, act`

func scanExportEvent(row scanner) (Event, error) {
	var e Event
	var cats string
	var at int64
	var act *string
	err := row.Scan(&e.ID, &e.Key, &e.SystemID, &e.PurposeID, &e.Action, &cats, &at, &e.Outcome, &e.ModelVersion,
		&e.Actor, &e.Decision, &e.HumanReview, &e.OnBehalfOf, &e.Violation, &act)
	e.Act = decodeAct(act)
	e.CategoryIDs = splitIDs(cats)
	e.OccurredAt = time.Unix(at, 0).UTC()
	return e, err
}

// CategoriesBySystem returns, for each system, the data categories it used since since, most used first.
// One query serves every card of the overview.
func (db *DB) CategoriesBySystem(ctx context.Context, brandID, customerID int64, since time.Time) (map[int64][]IDCount, error) {
	rows, err := db.query(ctx, `SELECT system_id, category_id, sum(n) AS total FROM `+categoryRows+`
		GROUP BY system_id, category_id ORDER BY system_id, total DESC, category_id`, windowArgs(brandID, customerID, since)...)
	if err != nil {
		return nil, fmt.Errorf("store: categories by system: %w", err)
	}
	defer rows.Close()
	out := map[int64][]IDCount{}
	for rows.Next() {
		var sys int64
		var c IDCount
		if err := rows.Scan(&sys, &c.ID, &c.N); err != nil {
			return nil, fmt.Errorf("store: scan categories by system: %w", err)
		}
		out[sys] = append(out[sys], c)
	}
	return out, rows.Err()
}
