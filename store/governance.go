package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Registry change kinds.
const (
	ChangeCreated  = "created"
	ChangeUpdated  = "updated"
	ChangeRetired  = "retired"
	ChangeRestored = "restored"
)

// RegistryChange is one dated change to a brand's registry, with the record before and after.
type RegistryChange struct {
	ID       int64
	BrandID  int64
	At       time.Time
	Actor    string
	Entity   string // system | purpose | category | model_version | brand
	EntityID int64
	Slug     string
	Change   string
	Before   string // JSON, empty when created
	After    string // JSON
	// ProposedBy names who proposed the change when someone else (Actor) approved it; empty for a direct save.
	ProposedBy string
}

// ErrSlugTaken is returned when a new registry entry would take a slug already in use.
var ErrSlugTaken = errors.New("store: slug already in use")

// ErrInUse is returned when an entry that events refer to would be deleted; it can be retired instead.
var ErrInUse = errors.New("store: in use by events")

// RegistryChangeData is what the feed and webhooks say of a change to the brand's registry.
type RegistryChangeData struct {
	Entity string `json:"entity"` // system, purpose, category, model_version or brand
	Slug   string `json:"slug"`
	Change string `json:"change"` // created, updated, retired or restored
	Actor  string `json:"actor"`
	At     string `json:"at"`
}

// recordChange keeps one registry change in the brand's change log and its change feed.
func recordChange(ctx context.Context, tx querier, c RegistryChange) error {
	if c.Before == c.After {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO registry_changes (brand_id, at, actor, entity, entity_id, slug, change, before, after, proposed_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.BrandID, c.At.Unix(), c.Actor, c.Entity, c.EntityID, c.Slug, c.Change, c.Before, c.After, c.ProposedBy)
	if err != nil {
		return fmt.Errorf("store: record registry change: %w", err)
	}
	if err := appendChange(ctx, tx, c.BrandID, ChangeRegistry, 0, RegistryChangeData{Entity: c.Entity, Slug: c.Slug, Change: c.Change,
		Actor: c.Actor, At: c.At.UTC().Format(time.RFC3339)}, c.At); err != nil {
		return err
	}
	return bumpRegistry(ctx, tx, c.BrandID)
}

// newChange is the record of one save: "created" when the entry was not registered before (new, or only seen
// in events), "updated" otherwise, with the record before (nil: none) and after.
func newChange(entity string, brandID, id int64, slug, actor string, now time.Time, wasRegistered bool, before, after any) RegistryChange {
	ch := RegistryChange{BrandID: brandID, At: now, Actor: actor, Entity: entity, EntityID: id, Slug: slug, Change: ChangeCreated, After: toJSON(after)}
	if wasRegistered {
		ch.Change = ChangeUpdated
	}
	if before != nil {
		ch.Before = toJSON(before)
	}
	return ch
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// SaveSystemAs creates or updates a system as actor, recording the change with the record before and after.
// create refuses a slug already registered instead of overwriting it; an entry only seen in events (unregistered)
// may be created, which describes it.
func (db *DB) SaveSystemAs(ctx context.Context, actor string, s AISystem, create bool, now time.Time) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		id, err = saveSystemAs(ctx, tx, changeBy{actor: actor}, s, create, now)
		return err
	})
	return id, err
}

// changeBy is who makes a registry change: the actor who saves or approves it and, for an approved proposal,
// the colleague who proposed it.
type changeBy struct {
	actor, proposedBy string
}

// saveSystemAs is SaveSystemAs in the caller's transaction.
func saveSystemAs(ctx context.Context, tx *txn, by changeBy, s AISystem, create bool, now time.Time) (int64, error) {
	reg, err := loadRegistry(ctx, tx, s.BrandID)
	if err != nil {
		return 0, err
	}
	before := reg.SystemBySlug[s.Slug]
	if create && before != nil && before.Registered {
		return 0, ErrSlugTaken
	}
	if !create && before == nil {
		return 0, ErrNotFound
	}
	s.Registered = true
	if s.RiskLevel == "" {
		s.RiskLevel = "minimal"
	}
	if s.Status == "" {
		s.Status = "active"
	}
	id, err := saveSystem(ctx, tx, s, now)
	if err != nil {
		return 0, err
	}
	s.ID = id
	var prev any
	registered := before != nil && before.Registered
	if before != nil {
		prev = before
	}
	ch := newChange("system", s.BrandID, id, s.Slug, by.actor, now, registered, prev, s)
	ch.ProposedBy = by.proposedBy
	if registered && before.Status == "active" && s.Status == "retired" {
		ch.Change = ChangeRetired
	} else if registered && before.Status == "retired" && s.Status == "active" {
		ch.Change = ChangeRestored
	}
	return id, recordChange(ctx, tx, ch)
}

// SavePurposeAs creates or updates a purpose as actor, recording the change.
func (db *DB) SavePurposeAs(ctx context.Context, actor string, p Purpose, create bool, now time.Time) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		id, err = savePurposeAs(ctx, tx, changeBy{actor: actor}, p, create, now)
		return err
	})
	return id, err
}

// savePurposeAs is SavePurposeAs in the caller's transaction.
func savePurposeAs(ctx context.Context, tx *txn, by changeBy, p Purpose, create bool, now time.Time) (int64, error) {
	reg, err := loadRegistry(ctx, tx, p.BrandID)
	if err != nil {
		return 0, err
	}
	before := reg.PurposeBySlug[p.Slug]
	if create && before != nil && before.Registered {
		return 0, ErrSlugTaken
	}
	if !create && before == nil {
		return 0, ErrNotFound
	}
	p.Registered = true
	id, err := savePurpose(ctx, tx, p, now)
	if err != nil {
		return 0, err
	}
	p.ID = id
	var prev any
	if before != nil {
		prev = before
	}
	ch := newChange("purpose", p.BrandID, id, p.Slug, by.actor, now, before != nil && before.Registered, prev, p)
	ch.ProposedBy = by.proposedBy
	return id, recordChange(ctx, tx, ch)
}

// SaveCategoryAs creates or updates a data category as actor, recording the change.
func (db *DB) SaveCategoryAs(ctx context.Context, actor string, d DataCategory, create bool, now time.Time) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		id, err = saveCategoryAs(ctx, tx, changeBy{actor: actor}, d, create, now)
		return err
	})
	return id, err
}

// saveCategoryAs is SaveCategoryAs in the caller's transaction.
func saveCategoryAs(ctx context.Context, tx *txn, by changeBy, d DataCategory, create bool, now time.Time) (int64, error) {
	reg, err := loadRegistry(ctx, tx, d.BrandID)
	if err != nil {
		return 0, err
	}
	before := reg.CategoryBySlug[d.Slug]
	if create && before != nil && before.Registered {
		return 0, ErrSlugTaken
	}
	if !create && before == nil {
		return 0, ErrNotFound
	}
	d.Registered = true
	id, err := saveCategory(ctx, tx, d, now)
	if err != nil {
		return 0, err
	}
	d.ID = id
	var prev any
	if before != nil {
		prev = before
	}
	ch := newChange("category", d.BrandID, id, d.Slug, by.actor, now, before != nil && before.Registered, prev, d)
	ch.ProposedBy = by.proposedBy
	return id, recordChange(ctx, tx, ch)
}

// SaveModelVersionAs records a training run of an in-house system as actor.
func (db *DB) SaveModelVersionAs(ctx context.Context, actor string, brandID int64, slug string, m ModelVersion, now time.Time) error {
	if err := db.SaveModelVersion(ctx, m); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *txn) error {
		return recordChange(ctx, tx, RegistryChange{BrandID: brandID, At: now, Actor: actor, Entity: "model_version", EntityID: m.SystemID,
			Slug: slug, Change: ChangeCreated, After: toJSON(m)})
	})
}

// RegistryChanges returns the brand's registry changes made at or after since, newest first, up to limit.
// Changes recent enough come from the cached registry.
func (db *DB) RegistryChanges(ctx context.Context, brandID int64, since time.Time, limit int) ([]RegistryChange, error) {
	reg, err := db.Registry(ctx, brandID)
	if err != nil {
		return nil, err
	}
	if out, ok := reg.ChangesSince(since, limit); ok {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT `+changeCols+` FROM registry_changes
		WHERE brand_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?`, brandID, since.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: registry changes: %w", err)
	}
	return scanChanges(rows)
}

const changeCols = `id, brand_id, at, actor, entity, entity_id, slug, change, before, after, proposed_by`

// scanChanges reads rows of changeCols and closes them.
func scanChanges(rows *sql.Rows) ([]RegistryChange, error) {
	defer rows.Close()
	var out []RegistryChange
	for rows.Next() {
		var c RegistryChange
		var at int64
		if err := rows.Scan(&c.ID, &c.BrandID, &at, &c.Actor, &c.Entity, &c.EntityID, &c.Slug, &c.Change, &c.Before, &c.After, &c.ProposedBy); err != nil {
			return nil, fmt.Errorf("store: scan registry change: %w", err)
		}
		c.At = time.Unix(at, 0).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: registry changes: %w", err)
	}
	return out, nil
}

// VisitGap is how long pages opened one after another count as one visit: within it, TouchVisit keeps the visit's
// start and does not write.
const VisitGap = 30 * time.Minute

// TouchVisit records that the customer opened their overview and returns when they did so before (nil: never).
// Overviews opened within VisitGap of the recorded visit belong to it: they get the same answer and write nothing.
// The first view of a visit does not wait for the writer either: the new visit time is handed to the visit
// recorder (visits.go), which writes it in the background, so a page view never queues behind an ingest batch
// on the single writer (issue 9: reads stay fast while events stream in).
func (db *DB) TouchVisit(ctx context.Context, customerID int64, now time.Time) (*time.Time, error) {
	var prev sql.NullInt64
	if err := db.queryRow(ctx, `SELECT last_visit_at FROM customers WHERE id = ?`, customerID).Scan(&prev); err != nil {
		return nil, fmt.Errorf("store: last visit: %w", err)
	}
	var last *time.Time
	if prev.Valid {
		t := time.Unix(prev.Int64, 0).UTC()
		last = &t
	}
	return db.TouchVisitAt(customerID, last, now), nil
}

// TouchVisitAt is TouchVisit for a last visit time the caller has just read (with the session, say).
func (db *DB) TouchVisitAt(customerID int64, last *time.Time, now time.Time) *time.Time {
	db.visitMu.Lock()
	pending, ok := db.visitPending[customerID]
	db.visitMu.Unlock()
	if ok && (last == nil || pending > last.Unix()) { // the last visit is still on its way to the database
		t := time.Unix(pending, 0).UTC()
		last = &t
	}
	if last != nil && now.Unix() >= last.Unix() && now.Unix()-last.Unix() < int64(VisitGap/time.Second) {
		// Within the current visit: the answer is "since this visit began", so a reload does not repeat what the
		// visit's first view told (a registry change made during the visit is told on each later view of it).
		return last
	}
	db.recordVisit(customerID, now.Unix())
	return last
}

// BrandMonthCount is a brand-wide number of uses (and violations) in a month for one system or purpose.
type BrandMonthCount struct {
	Month      time.Time
	ID         int64 // system or purpose id
	N          int
	Violations int
}

// BrandUsageByMonth returns the brand's uses per month by system (by "system") or purpose (by "purpose"), from
// the brand rollups: whole months from the monthly one, the days of since's month before it from the daily one (none
// when since is the first of a month, as pages ask), so a year is a dozen rows per system, purpose and action.
func (db *DB) BrandUsageByMonth(ctx context.Context, brandID int64, since time.Time, by string) ([]BrandMonthCount, error) {
	col := "system_id"
	if by == "purpose" {
		col = "purpose_id"
	}
	// Grouped by day (or month) in SQL and by month here: date functions are one of the things the two engines spell
	// apart.
	d0, m1 := monthSplit(since)
	q := `SELECT month, ` + col + `, sum(n), sum(violations) FROM rollup_brand_monthly
		WHERE brand_id = ? AND month >= ? GROUP BY month, ` + col + `
		UNION ALL SELECT day, ` + col + `, sum(n), sum(violations) FROM rollup_brand_daily
		WHERE brand_id = ? AND day >= ? AND day < ? GROUP BY day, ` + col
	args := []any{brandID, m1, brandID, d0, m1}
	if m0 := monthOf(d0); d0 != m1 && d0-m0 < m1-d0 {
		// The window starts early in its first month: that month's part is its monthly row less the few days
		// before since, fewer daily rows than the days after it (a brand using every system and purpose every
		// day has ~50 rows a day: 1,400 rows for a window starting on the 3rd, 100 this way).
		q = `SELECT month, ` + col + `, sum(n), sum(violations) FROM rollup_brand_monthly
		WHERE brand_id = ? AND month >= ? GROUP BY month, ` + col + `
		UNION ALL SELECT day, ` + col + `, -sum(n), -sum(violations) FROM rollup_brand_daily
		WHERE brand_id = ? AND day >= ? AND day < ? GROUP BY day, ` + col
		args = []any{brandID, m0, brandID, m0, d0}
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: brand usage by month: %w", err)
	}
	defer rows.Close()
	type key struct{ month, id int64 }
	sums := map[key]*BrandMonthCount{}
	for rows.Next() {
		var day, id int64
		var n, v int
		if err := rows.Scan(&day, &id, &n, &v); err != nil {
			return nil, fmt.Errorf("store: scan brand usage: %w", err)
		}
		k := key{monthOf(day), id}
		c := sums[k]
		if c == nil {
			c = &BrandMonthCount{Month: DayStart(k.month), ID: id}
			sums[k] = c
		}
		c.N += n
		c.Violations += v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: brand usage by month: %w", err)
	}
	out := make([]BrandMonthCount, 0, len(sums))
	for _, c := range sums {
		if c.N != 0 || c.Violations != 0 { // a first month's pair used only before since
			out = append(out, *c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Month.Equal(out[j].Month) {
			return out[i].Month.Before(out[j].Month)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// ViolationEvents lists a brand's events flagged as consent violations, newest first, with keyset paging.
func (db *DB) ViolationEvents(ctx context.Context, brandID int64, after Cursor, limit int) (EventPage, error) {
	q := `SELECT ` + eventCols + ` FROM usage_events WHERE brand_id = ? AND consent_violation = ` + db.d.yes()
	args := []any{brandID}
	if !after.IsZero() {
		q += ` AND ` + keysetOlder("occurred_at", "id")
		args = append(args, after.At, after.At, after.ID)
	}
	args = append(args, limit+1)
	rows, err := db.query(ctx, q+` ORDER BY occurred_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return EventPage{}, fmt.Errorf("store: violation events: %w", err)
	}
	defer rows.Close()
	var page EventPage
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return EventPage{}, fmt.Errorf("store: scan violation: %w", err)
		}
		page.Events = append(page.Events, e)
	}
	if len(page.Events) > limit {
		page.Events = page.Events[:limit]
		last := page.Events[limit-1]
		page.Next = &Cursor{At: last.OccurredAt.Unix(), ID: last.ID}
	}
	return page, rows.Err()
}

// OptIn is how many customers said yes to a consent purpose, out of those who answered.
type OptIn struct {
	PurposeID int64
	Granted   int
	Answered  int
}

// OptInRates returns the opt-in counts of each purpose of the brand that customers answered, from the totals kept
// with each change of state (consent_totals), never by counting the brand's consents.
func (db *DB) OptInRates(ctx context.Context, brandID int64) ([]OptIn, error) {
	rows, err := db.query(ctx, `SELECT purpose_id, granted, answered FROM consent_totals WHERE brand_id = ? AND answered > 0 ORDER BY purpose_id`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: opt-in rates: %w", err)
	}
	defer rows.Close()
	var out []OptIn
	for rows.Next() {
		var o OptIn
		if err := rows.Scan(&o.PurposeID, &o.Granted, &o.Answered); err != nil {
			return nil, fmt.Errorf("store: scan opt-in: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// EntityUses returns, for a brand, the number of events per system and per purpose (all time), so governance can
// tell what is in use before retiring it. It reads the brand's totals per system and purpose that ingest keeps in
// step (rollup_brand_totals), a row per pair however long the brand's history.
func (db *DB) EntityUses(ctx context.Context, brandID int64) (systems, purposes map[int64]int, err error) {
	rows, err := db.query(ctx, `SELECT system_id, purpose_id, n FROM rollup_brand_totals WHERE brand_id = ?`, brandID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: entity uses: %w", err)
	}
	defer rows.Close()
	systems, purposes = map[int64]int{}, map[int64]int{}
	for rows.Next() {
		var s, p int64
		var n int
		if err := rows.Scan(&s, &p, &n); err != nil {
			return nil, nil, fmt.Errorf("store: scan entity uses: %w", err)
		}
		systems[s] += n
		purposes[p] += n
	}
	return systems, purposes, rows.Err()
}

// SystemPurposePairs returns, for a brand, the purposes each system has used data for (all time), each list in
// ascending id order, so the public registry can say which system serves which purpose. Like EntityUses it reads a
// row per pair of the brand's totals (rollup_brand_totals), however long the brand's history.
func (db *DB) SystemPurposePairs(ctx context.Context, brandID int64) (map[int64][]int64, error) {
	rows, err := db.query(ctx, `SELECT system_id, purpose_id FROM rollup_brand_totals WHERE brand_id = ? AND n > 0 ORDER BY system_id, purpose_id`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: system purpose pairs: %w", err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var s, p int64
		if err := rows.Scan(&s, &p); err != nil {
			return nil, fmt.Errorf("store: scan system purpose pairs: %w", err)
		}
		out[s] = append(out[s], p)
	}
	return out, rows.Err()
}

// SetTheme changes the brand's colours and logo.
func (db *DB) SetTheme(ctx context.Context, brandID int64, t Theme) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE brands SET theme = ? WHERE id = ?`, toJSON(t), brandID); err != nil {
		return fmt.Errorf("store: set theme: %w", err)
	}
	return nil
}
