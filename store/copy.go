package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Copying a whole installation between engines (vitrine copy): every table, in an order a SQLite destination's
// foreign keys accept, by the columns both schemas have (they are the same but for SQLite's search index and
// PostgreSQL's generated search column), then the destination's sequences moved past the copied ids. Into
// PostgreSQL rows go through COPY, many times faster than INSERTs.

// copyTables are the tables copied, parents before children. event_keys exists on PostgreSQL only; it is filled
// from the events when the source has none.
var copyTables = []string{
	"brands", "brand_sso", "staff_users", "brand_keys", "ai_systems", "ai_system_texts", "purposes", "purpose_texts",
	"data_categories", "data_category_texts", "customers", "model_versions", "usage_events", "event_keys",
	"rollup_daily", "rollup_category_daily", "rollup_monthly", "rollup_category_monthly", "rollup_brand_daily",
	"customer_system_stats", "customer_training", "consents", "consent_history", "used_tokens", "customer_sessions",
	"api_keys", "review_requests", "staff_sessions", "login_failures", "access_records", "registry_changes",
	"change_counters", "brand_changes", "webhook_endpoints", "webhook_deliveries", "brand_public_keys",
	"rights_requests", "rights_request_steps", "decision_factors", "decision_factor_texts", "event_explanations",
	"decision_coverage", "registry_proposals", "registry_proposal_steps",
	"ai_system_value", "consent_daily", "consent_totals", "system_reach_daily", "review_totals", "rights_open_due",
	"rollup_brand_totals", "rollup_brand_monthly", "customer_late_months", "proof_chain", "receipt_signatures", "receipt_keys", "proof_anchors",
	"gpc_purposes", "gpc_confirmations", "retention_marks", "erased_usage_daily",
	"oauth_clients", "assistant_grants", "assistant_tokens", "assistant_calls", "assistant_calls_daily", "assistant_proposals",
	"agent_clients", "agent_client_tokens", "agent_actors",
}

// rollupTables are checked by their sums as well as their row counts after a copy.
var rollupTables = []string{"rollup_daily", "rollup_category_daily", "rollup_monthly", "rollup_category_monthly",
	"rollup_brand_daily", "customer_system_stats", "customer_training", "rollup_brand_totals",
	"rollup_brand_monthly", "erased_usage_daily", "assistant_calls_daily"}

// CopyProgress is told, as rows go, how far the copy of a table is.
type CopyProgress func(table string, done, total int64)

// CopyTo copies every row of db into dst, which must be empty (freshly migrated). It does not stop writers of
// db: copy a quiet installation (stop the servers), as the check afterwards (VerifyCopy) would find what moved.
func (db *DB) CopyTo(ctx context.Context, dst *DB, progress CopyProgress) error {
	if empty, err := dst.IsEmpty(ctx); err != nil {
		return err
	} else if !empty {
		return errors.New("store: the destination already holds brands: copy into an empty database")
	}
	if dst.d == dialectPostgres {
		// Every month the events fall in needs its partition first.
		var lo, hi sql.NullInt64
		if err := db.r.QueryRowContext(ctx, `SELECT min(occurred_at), max(occurred_at) FROM usage_events`).Scan(&lo, &hi); err != nil {
			return fmt.Errorf("store: span of events: %w", err)
		}
		if lo.Valid {
			months := map[int64]bool{}
			for m := monthOf(dayOf(lo.Int64)); m <= monthOf(dayOf(hi.Int64)); m = nextMonth(m) {
				months[m] = true
			}
			if err := dst.ensureMonths(ctx, months); err != nil {
				return err
			}
		}
	}
	if dst.d == dialectSQLite {
		// Rows come in the source's order, which need not put a visit before its pages; the copy is checked
		// as a whole afterwards (VerifyCopy).
		if _, err := dst.w.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer dst.w.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
	}
	for _, table := range copyTables {
		if err := db.copyTable(ctx, dst, table, progress); err != nil {
			return err
		}
	}
	if dst.d == dialectPostgres {
		return dst.resetSequences(ctx)
	}
	return nil
}

// columns lists a table's columns on the store's engine, with whether each is boolean; nil when the table does
// not exist there.
func (db *DB) columns(ctx context.Context, table string) (map[string]bool, []string, error) {
	var q string
	if db.d == dialectPostgres {
		q = `SELECT column_name, data_type = 'boolean' FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`
	} else {
		q = `SELECT name, 0 FROM pragma_table_info(?) ORDER BY cid`
	}
	rows, err := db.r.QueryContext(ctx, q, table)
	if err != nil {
		return nil, nil, fmt.Errorf("store: columns of %s: %w", table, err)
	}
	defer rows.Close()
	boolean := map[string]bool{}
	var order []string
	for rows.Next() {
		var name string
		var b bool
		if err := rows.Scan(&name, &b); err != nil {
			return nil, nil, err
		}
		boolean[name] = b
		order = append(order, name)
	}
	return boolean, order, rows.Err()
}

func (db *DB) copyTable(ctx context.Context, dst *DB, table string, progress CopyProgress) error {
	dstCols, dstOrder, err := dst.columns(ctx, table)
	if err != nil {
		return err
	}
	if len(dstOrder) == 0 {
		return nil // not on the destination's engine (event_keys into SQLite)
	}
	srcCols, _, err := db.columns(ctx, table)
	if err != nil {
		return err
	}
	source := table
	if len(srcCols) == 0 {
		if table != "event_keys" {
			return fmt.Errorf("store: the source has no table %s", table)
		}
		source = "usage_events" // a SQLite source keeps its events' ids in the events
		srcCols = map[string]bool{"brand_id": false, "event_key": false}
	}
	var cols []string
	for _, c := range dstOrder {
		if _, ok := srcCols[c]; ok {
			cols = append(cols, c)
		}
	}
	var total int64
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+source).Scan(&total); err != nil {
		return fmt.Errorf("store: count %s: %w", source, err)
	}
	if progress != nil {
		progress(table, 0, total)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+source)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", source, err)
	}
	defer rows.Close()
	const batch = 5000
	var buf [][]any
	var done int64
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		if err := dst.writeRows(ctx, table, cols, buf); err != nil {
			return fmt.Errorf("store: write %s: %w", table, err)
		}
		done += int64(len(buf))
		buf = buf[:0]
		if progress != nil {
			progress(table, done, total)
		}
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: scan %s: %w", source, err)
		}
		for i, c := range cols {
			vals[i] = convertValue(vals[i], dstCols[c])
		}
		buf = append(buf, vals)
		if len(buf) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read %s: %w", source, err)
	}
	return flush()
}

// convertValue turns a value read from one engine into what the other takes: SQLite's 0 and 1 into PostgreSQL
// booleans.
func convertValue(v any, boolean bool) any {
	if !boolean {
		return v
	}
	switch x := v.(type) {
	case int64:
		return x != 0
	case bool:
		return x
	}
	return v
}

// writeRows writes a batch of rows: through COPY into PostgreSQL, as one transaction of prepared INSERTs into
// SQLite.
func (db *DB) writeRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if db.d == dialectPostgres {
		conn, err := db.w.DB.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return conn.Raw(func(c any) error {
			pc := c.(*stdlib.Conn).Conn()
			_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	return db.tx(ctx, func(tx *txn) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES (?`+strings.Repeat(", ?", len(cols)-1)+`)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range rows {
			if _, err := st.ExecContext(ctx, r...); err != nil {
				return err
			}
		}
		return nil
	})
}

// resetSequences moves every sequence of the PostgreSQL schema past the largest id copied, so that new rows do
// not take ids the copy brought.
func (db *DB) resetSequences(ctx context.Context) error {
	rows, err := db.r.QueryContext(ctx, `SELECT t.relname, s.relname FROM pg_class s
		JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'n') JOIN pg_class t ON t.oid = d.refobjid
		WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace AND t.relkind IN ('r', 'p')`)
	if err != nil {
		return fmt.Errorf("store: sequences: %w", err)
	}
	type seq struct{ table, name string }
	var seqs []seq
	for rows.Next() {
		var s seq
		if err := rows.Scan(&s.table, &s.name); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, s)
	}
	rows.Close()
	// usage_events takes its ids from a sequence of its own, not owned by the table (it is partitioned).
	seqs = append(seqs, seq{"usage_events", "usage_events_id_seq"})
	for _, s := range seqs {
		if _, err := db.w.ExecContext(ctx, `SELECT setval('`+s.name+`', coalesce((SELECT max(id) FROM `+s.table+`), 0) + 1, false)`); err != nil {
			return fmt.Errorf("store: sequence %s: %w", s.name, err)
		}
	}
	return nil
}

// CopyCheck is one table's row count (and, for rollups, sum of counts) on both sides of a copy.
type CopyCheck struct {
	Table          string
	Source, Copy   int64
	SourceN, CopyN int64 // rollups: the sum of n
	Match          bool
}

// VerifyCopy compares every copied table's row count, and every rollup's sum, between db and its copy dst, and
// checks that the copy's rollups equal its raw events (VerifyRollups).
func (db *DB) VerifyCopy(ctx context.Context, dst *DB) ([]CopyCheck, error) {
	var out []CopyCheck
	for _, table := range copyTables {
		if table == "event_keys" {
			continue // one engine has none; usage_events counts the same events
		}
		c := CopyCheck{Table: table}
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&c.Source); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", table, err)
		}
		if err := dst.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&c.Copy); err != nil {
			return nil, fmt.Errorf("store: count %s in the copy: %w", table, err)
		}
		c.Match = c.Source == c.Copy
		for _, r := range rollupTables {
			if r != table {
				continue
			}
			if err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM `+table).Scan(&c.SourceN); err != nil {
				return nil, err
			}
			if err := dst.r.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM `+table).Scan(&c.CopyN); err != nil {
				return nil, err
			}
			c.Match = c.Match && c.SourceN == c.CopyN
		}
		out = append(out, c)
	}
	for _, c := range out {
		if !c.Match {
			return out, fmt.Errorf("store: %s differs in the copy: %d rows (sum %d) against %d (sum %d)", c.Table, c.Copy, c.CopyN, c.Source, c.SourceN)
		}
	}
	return out, dst.VerifyRollups(ctx)
}
