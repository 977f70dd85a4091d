package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// What a staff member looked at or did, as access records name it. Customer pages are named by their path
// under the customer's base ("overview" for the base itself, "systems/SLUG" for a system page).
const (
	AccessOverview = "overview"
	AccessReview   = "review" // resolved a human-review request of the customer from the queue
)

// AccessRecord is one look a staff member took at a customer: who, when, why and what. A visit starts with the
// record that carries the reason (VisitID 0); each page seen during it is a record pointing at that one.
type AccessRecord struct {
	ID         int64
	BrandID    int64
	CustomerID int64
	StaffID    int64
	StaffEmail string // who, as they were at the time
	StaffName  string
	StaffRole  string
	Reason     string
	ReasonLang string // language the reason is written in; "" means the brand's default
	What       string
	At         time.Time
	VisitID    int64 // the record that opened the visit; 0 when this record opened it

	Pages []string // for a visit: what was seen during it, in order, the opening first (RecentAccess, AccessHistory)

	CustomerExternalID string // for the audit log
	CustomerName       string
}

// AccessPage is one page of access records, newest first, with the cursor of the next page when there is one.
type AccessPage struct {
	Records []AccessRecord
	Next    *Cursor
}

const accessCols = `a.id, a.brand_id, a.customer_id, a.staff_id, a.staff_email, a.staff_name, a.staff_role, a.reason, a.what, a.at,
	coalesce(a.visit_id, 0), a.reason_lang`

func scanAccess(row interface{ Scan(...any) error }, extra ...any) (AccessRecord, error) {
	var r AccessRecord
	var at int64
	dst := append([]any{&r.ID, &r.BrandID, &r.CustomerID, &r.StaffID, &r.StaffEmail, &r.StaffName, &r.StaffRole, &r.Reason, &r.What, &at, &r.VisitID, &r.ReasonLang}, extra...)
	err := row.Scan(dst...)
	r.At = time.Unix(at, 0).UTC()
	return r, err
}

// OpenAccess records that a staff member opens a customer for the reason given, and returns the record, which
// starts a visit. Who looked is read from the staff account in the same statement, and the record is written
// only when the customer belongs to the staff member's brand: anything else is ErrNotFound, so no record can
// ever tie a staff member to another brand's customer. lang is the language the reason is written in (the
// customer reads it quoted, marked with it).
func (db *DB) OpenAccess(ctx context.Context, staffID, customerID int64, reason, lang, what string, at time.Time) (AccessRecord, error) {
	reason, what = strings.TrimSpace(reason), strings.TrimSpace(what)
	if reason == "" || what == "" {
		return AccessRecord{}, errors.New("store: an access record needs a reason and what was looked at")
	}
	var rec AccessRecord
	err := db.tx(ctx, func(tx *txn) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO access_records (brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason,
				reason_lang, what, at)
			SELECT c.brand_id, c.id, s.id, s.email, s.name, s.role, ?, ?, ?, ? FROM customers c JOIN staff_users s ON s.brand_id = c.brand_id
			WHERE c.id = ? AND s.id = ? RETURNING id`, reason, lang, what, at.Unix(), customerID, staffID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: open access: %w", err)
		}
		if rec, err = db.accessByID(ctx, tx, id); err != nil {
			return err
		}
		if _, err := appendProof(ctx, tx, rec.BrandID, customerID, ProofAccess, id, accessEntry(rec)); err != nil {
			return err
		}
		return bumpDataRev(ctx, tx, customerID) // the customer's /me/access shows it
	})
	return rec, err
}

func (db *DB) accessByID(ctx context.Context, q querier, id int64) (AccessRecord, error) {
	r, err := scanAccess(q.QueryRowContext(ctx, `SELECT `+accessCols+` FROM access_records a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: access record: %w", err)
	}
	return r, nil
}

// CurrentVisit returns the latest visit the staff member opened for the customer at or after since (the reason
// they gave then still covers what they look at now), or ErrNotFound.
func (db *DB) CurrentVisit(ctx context.Context, staffID, customerID int64, since time.Time) (AccessRecord, error) {
	r, err := scanAccess(db.queryRow(ctx, `SELECT `+accessCols+` FROM access_records a
		WHERE a.staff_id = ? AND a.customer_id = ? AND a.visit_id IS NULL AND a.at >= ? ORDER BY a.at DESC, a.id DESC LIMIT 1`,
		staffID, customerID, since.Unix()))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: current visit: %w", err)
	}
	return r, nil
}

// RecordView adds what a staff member sees during a visit. The page that opening the visit already names, seen
// first, is not counted twice; every other look, repeated or not, is a record of its own.
func (db *DB) RecordView(ctx context.Context, visit AccessRecord, what string, at time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		var seen int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM access_records WHERE visit_id = ?`, visit.ID).Scan(&seen); err != nil {
			return fmt.Errorf("store: pages of visit: %w", err)
		}
		if seen == 0 && what == visit.What {
			return nil
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO access_records (brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason, what, at, visit_id, reason_lang)
			SELECT brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason, ?, ?, id, reason_lang FROM access_records
			WHERE brand_id = ? AND id = ? AND visit_id IS NULL RETURNING id`, what, at.Unix(), visit.BrandID, visit.ID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: record view: %w", err)
		}
		rec, err := db.accessByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := appendProof(ctx, tx, rec.BrandID, rec.CustomerID, ProofAccess, id, accessEntry(rec)); err != nil {
			return err
		}
		return bumpDataRev(ctx, tx, visit.CustomerID)
	})
}

// RecentAccess lists the customer's latest visits by staff, newest first, each with the pages seen.
func (db *DB) RecentAccess(ctx context.Context, customerID int64, limit int) ([]AccessRecord, error) {
	p, err := db.AccessHistory(ctx, customerID, Cursor{}, limit)
	return p.Records, err
}

// AccessHistory pages through the customer's visits by staff, newest first, each with the pages seen.
func (db *DB) AccessHistory(ctx context.Context, customerID int64, after Cursor, limit int) (AccessPage, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	q := `SELECT ` + accessCols + ` FROM access_records a WHERE a.customer_id = ? AND a.visit_id IS NULL`
	args := []any{customerID}
	if !after.IsZero() {
		q += ` AND ` + keysetOlder("a.at", "a.id")
		args = append(args, after.At, after.At, after.ID)
	}
	page, err := db.accessPage(ctx, q+` ORDER BY a.at DESC, a.id DESC LIMIT ?`, append(args, limit+1), limit, false)
	if err != nil || len(page.Records) == 0 {
		return page, err
	}
	byID := map[int64]int{}
	ids := make([]any, len(page.Records))
	for i := range page.Records {
		r := &page.Records[i]
		r.Pages = []string{r.What}
		byID[r.ID] = i
		ids[i] = r.ID
	}
	rows, err := db.query(ctx, `SELECT visit_id, what FROM access_records WHERE visit_id IN (?`+strings.Repeat(",?", len(ids)-1)+`)
		ORDER BY visit_id, id`, ids...)
	if err != nil {
		return AccessPage{}, fmt.Errorf("store: pages of visits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var visit int64
		var what string
		if err := rows.Scan(&visit, &what); err != nil {
			return AccessPage{}, fmt.Errorf("store: scan page of visit: %w", err)
		}
		r := &page.Records[byID[visit]]
		r.Pages = append(r.Pages, what)
	}
	return page, rows.Err()
}

// AuditFilter narrows the audit log to one staff member and a time range.
type AuditFilter struct {
	StaffID int64
	From    time.Time // inclusive
	To      time.Time // exclusive
}

// AuditLog pages through every access record of the brand (openings and pages seen), newest first, with the
// customer named. Keyset pagination on (at, id) keeps the thousandth page as cheap as the first.
func (db *DB) AuditLog(ctx context.Context, brandID int64, f AuditFilter, after Cursor, limit int) (AccessPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	where := []string{"a.brand_id = ?"}
	args := []any{brandID}
	if f.StaffID != 0 {
		where = append(where, "a.staff_id = ?")
		args = append(args, f.StaffID)
	}
	if !f.From.IsZero() {
		where = append(where, "a.at >= ?")
		args = append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		where = append(where, "a.at < ?")
		args = append(args, f.To.Unix())
	}
	if !after.IsZero() {
		where = append(where, keysetOlder("a.at", "a.id"))
		args = append(args, after.At, after.At, after.ID)
	}
	q := `SELECT ` + accessCols + `, c.external_id, c.name FROM access_records a JOIN customers c ON c.brand_id = a.brand_id AND c.id = a.customer_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY a.at DESC, a.id DESC LIMIT ?`
	return db.accessPage(ctx, q, append(args, limit+1), limit, true)
}

func (db *DB) accessPage(ctx context.Context, q string, args []any, limit int, withCustomer bool) (AccessPage, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return AccessPage{}, fmt.Errorf("store: access records: %w", err)
	}
	defer rows.Close()
	var page AccessPage
	for rows.Next() {
		var ext, name string
		var extra []any
		if withCustomer {
			extra = []any{&ext, &name}
		}
		r, err := scanAccess(rows, extra...)
		if err != nil {
			return AccessPage{}, fmt.Errorf("store: scan access record: %w", err)
		}
		r.CustomerExternalID, r.CustomerName = ext, name
		page.Records = append(page.Records, r)
	}
	if err := rows.Err(); err != nil {
		return AccessPage{}, fmt.Errorf("store: access records: %w", err)
	}
	if len(page.Records) > limit {
		page.Records = page.Records[:limit]
		last := page.Records[limit-1]
		page.Next = &Cursor{At: last.At.Unix(), ID: last.ID}
	}
	return page, nil
}
