package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Counting a customer's events for the pages ("1,116 uses since 3 Dec 2025", "24 uses match these filters")
// without a per-request scan of raw events: whole UTC months come from the monthly rollups, whole days at the
// edges of the range from the daily ones, and only the part-days at its two ends (under a day each, as a date
// filter in the brand's time zone rarely falls on UTC midnight) from the events' index. The sum equals
// count(*) over usage_events for the same filter; TestCountEventsMatchesRawEvents checks it.

const (
	noDayBefore = -1 << 40 // rollup days before any event
	noDayAfter  = 1 << 40  // rollup days after any event
)

// CountEvents counts the customer's events that f selects (its system, purpose, action and time range).
func (db *DB) CountEvents(ctx context.Context, brandID, customerID int64, f EventFilter) (int, error) {
	var where []string
	var args []any
	if f.SystemID != 0 {
		where, args = append(where, "system_id = ?"), append(args, f.SystemID)
	}
	if f.PurposeID != 0 {
		where, args = append(where, "purpose_id = ?"), append(args, f.PurposeID)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	narrow := ""
	if len(where) > 0 {
		narrow = " AND " + strings.Join(where, " AND ")
	}

	// Whole days [d0, d1) of the range; the part-days before d0 and from d1 are counted from the events.
	d0, d1 := int64(noDayBefore), int64(noDayAfter)
	if !f.From.IsZero() {
		d0 = ceilDay(f.From)
	}
	if !f.To.IsZero() {
		d1 = dayOf(f.To.Unix())
	}
	total := 0
	add := func(q string, a ...any) error {
		var n int
		if err := db.queryRow(ctx, q, append(a, args...)...).Scan(&n); err != nil {
			return fmt.Errorf("store: count events: %w", err)
		}
		total += n
		return nil
	}
	raw := `SELECT count(*) FROM usage_events WHERE customer_id = ? AND occurred_at >= ? AND occurred_at < ?` + narrow
	if d0 >= d1 { // less than a whole day: count it all from the events
		from, to := int64(-1<<62), int64(1<<62)
		if !f.From.IsZero() {
			from = f.From.Unix()
		}
		if !f.To.IsZero() {
			to = f.To.Unix()
		}
		if from >= to {
			return 0, nil
		}
		return total, add(raw, customerID, from, to)
	}
	if !f.From.IsZero() && f.From.Unix() < d0*86400 {
		if err := add(raw, customerID, f.From.Unix(), d0*86400); err != nil {
			return 0, err
		}
	}
	if !f.To.IsZero() && d1*86400 < f.To.Unix() {
		if err := add(raw, customerID, d1*86400, f.To.Unix()); err != nil {
			return 0, err
		}
	}
	// Whole months [m0, m1) inside [d0, d1), and the days around them.
	m0, m1 := int64(noDayBefore), int64(noDayAfter)
	if d0 != noDayBefore {
		if m0 = monthOf(d0); m0 != d0 {
			m0 = nextMonth(m0)
		}
	}
	if d1 != noDayAfter {
		m1 = monthOf(d1)
	}
	daily := `SELECT coalesce(sum(n), 0) FROM rollup_daily WHERE brand_id = ? AND customer_id = ? AND day >= ? AND day < ?` + narrow
	if m0 >= m1 {
		return total, add(daily, brandID, customerID, d0, d1)
	}
	if err := add(`SELECT coalesce(sum(n), 0) FROM rollup_monthly WHERE brand_id = ? AND customer_id = ? AND month >= ? AND month < ?`+narrow, brandID, customerID, m0, m1); err != nil {
		return 0, err
	}
	if d0 < m0 {
		if err := add(daily, brandID, customerID, d0, m0); err != nil {
			return 0, err
		}
	}
	if m1 < d1 {
		if err := add(daily, brandID, customerID, m1, d1); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// ceilDay is the first rollup day that starts at or after t.
func ceilDay(t time.Time) int64 {
	d := dayOf(t.Unix())
	if d*86400 < t.Unix() {
		d++
	}
	return d
}

// AllTime is what the customer's whole history holds: every use since the first one, by all systems.
type AllTime struct {
	Events  int
	FirstAt time.Time // zero when there is no event
	LastAt  time.Time
}

// AllTimeUsage sums the customer's all-time stats per system (one row per system that ever used their data).
func (db *DB) AllTimeUsage(ctx context.Context, brandID, customerID int64) (AllTime, error) {
	var a AllTime
	var n, first, last int64
	err := db.queryRow(ctx, `SELECT coalesce(sum(n), 0), coalesce(min(first_at), 0), coalesce(max(last_at), 0)
		FROM customer_system_stats WHERE brand_id = ? AND customer_id = ?`, brandID, customerID).Scan(&n, &first, &last)
	if err != nil {
		return a, fmt.Errorf("store: all-time usage: %w", err)
	}
	a.Events = int(n)
	if n > 0 {
		a.FirstAt, a.LastAt = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
	}
	return a, nil
}

// ViolationsBySystem counts, per system, the customer's events since since that used their data without the
// consent they needed; a partial index holds only those, which are rare.
func (db *DB) ViolationsBySystem(ctx context.Context, customerID int64, since time.Time) (map[int64]int, error) {
	rows, err := db.query(ctx, `SELECT system_id, count(*) FROM usage_events
		WHERE customer_id = ? AND consent_violation = `+db.d.yes()+` AND occurred_at >= ? GROUP BY system_id`, customerID, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: violations by system: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var sys int64
		var n int
		if err := rows.Scan(&sys, &n); err != nil {
			return nil, fmt.Errorf("store: scan violations by system: %w", err)
		}
		out[sys] = n
	}
	return out, rows.Err()
}
