package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Why a customer must be left out of a purpose, as the brand API names it.
const (
	ExcludedRefused    = "refused"     // the customer said no and had never said yes
	ExcludedWithdrawn  = "withdrawn"   // the customer said yes, then took it back
	ExcludedObjected   = "objected"    // the customer objected to a use on the brand's legitimate interest
	ExcludedNeverAsked = "never_asked" // a consent purpose the customer never answered: no consent is a no
)

// RefusalReason names a refusal the way the law does: an objection for a legitimate interest, a withdrawal when
// the customer had granted the purpose before, else a refusal.
func RefusalReason(legalBasis string, wasGranted bool) string {
	switch {
	case legalBasis == "legitimate_interest":
		return ExcludedObjected
	case wasGranted:
		return ExcludedWithdrawn
	default:
		return ExcludedRefused
	}
}

// ConsentState is where one customer stood on one purpose at an instant: their latest recorded choice.
type ConsentState struct {
	CustomerID int64
	PurposeID  int64
	State      string // granted or refused
	At         time.Time
	ReceiptID  string
	WasGranted bool // an earlier choice granted the purpose: a refusal now is a withdrawal
}

// ConsentKey identifies a customer's choice on a purpose in the map ConsentStates returns.
type ConsentKey struct{ CustomerID, PurposeID int64 }

// consentStatesChunk bounds the placeholders of one query, well under both engines' limits.
const consentStatesChunk = 500

// ConsentStates returns the latest choice at or before asOf of each of the brand's customers given, on each
// purpose they answered. It reads the history rather than the current state, so that the receipt, the time and
// whether the customer had granted the purpose before come from the same record; the latest record is the one
// the current state follows (latest in time, then latest written).
func (db *DB) ConsentStates(ctx context.Context, brandID int64, customerIDs []int64, asOf time.Time) (map[ConsentKey]ConsentState, error) {
	out := map[ConsentKey]ConsentState{}
	for start := 0; start < len(customerIDs); start += consentStatesChunk {
		ids := customerIDs[start:min(start+consentStatesChunk, len(customerIDs))]
		args := []any{brandID, asOf.Unix()}
		for _, id := range ids {
			args = append(args, id)
		}
		// Unprepared: the number of placeholders varies, and the statement cache is kept for fixed queries.
		rows, err := db.r.QueryContext(ctx, `SELECT customer_id, purpose_id, state, receipt_id, at FROM consent_history
			WHERE brand_id = ? AND at <= ? AND customer_id IN (`+placeholders(len(ids))+`) ORDER BY customer_id, purpose_id, at, id`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: consent states: %w", err)
		}
		for rows.Next() {
			var s ConsentState
			var at int64
			if err := rows.Scan(&s.CustomerID, &s.PurposeID, &s.State, &s.ReceiptID, &at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan consent state: %w", err)
			}
			s.At = time.Unix(at, 0).UTC()
			k := ConsentKey{s.CustomerID, s.PurposeID}
			if prev, ok := out[k]; ok {
				s.WasGranted = prev.WasGranted || prev.State == ConsentGranted
			}
			out[k] = s
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: consent states: %w", err)
		}
	}
	return out, nil
}

// placeholders is the list of n question marks of an IN (…) clause.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Exclusion is a customer who must be left out of a purpose at an instant, and why.
type Exclusion struct {
	CustomerID int64
	ExternalID string
	Reason     string    // refused, withdrawn, objected or never_asked
	Since      time.Time // when the refusal was recorded; zero for never_asked
	ReceiptID  string    // the refusal's receipt; "" for never_asked
}

// Excluded reads up to scan of the brand's customers with an id above after, in id order, and returns those who
// must be left out of the purpose as of asOf: their latest choice on it at or before asOf is a refusal, or, for a
// purpose on consent, they had made none. last is the id of the last customer read (0 when none was: the end).
//
// It reads a fixed number of customers rather than filling a page of exclusions: walking the customers' primary
// key with one index probe each is the plan both engines keep whatever the share of refusals, where filtering in
// SQL lets PostgreSQL's planner sort the brand's remaining customers for every page. The probes are scalar
// subqueries with LIMIT 1, not EXISTS, which PostgreSQL would turn into a scan of the purpose's whole history.
func (db *DB) Excluded(ctx context.Context, brandID int64, p *Purpose, asOf time.Time, after int64, scan int) (out []Exclusion, last int64, err error) {
	rows, err := db.query(ctx, `SELECT c.id, c.external_id,
		(SELECT l.state || ' ' || l.at || ' ' || l.receipt_id FROM consent_history l WHERE l.brand_id = c.brand_id AND l.purpose_id = ?
			AND l.customer_id = c.id AND l.at <= ? ORDER BY l.at DESC, l.id DESC LIMIT 1),
		(SELECT 1 FROM consent_history g WHERE g.brand_id = c.brand_id AND g.purpose_id = ? AND g.customer_id = c.id AND g.state = 'granted'
			AND g.at <= ? LIMIT 1)
		FROM customers c WHERE c.brand_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`, p.ID, asOf.Unix(), p.ID, asOf.Unix(), brandID, after, scan)
	if err != nil {
		return nil, 0, fmt.Errorf("store: excluded: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Exclusion
		var latest sql.NullString
		var granted sql.NullInt64
		if err := rows.Scan(&e.CustomerID, &e.ExternalID, &latest, &granted); err != nil {
			return nil, 0, fmt.Errorf("store: scan excluded: %w", err)
		}
		last = e.CustomerID
		switch state, rest, _ := strings.Cut(latest.String, " "); {
		case !latest.Valid && p.LegalBasis == "consent":
			e.Reason = ExcludedNeverAsked
		case state == ConsentRefused:
			at, receipt, _ := strings.Cut(rest, " ")
			unix, err := strconv.ParseInt(at, 10, 64)
			if err != nil {
				return nil, 0, fmt.Errorf("store: excluded: time of %q: %w", latest.String, err)
			}
			// The latest choice is a refusal, so any grant at or before asOf came before it: the refusal withdrew it.
			e.Reason, e.Since, e.ReceiptID = RefusalReason(p.LegalBasis, granted.Valid), time.Unix(unix, 0).UTC(), receipt
		default:
			continue
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: excluded: %w", err)
	}
	return out, last, nil
}

// CustomersByExternalID returns the brand's customers among the external ids given, by external id; ids no
// customer has are left out.
func (db *DB) CustomersByExternalID(ctx context.Context, brandID int64, externalIDs []string) (map[string]int64, error) {
	out := map[string]int64{}
	for start := 0; start < len(externalIDs); start += consentStatesChunk {
		ids := externalIDs[start:min(start+consentStatesChunk, len(externalIDs))]
		args := []any{brandID}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT external_id, id FROM customers WHERE brand_id = ? AND external_id IN (`+placeholders(len(ids))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: customers by external id: %w", err)
		}
		for rows.Next() {
			var ext string
			var id int64
			if err := rows.Scan(&ext, &id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan customer id: %w", err)
			}
			out[ext] = id
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: customers by external id: %w", err)
		}
	}
	return out, nil
}

// CustomerExternalIDs returns the external ids of the brand's customers given, by vitrine id, for answers that
// name customers the way the brand does.
func (db *DB) CustomerExternalIDs(ctx context.Context, brandID int64, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for start := 0; start < len(ids); start += consentStatesChunk {
		chunk := ids[start:min(start+consentStatesChunk, len(ids))]
		args := []any{brandID}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT id, external_id FROM customers WHERE brand_id = ? AND id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: customer external ids: %w", err)
		}
		for rows.Next() {
			var id int64
			var ext string
			if err := rows.Scan(&id, &ext); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan external id: %w", err)
			}
			out[id] = ext
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: customer external ids: %w", err)
		}
	}
	return out, nil
}

const reviewDataQuery = `SELECT r.id, c.external_id, e.event_key, s.slug, r.status, r.message, r.method, r.created_at, r.outcome, r.outcome_lang,
	r.reviewed_by, r.reviewed_at, r.kind, r.due_at FROM review_requests r JOIN customers c ON c.brand_id = r.brand_id AND c.id = r.customer_id
	JOIN usage_events e ON e.brand_id = r.brand_id AND e.id = r.event_id JOIN ai_systems s ON s.brand_id = e.brand_id AND s.id = e.system_id
	WHERE r.brand_id = ?`

// ReviewsData lists the brand's review requests in a state as the reviews API shows them, oldest first (the
// order to answer them in), after the request id after.
func (db *DB) ReviewsData(ctx context.Context, brandID int64, status string, after int64, limit int) ([]ReviewChangeData, error) {
	rows, err := db.query(ctx, reviewDataQuery+` AND r.status = ? AND r.id > ? ORDER BY r.id LIMIT ?`, brandID, status, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: reviews data: %w", err)
	}
	defer rows.Close()
	var out []ReviewChangeData
	for rows.Next() {
		r, err := scanReviewData(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reviews data: %w", err)
	}
	return out, nil
}

// ReviewData returns one of the brand's review requests as the reviews API shows it; another brand's is
// ErrNotFound.
func (db *DB) ReviewData(ctx context.Context, brandID, id int64) (ReviewChangeData, error) {
	r, err := scanReviewData(db.queryRow(ctx, reviewDataQuery+` AND r.id = ?`, brandID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

func scanReviewData(row interface{ Scan(...any) error }) (ReviewChangeData, error) {
	var r ReviewChangeData
	var created, due int64
	var reviewed sql.NullInt64
	if err := row.Scan(&r.ReviewID, &r.Customer, &r.EventID, &r.System, &r.Status, &r.Message, &r.Method, &created, &r.Outcome,
		&r.OutcomeLang, &r.ReviewedBy, &reviewed, &r.Kind, &due); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return r, err
		}
		return r, fmt.Errorf("store: scan review data: %w", err)
	}
	r.RequestedAt = time.Unix(created, 0).UTC().Format(time.RFC3339)
	r.DueAt = time.Unix(due, 0).UTC().Format(time.RFC3339)
	if reviewed.Valid {
		r.ReviewedAt = time.Unix(reviewed.Int64, 0).UTC().Format(time.RFC3339)
	}
	return r, nil
}
