package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Review request states.
const (
	ReviewPending  = "pending"
	ReviewReviewed = "reviewed"
)

// What a customer asks about an automated decision (GDPR Art. 22(3)): that a person look at it again, that their
// point of view be heard, or that it be changed. Each is answered by a person, once, before DueAt.
const (
	KindReview      = "review"        // obtain human intervention
	KindPointOfView = "point_of_view" // express their point of view
	KindContest     = "contest"       // contest the decision
)

// ReviewKinds lists the kinds in the order pages offer them.
var ReviewKinds = []string{KindReview, KindPointOfView, KindContest}

// AnswerWithin is how long the brand has to answer: one month (GDPR Art. 12(3)).
func AnswerWithin(asked time.Time) time.Time { return asked.AddDate(0, 1, 0) }

// ReviewRequest is a customer asking about an automated decision: a review by a person, their point of view, or a
// contest (Kind).
type ReviewRequest struct {
	ID          int64
	BrandID     int64
	CustomerID  int64
	EventID     int64
	Kind        string
	DueAt       time.Time // when the brand must have answered
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
	Kind        string `json:"kind"`   // review, point_of_view or contest
	Status      string `json:"status"` // pending or reviewed
	Message     string `json:"message"`
	Method      string `json:"method"` // where the customer asked: web or widget
	RequestedAt string `json:"requested_at"`
	DueAt       string `json:"due_at"` // when the brand must have answered: one month after the request
	Outcome     string `json:"outcome,omitempty"`
	OutcomeLang string `json:"outcome_lang,omitempty"`
	ReviewedBy  string `json:"reviewed_by,omitempty"`
	ReviewedAt  string `json:"reviewed_at,omitempty"`
}

// ErrAlreadyRequested is returned when the same kind of request about the same decision was already made.
var ErrAlreadyRequested = errors.New("store: review already requested")

// ErrNotReviewable is returned when the event is not the customer's, or not an automated decision.
var ErrNotReviewable = errors.New("store: not a decision of this customer")

// ErrBadKind is returned for a request kind that is not one of ReviewKinds.
var ErrBadKind = errors.New("store: unknown kind of request")

// RequestReview records a customer's request about one of their decision events: kind is KindReview,
// KindPointOfView or KindContest.
func (db *DB) RequestReview(ctx context.Context, customerID, eventID int64, kind, message, method string, now time.Time) (ReviewRequest, error) {
	if !slices.Contains(ReviewKinds, kind) {
		return ReviewRequest{}, ErrBadKind
	}
	created := now.UTC().Truncate(time.Second)
	r := ReviewRequest{CustomerID: customerID, EventID: eventID, Kind: kind, DueAt: AnswerWithin(created), Message: message, Method: method,
		CreatedAt: created, Status: ReviewPending}
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
		err = tx.QueryRowContext(ctx, `INSERT INTO review_requests (brand_id, customer_id, event_id, kind, message, method, created_at, due_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`, r.BrandID, customerID, eventID, kind, message, method,
			r.CreatedAt.Unix(), r.DueAt.Unix()).Scan(&r.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrAlreadyRequested
		}
		if err != nil {
			return fmt.Errorf("store: request review: %w", err)
		}
		if err := movePendingReviews(ctx, tx, r.BrandID, 1); err != nil {
			return err
		}
		if err := appendChange(ctx, tx, r.BrandID, ChangeReviewRequested, customerID, ReviewChangeData{ReviewID: r.ID, Customer: externalID,
			EventID: eventKey, System: system, Kind: kind, Status: ReviewPending, Message: message, Method: method,
			RequestedAt: r.CreatedAt.Format(time.RFC3339), DueAt: r.DueAt.Format(time.RFC3339)}, now); err != nil {
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

const reviewCols = `id, brand_id, customer_id, event_id, message, method, created_at, status, outcome, reviewed_by, reviewed_at, outcome_lang, kind, due_at`

func scanReview(row interface{ Scan(...any) error }) (ReviewRequest, error) {
	var r ReviewRequest
	var created, due int64
	var reviewed sql.NullInt64
	err := row.Scan(&r.ID, &r.BrandID, &r.CustomerID, &r.EventID, &r.Message, &r.Method, &created, &r.Status, &r.Outcome, &r.ReviewedBy, &reviewed,
		&r.OutcomeLang, &r.Kind, &due)
	r.CreatedAt = time.Unix(created, 0).UTC()
	r.DueAt = time.Unix(due, 0).UTC()
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
		var customerID, eventID, created, due int64
		var message, method, kind string
		err := tx.QueryRowContext(ctx, `UPDATE review_requests SET status = 'reviewed', outcome = ?, outcome_lang = ?, reviewed_by = ?, reviewed_at = ?
			WHERE id = ? AND brand_id = ? AND status = 'pending' RETURNING customer_id, event_id, message, method, created_at, kind, due_at`,
			outcome, lang, reviewer, now.Unix(), id, brandID).Scan(&customerID, &eventID, &message, &method, &created, &kind, &due)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: resolve review: %w", err)
		}
		if err := movePendingReviews(ctx, tx, brandID, -1); err != nil {
			return err
		}
		var eventKey, system, externalID string
		if err := tx.QueryRowContext(ctx, `SELECT e.event_key, s.slug, c.external_id FROM usage_events e
			JOIN ai_systems s ON s.brand_id = e.brand_id AND s.id = e.system_id JOIN customers c ON c.brand_id = e.brand_id AND c.id = e.customer_id
			WHERE e.brand_id = ? AND e.id = ?`, brandID, eventID).Scan(&eventKey, &system, &externalID); err != nil {
			return fmt.Errorf("store: reviewed event: %w", err)
		}
		answered := now.UTC().Format(time.RFC3339)
		if err := appendChange(ctx, tx, brandID, ChangeReviewAnswered, customerID, ReviewChangeData{ReviewID: id, Customer: externalID,
			EventID: eventKey, System: system, Kind: kind, Status: ReviewReviewed, Message: message, Method: method,
			RequestedAt: time.Unix(created, 0).UTC().Format(time.RFC3339), DueAt: time.Unix(due, 0).UTC().Format(time.RFC3339),
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

// movePendingReviews keeps the brand's count of review requests waiting for a person (review_totals) in step with
// a request made (+1) or answered (-1), so the console's front page reads one row instead of counting the queue.
func movePendingReviews(ctx context.Context, tx querier, brandID int64, delta int) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO review_totals (brand_id, pending) VALUES (?, ?)
		ON CONFLICT (brand_id) DO UPDATE SET pending = review_totals.pending + excluded.pending`, brandID, delta); err != nil {
		return fmt.Errorf("store: pending reviews: %w", err)
	}
	return nil
}
