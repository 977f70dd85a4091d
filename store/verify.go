package store

import (
	"context"
	"fmt"
)

// VerifyRollups recomputes every rollup from the raw events (the consent counts from the consents and their
// history, the reach of systems from the per-customer stats, the queue counts from the requests) and reports the
// first one that differs.
// It scans the whole events table, so it is for tests, benchmarks and an operator's check, never for a page.
//
// Two deletions keep counts on purpose (retention_run.go, erase.go). Retention removes a system's old raw events
// and keeps every rollup: the days before its mark (retention_marks) are left out of the comparisons with raw
// events, and there the per-customer stats must hold at least the raw events left and as many uses as the daily
// rollups. Erasure removes a customer's events with their own rollups, and the brand's counts keep the erased
// uses, noted in erased_usage_daily: the brand's days are checked against the raw events plus those.
func (db *DB) VerifyRollups(ctx context.Context) error {
	// The first day of a rollup day's month, and the categories of an event one per row: spelled per engine.
	month := `CAST(strftime('%s', day * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400`
	cats := `SELECT count(*) FROM usage_events e JOIN json_each('[' || e.category_ids || ']') c WHERE e.category_ids != ''`
	if db.d == dialectPostgres {
		month = `CAST(extract(epoch FROM date_trunc('month', to_timestamp(day * 86400) AT TIME ZONE 'UTC')) AS BIGINT) / 86400`
		cats = `SELECT count(*) FROM usage_events e, unnest(string_to_array(e.category_ids, ',')) c WHERE e.category_ids != ''`
	}
	dayOfAt := `at / 86400`
	if db.d == dialectPostgres {
		dayOfAt = `floor(at / 86400.0)::bigint`
	}
	lastDay := `CASE WHEN last_at < 0 THEN (last_at - 86399) / 86400 ELSE last_at / 86400 END`
	if db.d == dialectPostgres {
		lastDay = `floor(last_at / 86400.0)::bigint`
	}
	violations := `sum(CASE WHEN consent_violation = ` + db.d.yes() + ` THEN 1 ELSE 0 END)`
	// symmetric counts the rows of a that b lacks and of b that a lacks.
	symmetric := func(a, b string) string {
		return `SELECT (SELECT count(*) FROM (` + a + ` EXCEPT ` + b + `) AS x) + (SELECT count(*) FROM (` + b + ` EXCEPT ` + a + `) AS y)`
	}
	// marked says a row of alias (with brand_id and system_id) falls on a day whose raw events retention removed,
	// in part or in whole; cut says its system has a retention mark at all.
	marked := func(alias, day string) string {
		return `EXISTS (SELECT 1 FROM retention_marks m WHERE m.brand_id = ` + alias + `.brand_id AND m.system_id = ` + alias + `.system_id
			AND (` + day + `) * 86400 < m.retained_since)`
	}
	cut := func(alias string) string {
		return `EXISTS (SELECT 1 FROM retention_marks m WHERE m.brand_id = ` + alias + `.brand_id AND m.system_id = ` + alias + `.system_id)`
	}
	checks := []struct{ name, q string }{
		{"rollup_daily", symmetric(
			`SELECT brand_id, customer_id, occurred_at / 86400 AS day, system_id, purpose_id, action, count(*) AS n FROM usage_events e
				WHERE NOT `+marked("e", "e.occurred_at / 86400")+` GROUP BY 1, 2, 3, 4, 5, 6`,
			`SELECT brand_id, customer_id, day, system_id, purpose_id, action, n FROM rollup_daily r WHERE NOT `+marked("r", "r.day"))},
		{"rollup_brand_daily", symmetric(
			`SELECT brand_id, day, system_id, purpose_id, action, sum(n), sum(v) FROM (
				SELECT brand_id, occurred_at / 86400 AS day, system_id, purpose_id, action, count(*) AS n, `+violations+` AS v FROM usage_events
				GROUP BY 1, 2, 3, 4, 5
				UNION ALL SELECT brand_id, day, system_id, purpose_id, action, n, violations FROM erased_usage_daily) x
			WHERE NOT `+marked("x", "x.day")+` GROUP BY 1, 2, 3, 4, 5`,
			`SELECT brand_id, day, system_id, purpose_id, action, n, violations FROM rollup_brand_daily r WHERE NOT `+marked("r", "r.day"))},
		{"rollup_brand_monthly", symmetric(
			`SELECT brand_id, `+month+`, system_id, purpose_id, action, sum(n), sum(violations) FROM rollup_brand_daily GROUP BY 1, 2, 3, 4, 5`,
			`SELECT brand_id, month, system_id, purpose_id, action, n, violations FROM rollup_brand_monthly`)},
		{"rollup_brand_totals", symmetric(
			`SELECT brand_id, system_id, purpose_id, sum(n) FROM rollup_brand_daily GROUP BY 1, 2, 3`,
			`SELECT brand_id, system_id, purpose_id, n FROM rollup_brand_totals`)},
		{"rollup_monthly", symmetric(
			`SELECT brand_id, customer_id, `+month+`, system_id, purpose_id, action, sum(n) FROM rollup_daily GROUP BY 1, 2, 3, 4, 5, 6`,
			`SELECT brand_id, customer_id, month, system_id, purpose_id, action, n FROM rollup_monthly`)},
		{"rollup_category_monthly", symmetric(
			`SELECT brand_id, customer_id, `+month+`, system_id, category_id, sum(n) FROM rollup_category_daily GROUP BY 1, 2, 3, 4, 5`,
			`SELECT brand_id, customer_id, month, system_id, category_id, n FROM rollup_category_monthly`)},
		{"customer_system_stats", `SELECT count(*) FROM (
			SELECT brand_id, customer_id, system_id, count(*), min(occurred_at), max(occurred_at) FROM usage_events e WHERE NOT ` + cut("e") + ` GROUP BY 1, 2, 3
			EXCEPT SELECT brand_id, customer_id, system_id, n, first_at, last_at FROM customer_system_stats) AS x`},
		{"customer_system_stats after retention", symmetric(
			`SELECT brand_id, customer_id, system_id, sum(n) FROM rollup_daily r WHERE `+cut("r")+` GROUP BY 1, 2, 3`,
			`SELECT brand_id, customer_id, system_id, n FROM customer_system_stats s WHERE `+cut("s"))},
		{"customer_system_stats span after retention", `SELECT count(*) FROM usage_events e LEFT JOIN customer_system_stats s
			ON s.brand_id = e.brand_id AND s.customer_id = e.customer_id AND s.system_id = e.system_id
			WHERE ` + cut("e") + ` AND (s.customer_id IS NULL OR e.occurred_at < s.first_at OR e.occurred_at > s.last_at)`},
		{"customer_training", `SELECT count(*) FROM (
			SELECT brand_id, customer_id, system_id, model_version, count(*) FROM usage_events e WHERE action = 'training' AND NOT ` + cut("e") + ` GROUP BY 1, 2, 3, 4
			EXCEPT SELECT brand_id, customer_id, system_id, model_version, n FROM customer_training) AS x`},
		{"customer_training after retention", `SELECT count(*) FROM (
			SELECT brand_id, customer_id, system_id, model_version, count(*) AS n FROM usage_events e WHERE action = 'training' AND ` + cut("e") + ` GROUP BY 1, 2, 3, 4) x
			WHERE NOT EXISTS (SELECT 1 FROM customer_training t WHERE t.brand_id = x.brand_id AND t.customer_id = x.customer_id
				AND t.system_id = x.system_id AND t.model_version = x.model_version AND t.n >= x.n)`},
		{"consent_totals", symmetric(
			`SELECT brand_id, purpose_id, sum(CASE WHEN state = 'granted' THEN 1 ELSE 0 END), count(*) FROM consents GROUP BY 1, 2`,
			`SELECT brand_id, purpose_id, granted, answered FROM consent_totals WHERE answered > 0`)},
		{"consent_daily", symmetric(
			`SELECT brand_id, purpose_id, `+dayOfAt+`, sum(CASE WHEN state = 'granted' THEN 1 ELSE 0 END), sum(CASE WHEN state = 'refused' THEN 1 ELSE 0 END) FROM consent_history GROUP BY 1, 2, 3`,
			`SELECT brand_id, purpose_id, day, granted, refused FROM consent_daily`)},
		{"system_reach_daily", symmetric(
			`SELECT brand_id, system_id, `+lastDay+`, count(*) FROM customer_system_stats GROUP BY 1, 2, 3`,
			`SELECT brand_id, system_id, day, customers FROM system_reach_daily WHERE customers != 0`)},
		{"review_totals", symmetric(
			`SELECT brand_id, count(*) FROM review_requests WHERE status = 'pending' GROUP BY 1`,
			`SELECT brand_id, pending FROM review_totals WHERE pending != 0`)},
		{"rights_open_due", symmetric(
			`SELECT brand_id, due_at, count(*) FROM rights_requests WHERE status IN ('received', 'in_progress', 'extended') GROUP BY 1, 2`,
			`SELECT brand_id, due_at, requests FROM rights_open_due`)},
		{"rollup_category_daily totals", `SELECT (SELECT coalesce(sum(n), 0) FROM rollup_category_daily r WHERE NOT ` + marked("r", "r.day") + `) - (` +
			cats + ` AND NOT ` + marked("e", "e.occurred_at / 86400") + `)`},
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
