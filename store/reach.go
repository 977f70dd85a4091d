package store

import (
	"context"
	"fmt"
)

// The reach of a system (how many customers it used the data of since a day) is kept as a count of customers per
// system and day of their last use by it (system_reach_daily), moved by each ingest batch in its transaction: the
// use case page then sums at most a month of rows, whatever the number of the brand's customers, instead of
// counting the per-customer stats of every customer reached.

// reachKey is a system and a rollup day of last use.
type reachKey struct{ sys, day int64 }

// reachMoves are the changes to the customers counted per system and day of last use that a batch makes: each
// customer-system pair of the batch whose last use moves to a later day leaves its old day (if it had one) for
// the new one. before holds the last use of the pairs that had one before the batch.
func reachMoves(stats map[sysKey]*span, before map[sysKey]int64) map[reachKey]int {
	moves := map[reachKey]int{}
	for k, s := range stats {
		old, had := before[k]
		last := s.last
		if had && old > last {
			last = old
		}
		if had && dayOf(old) == dayOf(last) {
			continue
		}
		if had {
			moves[reachKey{k.sys, dayOf(old)}]--
		}
		moves[reachKey{k.sys, dayOf(last)}]++
	}
	for k, n := range moves {
		if n == 0 {
			delete(moves, k)
		}
	}
	return moves
}

func reachLess(a, b reachKey) bool { return a.sys < b.sys || a.sys == b.sys && a.day < b.day }

// writeReach applies a batch's moves to system_reach_daily, rows in key order.
func writeReach(ctx context.Context, tx querier, brandID int64, moves map[reachKey]int) error {
	for _, k := range sortedKeys(moves, reachLess) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO system_reach_daily (brand_id, system_id, day, customers) VALUES (?, ?, ?, ?)
			ON CONFLICT (brand_id, system_id, day) DO UPDATE SET customers = system_reach_daily.customers + excluded.customers`,
			brandID, k.sys, k.day, moves[k]); err != nil {
			return fmt.Errorf("store: system reach: %w", err)
		}
	}
	return nil
}
