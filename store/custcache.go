package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Bounds of the per-customer memo: how many customers are kept, and how many distinct reads per customer (a
// window, a system, an event filter each make one). A light customer's entry is a few kilobytes.
const (
	maxCachedCustomers = 1000
	maxReadsPerEntry   = 32
)

// custEntry holds one customer's memoised reads at one data revision, and the sums of their closed months at
// one past revision, which outlive data revisions (see window.go).
type custEntry struct {
	rev  int64
	mu   sync.Mutex
	vals map[memoKey]any

	pastRev int64
	past    map[[2]int64]*windowSums // by (first day of the window, first day of the current month)
	// parts are what past is summed from, at pastRev: each whole closed month's sums, by (its first day, the
	// next month's), and the days of a window's first, partial month, by (the window's first day, the next
	// month's first day). carried are the parts of an entry at an older past revision, carriedRev: those of
	// months no late event has changed since are still right (customer_late_months), which closedSums asks the
	// database once, before it uses any of them.
	parts      map[[2]int64]*windowSums
	carried    map[[2]int64]*windowSums
	carriedRev int64
}

// maxParts bounds an entry's closed parts: 13 months and a few partial first months are the most a customer's
// windows need.
const maxParts = 64

// memoKey names one read: its kind and parameters.
type memoKey struct {
	kind   string
	since  int64
	id     int64
	filter EventFilter
	limit  int
}

// CustomerData answers the customer pages' reads of one customer's data, memoised in memory until the
// customer's data changes. Reading the rollups of a heavy customer costs milliseconds; customers come back to
// their page, move between its views and see the widget on every page of the brand's site, so most views would
// otherwise read the same rows again. customers.data_rev decides when a memo is out of date (caches.go: the one
// rule for every cache). Results are shared: callers must not modify them.
type CustomerData struct {
	db    *DB
	brand int64 // the customer's brand: every read names it, the tables being keyed by brand first
	id    int64
	e     *custEntry
	now   time.Time // the page's time: it decides which months are closed
}

// CustomerData reads the customer's data revision and returns the memo for it: the cached one when it is
// current, a fresh one otherwise. now is the time of the page the reads are for.
func (db *DB) CustomerData(ctx context.Context, customerID int64, now time.Time) (*CustomerData, error) {
	var brandID, rev, pastRev int64
	if err := db.queryRow(ctx, `SELECT brand_id, data_rev, past_rev FROM customers WHERE id = ?`, customerID).Scan(&brandID, &rev, &pastRev); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("store: customer data revision: %w", err)
	}
	return db.CustomerDataAt(brandID, customerID, rev, pastRev, now), nil
}

// CustomerDataAt is CustomerData for revisions the caller has just read (with the session, say).
func (db *DB) CustomerDataAt(brandID, customerID, rev, pastRev int64, now time.Time) *CustomerData {
	db.custMu.Lock()
	defer db.custMu.Unlock()
	e := db.custCache[customerID]
	switch {
	case e != nil && e.rev == rev:
	case e != nil && e.rev > rev:
		// A view that read the revision before a newer view stored its memo: serve it unshared.
		e = newCustEntry(rev, pastRev)
	default:
		old := e
		if db.custCache == nil {
			db.custCache = map[int64]*custEntry{}
		}
		if _, ok := db.custCache[customerID]; !ok && len(db.custCache) >= maxCachedCustomers {
			for id := range db.custCache { // map order is random: an arbitrary customer makes room
				delete(db.custCache, id)
				break
			}
		}
		e = newCustEntry(rev, pastRev)
		if old != nil {
			old.mu.Lock()
			switch {
			case old.pastRev == pastRev:
				// The closed months did not change: their sums (never modified once made) carry over.
				for k, w := range old.past {
					e.past[k] = w
				}
				for k, w := range old.parts {
					e.parts[k] = w
				}
				e.carried, e.carriedRev = old.carried, old.carriedRev
			case old.pastRev < pastRev && old.carried == nil:
				// A late event changed some closed months: the other months' parts may still serve.
				e.carried, e.carriedRev = old.parts, old.pastRev
			}
			old.mu.Unlock()
		}
		db.custCache[customerID] = e
	}
	return &CustomerData{db: db, brand: brandID, id: customerID, e: e, now: now}
}

func newCustEntry(rev, pastRev int64) *custEntry {
	return &custEntry{rev: rev, vals: map[memoKey]any{}, pastRev: pastRev, past: map[[2]int64]*windowSums{}, parts: map[[2]int64]*windowSums{}}
}

// memo returns the read named by k from the entry, running load and keeping its result the first time.
// Two views of the same customer at once may both load; they store the same answer.
func memo[T any](cd *CustomerData, k memoKey, load func() (T, error)) (T, error) {
	cd.e.mu.Lock()
	v, ok := cd.e.vals[k]
	cd.e.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	t, err := load()
	if err != nil {
		return t, err
	}
	cd.e.mu.Lock()
	if len(cd.e.vals) < maxReadsPerEntry {
		cd.e.vals[k] = t
	}
	cd.e.mu.Unlock()
	return t, nil
}

// window returns the customer's usage since since summed for the pages, from the memoised closed part (the days
// and months before the current one, see window.go) and a read of the current month; ok is false when the window
// starts in the current month, and the caller reads the rollups.
func (cd *CustomerData) window(ctx context.Context, since time.Time) (w *windowSums, ok bool, err error) {
	day := dayOf(since.Unix())
	m0 := closedMonthStart(cd.now)
	if day >= m0 {
		return nil, false, nil
	}
	w, err = memo(cd, memoKey{kind: "window", since: since.Unix()}, func() (*windowSums, error) {
		key := [2]int64{day, m0}
		cd.e.mu.Lock()
		closed := cd.e.past[key]
		cd.e.mu.Unlock()
		if closed == nil {
			var err error
			if closed, err = cd.closedSums(ctx, day, m0); err != nil {
				return nil, err
			}
			cd.e.mu.Lock()
			if len(cd.e.past) < maxReadsPerEntry {
				cd.e.past[key] = closed
			}
			cd.e.mu.Unlock()
		}
		current, err := cd.db.monthlySums(ctx, cd.brand, cd.id, m0, 0)
		if err != nil {
			return nil, err
		}
		sum := newWindowSums()
		sum.add(closed)
		sum.add(current)
		return sum, nil
	})
	return w, err == nil, err
}

// viaWindow answers a read from the window's sums when the window allows it, and from the rollups otherwise.
func viaWindow[T any](ctx context.Context, cd *CustomerData, since time.Time, fromSums func(*windowSums) (T, error), fromRollups func() (T, error)) (T, error) {
	w, ok, err := cd.window(ctx, since)
	switch {
	case err != nil:
		var zero T
		return zero, err
	case !ok:
		return fromRollups()
	}
	return fromSums(w)
}

// UsageBySystem is DB.UsageBySystem for this customer.
func (cd *CustomerData) UsageBySystem(ctx context.Context, since time.Time) ([]SystemUsage, error) {
	return memo(cd, memoKey{kind: "bysystem", since: since.Unix()}, func() ([]SystemUsage, error) {
		return viaWindow(ctx, cd, since, func(w *windowSums) ([]SystemUsage, error) {
			stats, err := cd.db.systemStats(ctx, cd.brand, cd.id)
			if err != nil {
				return nil, err
			}
			return w.bySystem(stats), nil
		}, func() ([]SystemUsage, error) { return cd.db.UsageBySystem(ctx, cd.brand, cd.id, since) })
	})
}

// CategoriesBySystem is DB.CategoriesBySystem for this customer.
func (cd *CustomerData) CategoriesBySystem(ctx context.Context, since time.Time) (map[int64][]IDCount, error) {
	return memo(cd, memoKey{kind: "catsbysystem", since: since.Unix()}, func() (map[int64][]IDCount, error) {
		return viaWindow(ctx, cd, since, func(w *windowSums) (map[int64][]IDCount, error) { return w.categoriesBySystem(), nil },
			func() (map[int64][]IDCount, error) { return cd.db.CategoriesBySystem(ctx, cd.brand, cd.id, since) })
	})
}

// UsageByMonth is DB.UsageByMonth for this customer.
func (cd *CustomerData) UsageByMonth(ctx context.Context, since time.Time, systemID int64) ([]MonthCount, error) {
	return memo(cd, memoKey{kind: "bymonth", since: since.Unix(), id: systemID}, func() ([]MonthCount, error) {
		return viaWindow(ctx, cd, since, func(w *windowSums) ([]MonthCount, error) { return w.byMonth(systemID), nil },
			func() ([]MonthCount, error) { return cd.db.UsageByMonth(ctx, cd.brand, cd.id, since, systemID) })
	})
}

// UsageByCategory is DB.UsageByCategory for this customer.
func (cd *CustomerData) UsageByCategory(ctx context.Context, since time.Time, systemID int64) ([]IDCount, error) {
	return memo(cd, memoKey{kind: "bycategory", since: since.Unix(), id: systemID}, func() ([]IDCount, error) {
		return viaWindow(ctx, cd, since, func(w *windowSums) ([]IDCount, error) { return w.byCategory(systemID), nil },
			func() ([]IDCount, error) { return cd.db.UsageByCategory(ctx, cd.brand, cd.id, since, systemID) })
	})
}

// TrainedOn is DB.TrainedOn for this customer.
func (cd *CustomerData) TrainedOn(ctx context.Context, systemID int64) ([]TrainingRecord, error) {
	return memo(cd, memoKey{kind: "trained", id: systemID}, func() ([]TrainingRecord, error) {
		return cd.db.TrainedOn(ctx, cd.brand, cd.id, systemID)
	})
}

// Events is DB.Events for this customer; only first pages are memoised, deeper ones are read each time.
func (cd *CustomerData) Events(ctx context.Context, f EventFilter, after Cursor, limit int) (EventPage, error) {
	if after != (Cursor{}) {
		return cd.db.Events(ctx, cd.id, f, after, limit)
	}
	return memo(cd, memoKey{kind: "events", filter: instantFilter(f), limit: limit}, func() (EventPage, error) {
		return cd.db.Events(ctx, cd.id, f, after, limit)
	})
}

// instantFilter is f with its times as UTC instants, so that the same day asked in two time zones is one memo
// entry.
func instantFilter(f EventFilter) EventFilter {
	k := f
	if !f.From.IsZero() {
		k.From = time.Unix(f.From.Unix(), 0).UTC()
	}
	if !f.To.IsZero() {
		k.To = time.Unix(f.To.Unix(), 0).UTC()
	}
	return k
}

// Consents is DB.Consents for this customer.
func (cd *CustomerData) Consents(ctx context.Context) (map[int64]string, error) {
	return memo(cd, memoKey{kind: "consents"}, func() (map[int64]string, error) {
		return cd.db.Consents(ctx, cd.brand, cd.id)
	})
}

// ConsentHistory is DB.ConsentHistory for this customer.
func (cd *CustomerData) ConsentHistory(ctx context.Context, purposeID int64) ([]ConsentChange, error) {
	return memo(cd, memoKey{kind: "consenthistory", id: purposeID}, func() ([]ConsentChange, error) {
		return cd.db.ConsentHistory(ctx, cd.id, purposeID)
	})
}

// RecentAccess is DB.RecentAccess for this customer.
func (cd *CustomerData) RecentAccess(ctx context.Context, limit int) ([]AccessRecord, error) {
	return memo(cd, memoKey{kind: "access", limit: limit}, func() ([]AccessRecord, error) {
		return cd.db.RecentAccess(ctx, cd.id, limit)
	})
}

// Reviews is DB.CustomerReviews for this customer.
func (cd *CustomerData) Reviews(ctx context.Context) ([]ReviewRequest, error) {
	return memo(cd, memoKey{kind: "reviews"}, func() ([]ReviewRequest, error) {
		return cd.db.CustomerReviews(ctx, cd.id)
	})
}

// Rights is DB.CustomerRights for this customer.
func (cd *CustomerData) Rights(ctx context.Context) ([]RightsRequest, error) {
	return memo(cd, memoKey{kind: "rights"}, func() ([]RightsRequest, error) {
		return cd.db.CustomerRights(ctx, cd.brand, cd.id)
	})
}

// EventsNewer is DB.EventsNewer for this customer; such pages are read each time.
func (cd *CustomerData) EventsNewer(ctx context.Context, f EventFilter, before Cursor, limit int) (EventPage, error) {
	return cd.db.EventsNewer(ctx, cd.id, f, before, limit)
}

// CountEvents is DB.CountEvents for this customer.
func (cd *CustomerData) CountEvents(ctx context.Context, f EventFilter) (int, error) {
	return memo(cd, memoKey{kind: "count", filter: instantFilter(f)}, func() (int, error) {
		return cd.db.CountEvents(ctx, cd.brand, cd.id, f)
	})
}

// AllTime is DB.AllTimeUsage for this customer.
func (cd *CustomerData) AllTime(ctx context.Context) (AllTime, error) {
	return memo(cd, memoKey{kind: "alltime"}, func() (AllTime, error) {
		return cd.db.AllTimeUsage(ctx, cd.brand, cd.id)
	})
}

// ViolationsBySystem is DB.ViolationsBySystem for this customer.
func (cd *CustomerData) ViolationsBySystem(ctx context.Context, since time.Time) (map[int64]int, error) {
	return memo(cd, memoKey{kind: "violations", since: since.Unix()}, func() (map[int64]int, error) {
		return cd.db.ViolationsBySystem(ctx, cd.id, since)
	})
}
