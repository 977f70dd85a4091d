package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Types of the changes a brand follows in its feed and receives as webhooks. The names are part of the API.
const (
	ChangeConsent         = "consent.changed"
	ChangeReviewRequested = "review.requested"
	ChangeReviewAnswered  = "review.answered"
	ChangeRightsOpened    = "rights_request.opened"
	ChangeRightsUpdated   = "rights_request.updated"
	ChangeViolation       = "consent_violation.detected"
	ChangeRegistry        = "registry.changed"
	ChangeWebhookTest     = "webhook.test" // sent to one endpoint on request; never in the feed
)

// ChangeTypes lists the types of the feed, in the order the documentation gives them.
var ChangeTypes = []string{ChangeConsent, ChangeReviewRequested, ChangeReviewAnswered, ChangeRightsOpened,
	ChangeRightsUpdated, ChangeViolation, ChangeRegistry}

// Change is one item of a brand's change feed: something the brand's systems must act on.
type Change struct {
	BrandID    int64
	Seq        int64  // the change's number in the brand's feed: the cursor after it
	MsgID      string // the id webhooks carry, the same on every retry
	Type       string
	CustomerID int64           // 0 when the change is about no one customer
	Data       json.RawMessage // the change's fields, as the API shows them
	CreatedAt  time.Time
}

// appendChange writes a change to the brand's feed in the caller's transaction, so that it exists exactly when
// the change it describes does. Taking the next number locks the brand's counter row until commit: changes of
// one brand commit in the order of their numbers, which is what lets a cursor never skip one.
func appendChange(ctx context.Context, tx querier, brandID int64, typ string, customerID int64, data any, now time.Time) error {
	body, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("store: change %s: %w", typ, err)
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO change_counters (brand_id, last_seq) VALUES (?, 1)
		ON CONFLICT (brand_id) DO UPDATE SET last_seq = change_counters.last_seq + 1 RETURNING last_seq`, brandID).Scan(&seq); err != nil {
		return fmt.Errorf("store: next change number: %w", err)
	}
	c := Change{BrandID: brandID, Seq: seq, MsgID: newMsgID(), Type: typ, CustomerID: customerID, Data: body, CreatedAt: now.UTC().Truncate(time.Second)}
	if _, err := tx.ExecContext(ctx, `INSERT INTO brand_changes (brand_id, seq, msg_id, type, customer_id, data, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, brandID, seq, c.MsgID, typ, customerID, string(body), now.Unix()); err != nil {
		return fmt.Errorf("store: append change: %w", err)
	}
	return queueDeliveries(ctx, tx, c, now)
}

// newMsgID returns a random id in the form Standard Webhooks suggests (msg_ and a unique string).
func newMsgID() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b)
	return "msg_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// Changes returns up to limit changes of the brand after the cursor (a change number; 0 for the start), oldest
// first. Numbers are given in commit order (see appendChange), so reading on from the last number returned
// neither skips nor repeats a change.
func (db *DB) Changes(ctx context.Context, brandID, after int64, types []string, limit int) ([]Change, error) {
	q := `SELECT brand_id, seq, msg_id, type, customer_id, data, created_at FROM brand_changes WHERE brand_id = ? AND seq > ?`
	args := []any{brandID, after}
	if len(types) > 0 {
		q += ` AND type IN (` + placeholders(len(types)) + `)`
		for _, t := range types {
			args = append(args, t)
		}
	}
	rows, err := db.query(ctx, q+` ORDER BY seq LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var data string
		var created int64
		if err := rows.Scan(&c.BrandID, &c.Seq, &c.MsgID, &c.Type, &c.CustomerID, &data, &created); err != nil {
			return nil, fmt.Errorf("store: scan change: %w", err)
		}
		c.Data = json.RawMessage(data)
		c.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastChange returns the number of the brand's latest change, 0 when it has none.
func (db *DB) LastChange(ctx context.Context, brandID int64) (int64, error) {
	var n int64
	err := db.queryRow(ctx, `SELECT coalesce(max(last_seq), 0) FROM change_counters WHERE brand_id = ?`, brandID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: last change: %w", err)
	}
	return n, nil
}
