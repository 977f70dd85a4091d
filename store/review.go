package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Review request states.
const (
	ReviewPending  = "pending"
	ReviewReviewed = "reviewed"
)

// ReviewRequest is a customer asking a person to look again at an automated decision.
type ReviewRequest struct {
	ID          int64
	BrandID     int64
	CustomerID  int64
	EventID     int64
	Message     string
	Method      string
	CreatedAt   time.Time
	Status      string
	Outcome     string
	OutcomeLang string // language the outcome is written in; "" means the brand's default
	ReviewedBy  string
	ReviewedAt  *time.Time
}

// ReviewChangeData is what the feed, webhooks and the reviews API say of a review request.
type ReviewChangeData struct {
	ReviewID    int64  `json:"id"`
	Customer    string `json:"customer"`
	EventID     string `json:"event_id"` // the id the brand gave the decision event
	System      string `json:"system"`
	Status      string `json:"status"` // pending or reviewed
	Message     string `json:"message"`
	Method      string `json:"method"` // where the customer asked: web or widget
	RequestedAt string `json:"requested_at"`
	Outcome     string `json:"outcome,omitempty"`
	OutcomeLang string `json:"outcome_lang,omitempty"`
	ReviewedBy  string `json:"reviewed_by,omitempty"`
	ReviewedAt  string `json:"reviewed_at,omitempty"`
}

// ErrAlreadyRequested is returned when a review of the same decision was already asked for.
var ErrAlreadyRequested = errors.New("store: review already requested")

// ErrNotReviewable is returned when the event is not the customer's, or not an automated decision.
var ErrNotReviewable = errors.New("store: not a decision of this customer")

// RequestReview records a customer's request for a human review of one of their decision events.
func (db *DB) RequestReview(ctx context.Context, customerID, eventID int64, message, method string, now time.Time) (ReviewRequest, error) {
	r := ReviewRequest{CustomerID: customerID, EventID: eventID, Message: message, Method: method, CreatedAt: now.UTC().Truncate(time.Second), Status: ReviewPending}
	err := db.tx(ctx, func(tx *txn) error {
		var action, eventKey, system, externalID string
		err := tx.QueryRowContext(ctx, `SELECT e.brand_id, e.action, e.event_key, s.slug, c.external_id FROM usage_events e
			JOIN ai_systems s ON s.brand_id = e.brand_id AND s.id = e.system_id JOIN customers c ON c.brand_id = e.brand_id AND c.id = e.customer_id
			WHERE e.id = ? AND e.customer_id = ?`, eventID, customerID).Scan(&r.BrandID, &action, &eventKey, &system, &externalID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && action != ActionDecision) {
			return ErrNotReviewable
		}
		if err != nil {
			return fmt.Errorf("store: review event: %w", err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO review_requests (brand_id, customer_id, event_id, message, method, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`, r.BrandID, customerID, eventID, message, method, r.CreatedAt.Unix()).Scan(&r.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrAlreadyRequested
		}
		if err != nil {
			return fmt.Errorf("store: request review: %w", err)
		}
		if err := appendChange(ctx, tx, r.BrandID, ChangeReviewRequested, customerID, ReviewChangeData{ReviewID: r.ID, Customer: externalID,
			EventID: eventKey, System: system, Status: ReviewPending, Message: message, Method: method, RequestedAt: r.CreatedAt.Format(time.RFC3339)}, now); err != nil {
			return err
		}
		return bumpDataRev(ctx, tx, customerID)
	})
	return r, err
}

// bumpDataRev moves the customer's data revision in the transaction of a change the customer's pages show, so
// that the memoised reads of their data (CustomerData) are read again, in this process and every other.
func bumpDataRev(ctx context.Context, tx querier, customerID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET data_rev = data_rev + 1 WHERE id = ?`, customerID); err != nil { // id is unique in both schemas
		return fmt.Errorf("store: data revision: %w", err)
	}
	return nil
}

const reviewCols = `id, brand_id, customer_id, event_id, message, method, created_at, status, outcome, reviewed_by, reviewed_at, outcome_lang`

func scanReview(row interface{ Scan(...any) error }) (ReviewRequest, error) {
	var r ReviewRequest
	var created int64
	var reviewed sql.NullInt64
	err := row.Scan(&r.ID, &r.BrandID, &r.CustomerID, &r.EventID, &r.Message, &r.Method, &created, &r.Status, &r.Outcome, &r.ReviewedBy, &reviewed, &r.OutcomeLang)
	r.CreatedAt = time.Unix(created, 0).UTC()
	if reviewed.Valid {
		t := time.Unix(reviewed.Int64, 0).UTC()
		r.ReviewedAt = &t
	}
	return r, err
}

func (db *DB) reviews(ctx context.Context, q string, args ...any) ([]ReviewRequest, error) {
	rows, err := db.query(ctx, `SELECT `+reviewCols+` FROM review_requests WHERE `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	defer rows.Close()
	var out []ReviewRequest
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan review: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CustomerReviews lists a customer's review requests, newest first.
func (db *DB) CustomerReviews(ctx context.Context, customerID int64) ([]ReviewRequest, error) {
	return db.reviews(ctx, `customer_id = ? ORDER BY created_at DESC, id DESC`, customerID)
}

// ReviewQueue lists a brand's review requests in a state, oldest first (the order staff should answer them).
func (db *DB) ReviewQueue(ctx context.Context, brandID int64, status string, limit int) ([]ReviewRequest, error) {
	return db.reviews(ctx, `brand_id = ? AND status = ? ORDER BY created_at, id LIMIT ?`, brandID, status, limit)
}

// ResolveReview marks a pending review of the brand as reviewed with the outcome the customer will read, written
// in lang (a BCP 47 tag; "" means the brand's default language).
func (db *DB) ResolveReview(ctx context.Context, brandID, id int64, reviewer, outcome, lang string, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		var customerID, eventID, created int64
		var message, method string
		err := tx.QueryRowContext(ctx, `UPDATE review_requests SET status = 'reviewed', outcome = ?, outcome_lang = ?, reviewed_by = ?, reviewed_at = ?
			WHERE id = ? AND brand_id = ? AND status = 'pending' RETURNING customer_id, event_id, message, method, created_at`,
			outcome, lang, reviewer, now.Unix(), id, brandID).Scan(&customerID, &eventID, &message, &method, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: resolve review: %w", err)
		}
		var eventKey, system, externalID string
		if err := tx.QueryRowContext(ctx, `SELECT e.event_key, s.slug, c.external_id FROM usage_events e
			JOIN ai_systems s ON s.brand_id = e.brand_id AND s.id = e.system_id JOIN customers c ON c.brand_id = e.brand_id AND c.id = e.customer_id
			WHERE e.brand_id = ? AND e.id = ?`, brandID, eventID).Scan(&eventKey, &system, &externalID); err != nil {
			return fmt.Errorf("store: reviewed event: %w", err)
		}
		answered := now.UTC().Format(time.RFC3339)
		if err := appendChange(ctx, tx, brandID, ChangeReviewAnswered, customerID, ReviewChangeData{ReviewID: id, Customer: externalID,
			EventID: eventKey, System: system, Status: ReviewReviewed, Message: message, Method: method, RequestedAt: time.Unix(created, 0).UTC().Format(time.RFC3339),
			Outcome: outcome, OutcomeLang: lang, ReviewedBy: reviewer, ReviewedAt: answered}, now); err != nil {
			return err
		}
		return bumpDataRev(ctx, tx, customerID)
	})
}

// EventByID returns one of the customer's events; another customer's event is ErrNotFound.
func (db *DB) EventByID(ctx context.Context, customerID, eventID int64) (Event, error) {
	e, err := scanEvent(db.queryRow(ctx, `SELECT `+eventCols+` FROM usage_events WHERE id = ? AND customer_id = ?`, eventID, customerID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("store: event by id: %w", err)
	}
	return e, nil
}
