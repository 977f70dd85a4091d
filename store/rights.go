package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kinds of rights request a customer can make beyond consent and review. The names are part of the API.
const (
	RightsErase    = "erase"    // delete my data (GDPR Art. 17)
	RightsRestrict = "restrict" // keep my data but stop using it (Art. 18)
	RightsObject   = "object"   // stop using my data for this (Art. 21)
)

// RightsKinds lists the kinds in the order pages show them.
var RightsKinds = []string{RightsErase, RightsRestrict, RightsObject}

// States of a rights request. The first three are open: the brand still owes an answer.
const (
	RightsReceived   = "received"
	RightsInProgress = "in_progress"
	RightsExtended   = "extended" // the brand took more time (up to two more months), saying why
	RightsDone       = "done"
	RightsRefused    = "refused"
)

// RightsStatuses lists every state, in the order a request goes through them.
var RightsStatuses = []string{RightsReceived, RightsInProgress, RightsExtended, RightsDone, RightsRefused}

// Filters of the rights queue.
const (
	RightsFilterOpen    = "open"
	RightsFilterOverdue = "overdue"
	RightsFilterDone    = "done"
)

// RightsAnswerMonths is the time the brand has to answer, from receipt (GDPR Art. 12(3)); RightsMaxMonths is
// that time with the longest extension the article allows (two more months).
const (
	RightsAnswerMonths = 1
	RightsMaxMonths    = 3
)

// RightsOpen reports whether a request in this state still waits for the brand's answer.
func RightsOpen(status string) bool {
	return status == RightsReceived || status == RightsInProgress || status == RightsExtended
}

// RightsRequest is a customer asking the brand to erase their data, restrict its use, or object to it.
type RightsRequest struct {
	ID         int64
	BrandID    int64
	CustomerID int64
	Kind       string
	Message    string
	Method     string // where the customer asked: web, or staff on their behalf
	CreatedAt  time.Time
	Status     string
	DueDate    string    // the last day to answer in the brand's time zone, YYYY-MM-DD
	DueAt      time.Time // the end of that day: from then on an open request is overdue
	Answer     string    // the brand's final answer (done or refused)
	AnswerLang string    // language of the answer; "" means the brand's default
	AnsweredBy string
	UpdatedAt  time.Time
	Steps      []RightsStep // oldest first; filled by the reads that say so
}

// Overdue reports whether the request is open past its deadline at now.
func (r RightsRequest) Overdue(now time.Time) bool {
	return RightsOpen(r.Status) && !now.Before(r.DueAt)
}

// RightsStep is one step of a request's handling, as the customer reads it in its history.
type RightsStep struct {
	Status   string
	Note     string // the brand's answer or reason; the customer's message for the first step
	NoteLang string
	DueDate  string // the deadline from this step on
	Actor    string // staff e-mail, "api", or "" for the customer
	At       time.Time
}

// RightsChangeData is what the feed, webhooks and the rights API say of a rights request.
type RightsChangeData struct {
	RequestID  int64  `json:"id"`
	Customer   string `json:"customer"`
	Kind       string `json:"kind"`   // erase, restrict or object
	Status     string `json:"status"` // received, in_progress, extended, done or refused
	Message    string `json:"message"`
	Method     string `json:"method"`
	ReceivedAt string `json:"received_at"`
	Deadline   string `json:"deadline"` // YYYY-MM-DD in the brand's time zone
	Note       string `json:"note,omitempty"`
	NoteLang   string `json:"note_lang,omitempty"`
	UpdatedBy  string `json:"updated_by,omitempty"`
	UpdatedAt  string `json:"updated_at"`
}

// RightsUpdate is a step the brand takes on a request: a new status, with the answer or reason (Note) and, for
// an extension, the new last day (DueDate, YYYY-MM-DD).
type RightsUpdate struct {
	Status  string
	Note    string
	Lang    string
	DueDate string
	Actor   string
}

// Errors of rights requests, for handlers to explain.
var (
	ErrRightsKind     = errors.New("store: unknown kind of rights request")
	ErrRightsOpen     = errors.New("store: a request of this kind is already open")
	ErrRightsClosed   = errors.New("store: the request is already answered")
	ErrRightsStatus   = errors.New("store: this status cannot follow the request's current one")
	ErrRightsNote     = errors.New("store: this status needs an answer or a reason")
	ErrRightsDeadline = errors.New("store: the new deadline must be after the current one and at most three months after receipt")
)

// RightsDeadline returns the last day to answer a request received at received, months months later in loc
// (the brand's time zone), and the instant that day ends. A month later is the same day number; when the month
// has no such day (31 January), its last day (the EU rule for periods in months, Regulation 1182/71 Art. 3).
func RightsDeadline(received time.Time, loc *time.Location, months int) (string, time.Time) {
	day := addMonths(received.In(loc), months)
	return day.Format(time.DateOnly), day.AddDate(0, 0, 1)
}

// addMonths returns the start of the day months after t, in t's location, clamped to the end of short months.
func addMonths(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, t.Location())
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, t.Location())
}

// dueEnd returns the instant a YYYY-MM-DD day ends in loc.
func dueEnd(date string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, 1), nil
}

// brandLocation reads the brand's time zone in the transaction.
func brandLocation(ctx context.Context, tx querier, brandID int64) (*time.Location, error) {
	var tz string
	if err := tx.QueryRowContext(ctx, `SELECT timezone FROM brands WHERE id = ?`, brandID).Scan(&tz); err != nil {
		return nil, fmt.Errorf("store: brand time zone: %w", err)
	}
	return Brand{Timezone: tz}.Location(), nil
}

// OpenRights records a customer's request to erase, restrict or object, with its deadline one month after
// receipt in the brand's time zone, its first step, and the feed item, in one transaction. A second open request
// of the same kind is ErrRightsOpen.
func (db *DB) OpenRights(ctx context.Context, customerID int64, kind, message, method string, now time.Time) (RightsRequest, error) {
	now = now.UTC().Truncate(time.Second)
	r := RightsRequest{CustomerID: customerID, Kind: kind, Message: message, Method: method, CreatedAt: now, Status: RightsReceived, UpdatedAt: now}
	if kind != RightsErase && kind != RightsRestrict && kind != RightsObject {
		return r, ErrRightsKind
	}
	err := db.tx(ctx, func(tx *txn) error {
		var externalID string
		if err := tx.QueryRowContext(ctx, `SELECT brand_id, external_id FROM customers WHERE id = ?`, customerID).Scan(&r.BrandID, &externalID); err != nil {
			return fmt.Errorf("store: rights customer: %w", err)
		}
		loc, err := brandLocation(ctx, tx, r.BrandID)
		if err != nil {
			return err
		}
		r.DueDate, r.DueAt = RightsDeadline(now, loc, RightsAnswerMonths)
		err = tx.QueryRowContext(ctx, `INSERT INTO rights_requests (brand_id, customer_id, kind, message, method, created_at, due_date, due_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
			r.BrandID, customerID, kind, message, method, now.Unix(), r.DueDate, r.DueAt.Unix(), now.Unix()).Scan(&r.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrRightsOpen
		}
		if err != nil {
			return fmt.Errorf("store: open rights request: %w", err)
		}
		if err := moveOpenRights(ctx, tx, r.BrandID, r.DueAt.Unix(), 1); err != nil {
			return err
		}
		if err := addRightsStep(ctx, tx, r.BrandID, r.ID, RightsStep{Status: RightsReceived, Note: message, DueDate: r.DueDate, At: now}); err != nil {
			return err
		}
		r.Steps = []RightsStep{{Status: RightsReceived, Note: message, DueDate: r.DueDate, At: now}}
		if err := appendChange(ctx, tx, r.BrandID, ChangeRightsOpened, customerID, rightsData(r, externalID, RightsStep{}), now); err != nil {
			return err
		}
		return bumpDataRev(ctx, tx, customerID)
	})
	return r, err
}

func addRightsStep(ctx context.Context, tx querier, brandID, requestID int64, s RightsStep) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO rights_request_steps (brand_id, request_id, status, note, note_lang, due_date, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, brandID, requestID, s.Status, s.Note, s.NoteLang, s.DueDate, s.Actor, s.At.Unix()); err != nil {
		return fmt.Errorf("store: rights request step: %w", err)
	}
	return nil
}

func rightsData(r RightsRequest, externalID string, step RightsStep) RightsChangeData {
	return RightsChangeData{RequestID: r.ID, Customer: externalID, Kind: r.Kind, Status: r.Status, Message: r.Message, Method: r.Method,
		ReceivedAt: r.CreatedAt.UTC().Format(time.RFC3339), Deadline: r.DueDate, Note: step.Note, NoteLang: step.NoteLang,
		UpdatedBy: step.Actor, UpdatedAt: r.UpdatedAt.UTC().Format(time.RFC3339)}
}

// UpdateRights takes a step on one of the brand's open requests: in progress; extended to a new last day at most
// three months after receipt, once, with a reason; done or refused, with the answer the customer reads. The step,
// the request and the feed item are written in one transaction; an erasure request marked done erases the
// customer's data in it too (eraseCustomer). Another brand's request is ErrNotFound.
func (db *DB) UpdateRights(ctx context.Context, brandID, id int64, u RightsUpdate, now time.Time) (RightsRequest, error) {
	now = now.UTC().Truncate(time.Second)
	u.Note = strings.TrimSpace(u.Note)
	var r RightsRequest
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		// On PostgreSQL the row is locked as it is read, so that a step taken beside this one waits and then reads
		// the deadline this one sets (the count of open requests per deadline moves from the one read).
		r, err = scanRights(tx.QueryRowContext(ctx, `SELECT `+rightsCols+` FROM rights_requests WHERE brand_id = ? AND id = ?`+tx.d.forUpdate(), brandID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: rights request: %w", err)
		}
		if !RightsOpen(r.Status) {
			return ErrRightsClosed
		}
		wasDue := r.DueAt.Unix()
		switch u.Status {
		case RightsInProgress:
			if r.Status != RightsReceived {
				return ErrRightsStatus
			}
		case RightsExtended:
			if r.Status == RightsExtended {
				return ErrRightsStatus // the article allows one extension of up to two months, not a chain of them
			}
			if u.Note == "" {
				return ErrRightsNote
			}
			loc, err := brandLocation(ctx, tx, brandID)
			if err != nil {
				return err
			}
			end, err := dueEnd(u.DueDate, loc)
			longest, _ := RightsDeadline(r.CreatedAt, loc, RightsMaxMonths)
			if err != nil || !end.After(r.DueAt) || u.DueDate > longest {
				return ErrRightsDeadline
			}
			r.DueDate, r.DueAt = u.DueDate, end
		case RightsDone, RightsRefused:
			if u.Note == "" {
				return ErrRightsNote
			}
			r.Answer, r.AnswerLang, r.AnsweredBy = u.Note, u.Lang, u.Actor
		default:
			return ErrRightsStatus
		}
		r.Status, r.UpdatedAt = u.Status, now
		res, err := tx.ExecContext(ctx, `UPDATE rights_requests SET status = ?, due_date = ?, due_at = ?, answer = ?, answer_lang = ?, answered_by = ?, updated_at = ?
			WHERE brand_id = ? AND id = ? AND status IN ('received', 'in_progress', 'extended')`,
			r.Status, r.DueDate, r.DueAt.Unix(), r.Answer, r.AnswerLang, r.AnsweredBy, now.Unix(), brandID, id)
		if err != nil {
			return fmt.Errorf("store: update rights request: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrRightsClosed
		}
		if due := r.DueAt.Unix(); !RightsOpen(r.Status) || due != wasDue {
			if err := moveOpenRights(ctx, tx, brandID, wasDue, -1); err != nil {
				return err
			}
			if RightsOpen(r.Status) {
				if err := moveOpenRights(ctx, tx, brandID, due, 1); err != nil {
					return err
				}
			}
		}
		if r.Kind == RightsErase && r.Status == RightsDone {
			// Done means done: the customer's data goes with the answer, in this transaction (erase.go).
			if err := eraseCustomer(ctx, tx, brandID, r.CustomerID, now); err != nil {
				return err
			}
		}
		step := RightsStep{Status: u.Status, Note: u.Note, NoteLang: u.Lang, DueDate: r.DueDate, Actor: u.Actor, At: now}
		if err := addRightsStep(ctx, tx, brandID, id, step); err != nil {
			return err
		}
		var externalID string
		if err := tx.QueryRowContext(ctx, `SELECT external_id FROM customers WHERE id = ?`, r.CustomerID).Scan(&externalID); err != nil {
			return fmt.Errorf("store: rights customer: %w", err)
		}
		if err := appendChange(ctx, tx, brandID, ChangeRightsUpdated, r.CustomerID, rightsData(r, externalID, step), now); err != nil {
			return err
		}
		return bumpDataRev(ctx, tx, r.CustomerID)
	})
	if err != nil {
		return r, err
	}
	return r, db.fillRightsSteps(ctx, brandID, []*RightsRequest{&r})
}

const rightsCols = `id, brand_id, customer_id, kind, message, method, created_at, status, due_date, due_at, answer, answer_lang, answered_by, updated_at`

func scanRights(row interface{ Scan(...any) error }) (RightsRequest, error) {
	var r RightsRequest
	var created, due, updated int64
	err := row.Scan(&r.ID, &r.BrandID, &r.CustomerID, &r.Kind, &r.Message, &r.Method, &created, &r.Status, &r.DueDate, &due,
		&r.Answer, &r.AnswerLang, &r.AnsweredBy, &updated)
	r.CreatedAt, r.DueAt, r.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(due, 0).UTC(), time.Unix(updated, 0).UTC()
	return r, err
}

func (db *DB) rights(ctx context.Context, q string, args ...any) ([]RightsRequest, error) {
	rows, err := db.query(ctx, `SELECT `+rightsCols+` FROM rights_requests WHERE `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: rights requests: %w", err)
	}
	defer rows.Close()
	var out []RightsRequest
	for rows.Next() {
		r, err := scanRights(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan rights request: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: rights requests: %w", err)
	}
	return out, nil
}

// fillRightsSteps reads the history of the brand's requests rs in one query.
func (db *DB) fillRightsSteps(ctx context.Context, brandID int64, rs []*RightsRequest) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[int64]*RightsRequest, len(rs))
	args := []any{brandID}
	for _, r := range rs {
		byID[r.ID] = r
		r.Steps = nil
		args = append(args, r.ID)
	}
	rows, err := db.query(ctx, `SELECT request_id, status, note, note_lang, due_date, actor, at FROM rights_request_steps
		WHERE brand_id = ? AND request_id IN (`+placeholders(len(rs))+`) ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("store: rights steps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		var s RightsStep
		if err := rows.Scan(&id, &s.Status, &s.Note, &s.NoteLang, &s.DueDate, &s.Actor, &at); err != nil {
			return fmt.Errorf("store: scan rights step: %w", err)
		}
		s.At = time.Unix(at, 0).UTC()
		if r := byID[id]; r != nil {
			r.Steps = append(r.Steps, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: rights steps: %w", err)
	}
	return nil
}

func (db *DB) withSteps(ctx context.Context, brandID int64, rs []RightsRequest, err error) ([]RightsRequest, error) {
	if err != nil || len(rs) == 0 {
		return rs, err
	}
	ptrs := make([]*RightsRequest, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
	}
	return rs, db.fillRightsSteps(ctx, brandID, ptrs)
}

// CustomerRights lists a customer's rights requests with their history, newest first.
func (db *DB) CustomerRights(ctx context.Context, brandID, customerID int64) ([]RightsRequest, error) {
	rs, err := db.rights(ctx, `brand_id = ? AND customer_id = ? ORDER BY created_at DESC, id DESC`, brandID, customerID)
	return db.withSteps(ctx, brandID, rs, err)
}

// RightsByID returns one of the brand's rights requests with its history; another brand's is ErrNotFound.
func (db *DB) RightsByID(ctx context.Context, brandID, id int64) (RightsRequest, error) {
	rs, err := db.rights(ctx, `brand_id = ? AND id = ?`, brandID, id)
	if rs, err = db.withSteps(ctx, brandID, rs, err); err != nil {
		return RightsRequest{}, err
	}
	if len(rs) == 0 {
		return RightsRequest{}, ErrNotFound
	}
	return rs[0], nil
}

// RightsQueue lists the brand's requests with their history: open ones by deadline, so that overdue ones come
// first (their deadline is the earliest); only the overdue ones at now; or the answered ones, latest first.
func (db *DB) RightsQueue(ctx context.Context, brandID int64, filter string, now time.Time, limit int) ([]RightsRequest, error) {
	var rs []RightsRequest
	var err error
	switch filter {
	case RightsFilterOpen:
		rs, err = db.rights(ctx, `brand_id = ? AND status IN ('received', 'in_progress', 'extended') ORDER BY due_at, id LIMIT ?`, brandID, limit)
	case RightsFilterOverdue:
		rs, err = db.rights(ctx, `brand_id = ? AND status IN ('received', 'in_progress', 'extended') AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
			brandID, now.Unix(), limit)
	case RightsFilterDone:
		rs, err = db.rights(ctx, `brand_id = ? AND status IN ('done', 'refused') ORDER BY updated_at DESC, id DESC LIMIT ?`, brandID, limit)
	default:
		return nil, fmt.Errorf("store: rights queue: unknown filter %q", filter)
	}
	return db.withSteps(ctx, brandID, rs, err)
}

// CountOverdueRights counts the brand's open requests past their deadline at now, for the privacy team's overview,
// from the open requests counted per deadline (rights_open_due): a row per day of deadlines passed with requests
// still open, never a row per request.
func (db *DB) CountOverdueRights(ctx context.Context, brandID int64, now time.Time) (int, error) {
	var n int
	if err := db.queryRow(ctx, `SELECT coalesce(sum(requests), 0) FROM rights_open_due WHERE brand_id = ? AND due_at <= ?`,
		brandID, now.Unix()).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: overdue rights requests: %w", err)
	}
	return n, nil
}

// moveOpenRights keeps the brand's count of open requests per deadline (rights_open_due) in step with a request
// opened (+1), answered (-1) or given a new deadline (-1 at the old one, +1 at the new); a deadline left with
// none is removed, so the overdue count reads only the days that still have open requests.
func moveOpenRights(ctx context.Context, tx querier, brandID, dueAt int64, delta int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO rights_open_due (brand_id, due_at, requests) VALUES (?, ?, ?)
		ON CONFLICT (brand_id, due_at) DO UPDATE SET requests = rights_open_due.requests + excluded.requests`, brandID, dueAt, delta); err != nil {
		return fmt.Errorf("store: open rights requests per deadline: %w", err)
	}
	if delta < 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rights_open_due WHERE brand_id = ? AND due_at = ? AND requests = 0`, brandID, dueAt); err != nil {
			return fmt.Errorf("store: open rights requests per deadline: %w", err)
		}
	}
	return nil
}
