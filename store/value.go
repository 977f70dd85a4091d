package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// SystemValue is what the owners of an AI system keep about it: who owns it in marketing and in privacy (staff
// ids, zero for nobody) and a free note on the return they expect and see. It is never shown to customers.
type SystemValue struct {
	BrandID        int64
	SystemID       int64
	MarketingOwner int64
	PrivacyOwner   int64
	Note           string
	UpdatedBy      string
	UpdatedAt      time.Time // zero when nobody has written anything yet
}

// SystemValue returns the owners and note of a system; a system nobody described yet gets a zero SystemValue.
func (db *DB) SystemValue(ctx context.Context, brandID, systemID int64) (SystemValue, error) {
	v := SystemValue{BrandID: brandID, SystemID: systemID}
	var mkt, priv sql.NullInt64
	var at int64
	err := db.queryRow(ctx, `SELECT marketing_owner, privacy_owner, note, updated_by, updated_at FROM ai_system_value WHERE brand_id = ? AND system_id = ?`,
		brandID, systemID).Scan(&mkt, &priv, &v.Note, &v.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	if err != nil {
		return v, fmt.Errorf("store: system value: %w", err)
	}
	v.MarketingOwner, v.PrivacyOwner, v.UpdatedAt = mkt.Int64, priv.Int64, time.Unix(at, 0).UTC()
	return v, nil
}

// SaveSystemValue keeps a system's owners and note, dated now.
func (db *DB) SaveSystemValue(ctx context.Context, v SystemValue) error {
	owner := func(id int64) any {
		if id == 0 {
			return nil
		}
		return id
	}
	return db.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO ai_system_value (brand_id, system_id, marketing_owner, privacy_owner, note, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brand_id, system_id) DO UPDATE SET marketing_owner = excluded.marketing_owner,
		privacy_owner = excluded.privacy_owner, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			v.BrandID, v.SystemID, owner(v.MarketingOwner), owner(v.PrivacyOwner), v.Note, v.UpdatedBy, db.Now().Unix())
		if err != nil {
			return fmt.Errorf("store: save system value: %w", err)
		}
		return nil
	})
}

// SystemReach is how many customers the system used the data of on since's UTC day or later: the customers whose
// last use by it is that recent, summed from the counts per day of last use that ingest keeps in step
// (system_reach_daily, reach.go), a month of rows for this month's reach whatever the number of customers.
func (db *DB) SystemReach(ctx context.Context, brandID, systemID int64, since time.Time) (int, error) {
	var n int
	if err := db.queryRow(ctx, `SELECT coalesce(sum(customers), 0) FROM system_reach_daily WHERE brand_id = ? AND system_id = ? AND day >= ?`,
		brandID, systemID, dayOf(since.Unix())).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: system reach: %w", err)
	}
	return n, nil
}

// SystemPurposes lists the purposes a system used data for since a date, from the brand's rollups: whole months
// from the monthly one, the days before the first of them from the daily one.
func (db *DB) SystemPurposes(ctx context.Context, brandID, systemID int64, since time.Time) ([]int64, error) {
	d0, m1 := monthSplit(since)
	rows, err := db.query(ctx, `SELECT purpose_id FROM rollup_brand_monthly WHERE brand_id = ? AND month >= ? AND system_id = ?
		UNION SELECT purpose_id FROM rollup_brand_daily WHERE brand_id = ? AND day >= ? AND day < ? AND system_id = ? ORDER BY 1`,
		brandID, m1, systemID, brandID, d0, m1, systemID)
	if err != nil {
		return nil, fmt.Errorf("store: system purposes: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: scan system purposes: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ChoiceCount is how many choices customers recorded about a purpose in a month: yes (granted) and no (refused,
// withdrawn, or, for a legitimate interest, objected).
type ChoiceCount struct {
	Month   time.Time
	Granted int
	Refused int
}

// Answered is every choice counted.
func (c ChoiceCount) Answered() int { return c.Granted + c.Refused }

// ConsentChoicesByMonth counts the choices recorded about a purpose per UTC month since a date, oldest first, from
// the daily counts kept with each choice; months without a choice are left out.
func (db *DB) ConsentChoicesByMonth(ctx context.Context, brandID, purposeID int64, since time.Time) ([]ChoiceCount, error) {
	rows, err := db.query(ctx, `SELECT day, granted, refused FROM consent_daily WHERE brand_id = ? AND purpose_id = ? AND day >= ?`,
		brandID, purposeID, dayOf(since.Unix()))
	if err != nil {
		return nil, fmt.Errorf("store: consent choices: %w", err)
	}
	defer rows.Close()
	sums := map[int64]*ChoiceCount{}
	for rows.Next() {
		var day int64
		var g, r int
		if err := rows.Scan(&day, &g, &r); err != nil {
			return nil, fmt.Errorf("store: scan consent choices: %w", err)
		}
		m := monthOf(day)
		c := sums[m]
		if c == nil {
			c = &ChoiceCount{Month: DayStart(m)}
			sums[m] = c
		}
		c.Granted += g
		c.Refused += r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: consent choices: %w", err)
	}
	out := make([]ChoiceCount, 0, len(sums))
	for _, c := range sums {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month.Before(out[j].Month) })
	return out, nil
}

// ConsentChoicesBetween counts the choices recorded about a purpose on the UTC days from from's day up to, not
// including, to's day.
func (db *DB) ConsentChoicesBetween(ctx context.Context, brandID, purposeID int64, from, to time.Time) (ChoiceCount, error) {
	c := ChoiceCount{Month: from}
	if err := db.queryRow(ctx, `SELECT coalesce(sum(granted), 0), coalesce(sum(refused), 0) FROM consent_daily
		WHERE brand_id = ? AND purpose_id = ? AND day >= ? AND day < ?`, brandID, purposeID, dayOf(from.Unix()), dayOf(to.Unix())).
		Scan(&c.Granted, &c.Refused); err != nil {
		return c, fmt.Errorf("store: consent choices between: %w", err)
	}
	return c, nil
}
