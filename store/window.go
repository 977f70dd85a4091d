package store

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// WindowMonths is how many months the window of WindowStart covers, as the pages say it ("the last 12 months").
const WindowMonths = 12

// WindowStart is the first instant of the window every customer-facing surface sums (overview, system pages,
// widget, usage API): the last 12 months, a true rolling window. It starts at 00:00 UTC the day after the same
// day a year ago (the 28th when that day was a 29 February), so it holds 365 days, or 366 across a 29 February,
// today included, and it stays whole UTC days, as the rollups are. Every surface that shows something else
// (activity, exports) says so in words.
func WindowStart(now time.Time) time.Time {
	n := now.UTC()
	y, m := n.Year()-1, n.Month()
	d := min(n.Day(), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day())
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// WindowMonthStarts lists the first day of each UTC month the window of WindowStart(now) touches, oldest first:
// 13 months, the first and the last of them partly, unless the window starts on the 1st.
func WindowMonthStarts(now time.Time) []time.Time {
	from := WindowStart(now)
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	n := now.UTC()
	last := time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.UTC)
	var out []time.Time
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, m)
	}
	return out
}

// A customer's window of usage splits into a closed part, the days and months before the current UTC month,
// whose rollups only change when a late event arrives (customers.past_rev moves then, see caches.go), and the
// current month, which every new event changes. The closed part's sums are memoised per past_rev, so a view
// after new data reads the current month's rows only: for a customer with 100,000 events in a year, ~50 rows
// instead of ~1,900.

// closedMonthStart is the first day of the current month as the memo sees it: the month a day ago. InsertEvents
// counts a month as closed from its end (moving past_rev); the memo a day later, so that a write racing the turn of the month
// cannot land in a month the memo already counts as closed without moving past_rev.
func closedMonthStart(now time.Time) int64 {
	t := now.UTC().Add(-24 * time.Hour)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

type usageKey struct {
	sys, purpose int64
	action       string
}

type monthSys struct{ month, sys int64 }

type sysCat struct{ sys, cat int64 }

// windowSums are a part of a window summed three ways, as the customer pages need them.
type windowSums struct {
	usage  map[usageKey]int
	months map[monthSys]int
	cats   map[sysCat]int
}

func newWindowSums() *windowSums {
	return &windowSums{usage: map[usageKey]int{}, months: map[monthSys]int{}, cats: map[sysCat]int{}}
}

func (w *windowSums) add(o *windowSums) {
	for k, n := range o.usage {
		w.usage[k] += n
	}
	for k, n := range o.months {
		w.months[k] += n
	}
	for k, n := range o.cats {
		w.cats[k] += n
	}
}

// closedSums sums the customer's usage for d0 <= day < m0 (m0 the first day of the current month) from the entry's
// parts, reading the rollups only for the parts it lacks: the days of the first, partial month from the daily
// rollups, the whole months from the monthly ones, in one range read for each run of missing months. After a late
// event the parts of the months it did not change carry over from the entry before, so the first view after one
// reads a month's rows, not the year's (issue 20).
func (cd *CustomerData) closedSums(ctx context.Context, d0, m0 int64) (*windowSums, error) {
	e := cd.e
	e.mu.Lock()
	carried, carriedRev := e.carried, e.carriedRev
	e.mu.Unlock()
	if carried != nil {
		changed, err := cd.db.lateMonthsSince(ctx, cd.brand, cd.id, carriedRev)
		if err != nil {
			return nil, err
		}
		e.mu.Lock()
		if e.carried != nil {
			for k, w := range e.carried {
				if !changed[monthOf(k[0])] && len(e.parts) < maxParts {
					e.parts[k] = w
				}
			}
			e.carried = nil
		}
		e.mu.Unlock()
	}
	m1 := monthOf(d0)
	if m1 != d0 {
		m1 = nextMonth(m1)
	}
	var keys [][2]int64
	if end := min(m1, m0); d0 < end {
		keys = append(keys, [2]int64{d0, end})
	}
	for m := m1; m < m0; m = nextMonth(m) {
		keys = append(keys, [2]int64{m, nextMonth(m)})
	}
	have := make(map[[2]int64]*windowSums, len(keys))
	e.mu.Lock()
	for _, k := range keys {
		if w := e.parts[k]; w != nil {
			have[k] = w
		}
	}
	e.mu.Unlock()
	fresh := map[[2]int64]*windowSums{}
	for i := 0; i < len(keys); i++ {
		k := keys[i]
		if have[k] != nil {
			continue
		}
		if k[1] != nextMonth(monthOf(k[0])) || k[0] != monthOf(k[0]) { // the partial first month
			w, err := cd.db.dailySums(ctx, cd.brand, cd.id, k[0], k[1])
			if err != nil {
				return nil, err
			}
			fresh[k] = w
			continue
		}
		j := i
		for j+1 < len(keys) && have[keys[j+1]] == nil {
			j++
		}
		byMonth, err := cd.db.monthlyParts(ctx, cd.brand, cd.id, k[0], keys[j][1])
		if err != nil {
			return nil, err
		}
		for _, mk := range keys[i : j+1] {
			w := byMonth[mk[0]]
			if w == nil {
				w = newWindowSums()
			}
			fresh[mk] = w
		}
		i = j
	}
	sum := newWindowSums()
	e.mu.Lock()
	for _, k := range keys {
		w := have[k]
		if w == nil {
			w = fresh[k]
			if len(e.parts) < maxParts {
				e.parts[k] = w
			}
		}
		sum.add(w)
	}
	e.mu.Unlock()
	return sum, nil
}

// lateMonthsSince lists the customer's closed months that a late event changed after past revision rev.
func (db *DB) lateMonthsSince(ctx context.Context, brandID, customerID, rev int64) (map[int64]bool, error) {
	rows, err := db.query(ctx, `SELECT month FROM customer_late_months WHERE brand_id = ? AND customer_id = ? AND past_rev > ?`, brandID, customerID, rev)
	if err != nil {
		return nil, fmt.Errorf("store: late months: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("store: scan late months: %w", err)
		}
		out[m] = true
	}
	return out, rows.Err()
}

// monthlyParts reads the customer's monthly rollups for from <= month < to, summed month by month.
func (db *DB) monthlyParts(ctx context.Context, brandID, customerID, from, to int64) (map[int64]*windowSums, error) {
	out := map[int64]*windowSums{}
	part := func(m int64) *windowSums {
		w := out[m]
		if w == nil {
			w = newWindowSums()
			out[m] = w
		}
		return w
	}
	rows, err := db.query(ctx, `SELECT month, system_id, purpose_id, action, n FROM rollup_monthly
		WHERE brand_id = ? AND customer_id = ? AND month >= ? AND month < ?`, brandID, customerID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: monthly usage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k usageKey
		var month int64
		var n int
		if err := rows.Scan(&month, &k.sys, &k.purpose, &k.action, &n); err != nil {
			return nil, fmt.Errorf("store: scan monthly usage: %w", err)
		}
		w := part(month)
		w.usage[k] += n
		w.months[monthSys{month, k.sys}] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: monthly usage: %w", err)
	}
	rows.Close()
	rows, err = db.query(ctx, `SELECT month, system_id, category_id, n FROM rollup_category_monthly
		WHERE brand_id = ? AND customer_id = ? AND month >= ? AND month < ?`, brandID, customerID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: monthly categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k sysCat
		var month int64
		var n int
		if err := rows.Scan(&month, &k.sys, &k.cat, &n); err != nil {
			return nil, fmt.Errorf("store: scan monthly categories: %w", err)
		}
		part(month).cats[k] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: monthly categories: %w", err)
	}
	return out, nil
}

// dailySums reads the customer's daily rollups for from <= day < to, summed by month as monthlySums does.
func (db *DB) dailySums(ctx context.Context, brandID, customerID, from, to int64) (*windowSums, error) {
	w := newWindowSums()
	if from >= to {
		return w, nil
	}
	rows, err := db.query(ctx, `SELECT day, system_id, purpose_id, action, n FROM rollup_daily
		WHERE brand_id = ? AND customer_id = ? AND day >= ? AND day < ?`, brandID, customerID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: daily usage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k usageKey
		var day int64
		var n int
		if err := rows.Scan(&day, &k.sys, &k.purpose, &k.action, &n); err != nil {
			return nil, fmt.Errorf("store: scan daily usage: %w", err)
		}
		w.usage[k] += n
		w.months[monthSys{monthOf(day), k.sys}] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: daily usage: %w", err)
	}
	rows.Close()
	rows, err = db.query(ctx, `SELECT system_id, category_id, n FROM rollup_category_daily
		WHERE brand_id = ? AND customer_id = ? AND day >= ? AND day < ?`, brandID, customerID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: daily categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k sysCat
		var n int
		if err := rows.Scan(&k.sys, &k.cat, &n); err != nil {
			return nil, fmt.Errorf("store: scan daily categories: %w", err)
		}
		w.cats[k] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: daily categories: %w", err)
	}
	return w, nil
}

// monthlySums reads the customer's monthly rollups for from <= month < to (to 0: no end).
func (db *DB) monthlySums(ctx context.Context, brandID, customerID, from, to int64) (*windowSums, error) {
	if to == 0 {
		to = 1 << 40
	}
	w := newWindowSums()
	if from >= to {
		return w, nil
	}
	parts, err := db.monthlyParts(ctx, brandID, customerID, from, to)
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		w.add(p)
	}
	return w, nil
}

// systemStats reads the customer's all-time first and last use per system.
func (db *DB) systemStats(ctx context.Context, brandID, customerID int64) (map[int64][2]int64, error) {
	rows, err := db.query(ctx, `SELECT system_id, first_at, last_at FROM customer_system_stats WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return nil, fmt.Errorf("store: system stats: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]int64{}
	for rows.Next() {
		var sys, first, last int64
		if err := rows.Scan(&sys, &first, &last); err != nil {
			return nil, fmt.Errorf("store: scan system stats: %w", err)
		}
		out[sys] = [2]int64{first, last}
	}
	return out, rows.Err()
}

// bySystem shapes the sums as UsageBySystem does: one entry per system with stats, most used first.
func (w *windowSums) bySystem(stats map[int64][2]int64) []SystemUsage {
	bySys := map[int64]*SystemUsage{}
	for k, n := range w.usage {
		st, ok := stats[k.sys]
		if !ok || n == 0 {
			continue
		}
		u := bySys[k.sys]
		if u == nil {
			u = &SystemUsage{SystemID: k.sys, Purposes: map[int64]int{}, Actions: map[string]int{},
				FirstAt: time.Unix(st[0], 0).UTC(), LastAt: time.Unix(st[1], 0).UTC()}
			bySys[k.sys] = u
		}
		u.Count += n
		u.Purposes[k.purpose] += n
		u.Actions[k.action] += n
		if k.action == ActionTraining {
			u.Trained += n
		}
	}
	out := make([]SystemUsage, 0, len(bySys))
	for _, u := range bySys {
		out = append(out, *u)
	}
	sortUsage(out)
	return out
}

// byMonth shapes the sums as UsageByMonth does; systemID 0 means every system.
func (w *windowSums) byMonth(systemID int64) []MonthCount {
	var out []MonthCount
	for k, n := range w.months {
		if systemID == 0 || k.sys == systemID {
			out = append(out, MonthCount{Month: DayStart(k.month), SystemID: k.sys, N: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Month.Equal(out[j].Month) {
			return out[i].Month.Before(out[j].Month)
		}
		return out[i].SystemID < out[j].SystemID
	})
	return out
}

// categoriesBySystem shapes the sums as CategoriesBySystem does.
func (w *windowSums) categoriesBySystem() map[int64][]IDCount {
	out := map[int64][]IDCount{}
	for k, n := range w.cats {
		out[k.sys] = append(out[k.sys], IDCount{ID: k.cat, N: n})
	}
	for _, cs := range out {
		sortCounts(cs)
	}
	return out
}

// byCategory shapes the sums as UsageByCategory does; systemID 0 means every system.
func (w *windowSums) byCategory(systemID int64) []IDCount {
	sum := map[int64]int{}
	for k, n := range w.cats {
		if systemID == 0 || k.sys == systemID {
			sum[k.cat] += n
		}
	}
	out := make([]IDCount, 0, len(sum))
	for id, n := range sum {
		out = append(out, IDCount{ID: id, N: n})
	}
	sortCounts(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// sortCounts orders counts most first, then by id, as the queries' ORDER BY total DESC, id.
func sortCounts(cs []IDCount) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].N != cs[j].N {
			return cs[i].N > cs[j].N
		}
		return cs[i].ID < cs[j].ID
	})
}
