package store

import (
	"context"
	"fmt"
)

// VerifyRollups recomputes every rollup from the raw events and reports the first one that differs.
// It scans the whole events table, so it is for tests, benchmarks and an operator's check, never for a page.
func (db *DB) VerifyRollups(ctx context.Context) error {
	checks := []struct{ name, q string }{
		{"rollup_daily", `SELECT (SELECT count(*) FROM (
		SELECT customer_id, occurred_at / 86400 AS day, system_id, purpose_id, action, count(*) AS n FROM usage_events GROUP BY 1, 2, 3, 4, 5
		EXCEPT SELECT customer_id, day, system_id, purpose_id, action, n FROM rollup_daily))
		+ (SELECT count(*) FROM (SELECT customer_id, day, system_id, purpose_id, action, n FROM rollup_daily
		EXCEPT SELECT customer_id, occurred_at / 86400, system_id, purpose_id, action, count(*) FROM usage_events GROUP BY 1, 2, 3, 4, 5))`},
		{"rollup_brand_daily", `SELECT (SELECT count(*) FROM (
			SELECT brand_id, occurred_at / 86400, system_id, purpose_id, action, count(*), sum(consent_violation) FROM usage_events GROUP BY 1, 2, 3, 4, 5
			EXCEPT SELECT brand_id, day, system_id, purpose_id, action, n, violations FROM rollup_brand_daily))
			+ (SELECT count(*) FROM (SELECT brand_id, day, system_id, purpose_id, action, n, violations FROM rollup_brand_daily
			EXCEPT SELECT brand_id, occurred_at / 86400, system_id, purpose_id, action, count(*), sum(consent_violation) FROM usage_events GROUP BY 1, 2, 3, 4, 5))`},
		{"rollup_monthly", `SELECT (SELECT count(*) FROM (
		SELECT customer_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400, system_id, purpose_id, action, sum(n)
		FROM rollup_daily GROUP BY 1, 2, 3, 4, 5
		EXCEPT SELECT customer_id, month, system_id, purpose_id, action, n FROM rollup_monthly))
		+ (SELECT count(*) FROM (SELECT customer_id, month, system_id, purpose_id, action, n FROM rollup_monthly
		EXCEPT SELECT customer_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400, system_id, purpose_id, action, sum(n)
		FROM rollup_daily GROUP BY 1, 2, 3, 4, 5))`},
		{"rollup_category_monthly", `SELECT (SELECT count(*) FROM (
		SELECT customer_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400, system_id, category_id, sum(n)
		FROM rollup_category_daily GROUP BY 1, 2, 3, 4
		EXCEPT SELECT customer_id, month, system_id, category_id, n FROM rollup_category_monthly))
		+ (SELECT count(*) FROM (SELECT customer_id, month, system_id, category_id, n FROM rollup_category_monthly
		EXCEPT SELECT customer_id, CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400, system_id, category_id, sum(n)
		FROM rollup_category_daily GROUP BY 1, 2, 3, 4))`},
		{"customer_system_stats", `SELECT count(*) FROM (
		SELECT customer_id, system_id, count(*), min(occurred_at), max(occurred_at) FROM usage_events GROUP BY 1, 2
		EXCEPT SELECT customer_id, system_id, n, first_at, last_at FROM customer_system_stats)`},
		{"customer_training", `SELECT count(*) FROM (
		SELECT customer_id, system_id, model_version, count(*) FROM usage_events WHERE action = 'training' GROUP BY 1, 2, 3
		EXCEPT SELECT customer_id, system_id, model_version, n FROM customer_training)`},
		{"rollup_category_daily totals", `SELECT (SELECT coalesce(sum(n),0) FROM rollup_category_daily) -
		(SELECT count(*) FROM usage_events e JOIN json_each('[' || e.category_ids || ']') c WHERE e.category_ids != '')`},
	}
	for _, c := range checks {
		var diff int
		if err := db.queryRow(ctx, c.q).Scan(&diff); err != nil {
			return fmt.Errorf("store: verify %s: %w", c.name, err)
		}
		if diff != 0 {
			return fmt.Errorf("store: %s differs from raw events in %d rows", c.name, diff)
		}
	}
	return nil
}
