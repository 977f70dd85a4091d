package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // given up after the retry schedule, or the endpoint was disabled
)

// WebhookEndpoint is a URL of the brand's that receives its changes as signed HTTP POSTs.
type WebhookEndpoint struct {
	ID             int64
	BrandID        int64
	URL            string
	EventTypes     []string // empty means every type of the feed
	Secret         string   // whsec_ and the base64 key, the Standard Webhooks form
	Description    string
	CreatedAt      time.Time
	FailingSince   *time.Time
	DisabledAt     *time.Time
	DisabledReason string
}

// Wants reports whether the endpoint subscribed to changes of this type.
func (w WebhookEndpoint) Wants(typ string) bool {
	return len(w.EventTypes) == 0 || slices.Contains(w.EventTypes, typ)
}

// WebhookDelivery is one change on its way to one endpoint: sent until the endpoint answers 2xx or the retry
// schedule runs out, with the same message id each time.
type WebhookDelivery struct {
	ID            int64
	BrandID       int64
	EndpointID    int64
	Seq           int64 // the change delivered; 0 for a test event
	MsgID         string
	Type          string
	Payload       string // the JSON body sent
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LastCode      int
	LastError     string
	CreatedAt     time.Time
	DeliveredAt   *time.Time
}

// ErrBadEventType is returned when an endpoint would subscribe to a type the feed does not have.
var ErrBadEventType = errors.New("store: unknown change type")

// CreateWebhookEndpoint registers an endpoint with a new signing secret, which it returns (shown once). The
// endpoint receives the changes made from now on; earlier ones are in the feed.
func (db *DB) CreateWebhookEndpoint(ctx context.Context, brandID int64, url, description string, types []string, now time.Time) (WebhookEndpoint, error) {
	for _, t := range types {
		if !slices.Contains(ChangeTypes, t) {
			return WebhookEndpoint{}, fmt.Errorf("%w: %q", ErrBadEventType, t)
		}
	}
	key := make([]byte, 24)
	if _, err := rand.Read(key); err != nil {
		return WebhookEndpoint{}, fmt.Errorf("store: webhook secret: %w", err)
	}
	w := WebhookEndpoint{BrandID: brandID, URL: url, EventTypes: types, Secret: "whsec_" + base64.StdEncoding.EncodeToString(key),
		Description: description, CreatedAt: now.UTC().Truncate(time.Second)}
	err := db.w.QueryRowContext(ctx, db.d.rebind(`INSERT INTO webhook_endpoints (brand_id, url, event_types, secret, description, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), brandID, url, strings.Join(types, ","), w.Secret, description, w.CreatedAt.Unix()).Scan(&w.ID)
	if err != nil {
		return WebhookEndpoint{}, fmt.Errorf("store: create webhook endpoint: %w", err)
	}
	return w, nil
}

const endpointCols = `id, brand_id, url, event_types, secret, description, created_at, failing_since, disabled_at, disabled_reason`

func scanEndpoint(row interface{ Scan(...any) error }) (WebhookEndpoint, error) {
	var w WebhookEndpoint
	var types string
	var created int64
	var failing, disabled sql.NullInt64
	if err := row.Scan(&w.ID, &w.BrandID, &w.URL, &types, &w.Secret, &w.Description, &created, &failing, &disabled, &w.DisabledReason); err != nil {
		return w, err
	}
	if types != "" {
		w.EventTypes = strings.Split(types, ",")
	}
	w.CreatedAt = time.Unix(created, 0).UTC()
	w.FailingSince = optTime(failing)
	w.DisabledAt = optTime(disabled)
	return w, nil
}

func optTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(v.Int64, 0).UTC()
	return &t
}

// WebhookEndpoints lists the brand's endpoints, oldest first.
func (db *DB) WebhookEndpoints(ctx context.Context, brandID int64) ([]WebhookEndpoint, error) {
	return db.endpoints(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE brand_id = ? ORDER BY id`, brandID)
}

// ActiveWebhookEndpoints lists every brand's endpoints that are not disabled, for the dispatcher.
func (db *DB) ActiveWebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error) {
	return db.endpoints(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE disabled_at IS NULL ORDER BY brand_id, id`)
}

func (db *DB) endpoints(ctx context.Context, q string, args ...any) ([]WebhookEndpoint, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: webhook endpoints: %w", err)
	}
	defer rows.Close()
	var out []WebhookEndpoint
	for rows.Next() {
		w, err := scanEndpoint(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan webhook endpoint: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// WebhookEndpoint returns one of the brand's endpoints; another brand's is ErrNotFound.
func (db *DB) WebhookEndpoint(ctx context.Context, brandID, id int64) (WebhookEndpoint, error) {
	w, err := scanEndpoint(db.queryRow(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE brand_id = ? AND id = ?`, brandID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return w, ErrNotFound
	}
	if err != nil {
		return w, fmt.Errorf("store: webhook endpoint: %w", err)
	}
	return w, nil
}

// DeleteWebhookEndpoint removes one of the brand's endpoints and its deliveries; nothing more is sent to it.
func (db *DB) DeleteWebhookEndpoint(ctx context.Context, brandID, id int64) error {
	return db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE brand_id = ? AND id = ?`, brandID, id)
		if err != nil {
			return fmt.Errorf("store: delete webhook endpoint: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE brand_id = ? AND endpoint_id = ?`, brandID, id); err != nil {
			return fmt.Errorf("store: delete webhook deliveries: %w", err)
		}
		return nil
	})
}

// EnableWebhookEndpoint turns a disabled endpoint back on; it then receives changes from now on, not the ones
// missed while it was off (the feed has them, and a delivery can be replayed).
func (db *DB) EnableWebhookEndpoint(ctx context.Context, brandID, id int64) error {
	res, err := db.w.ExecContext(ctx, db.d.rebind(`UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = '', failing_since = NULL
		WHERE brand_id = ? AND id = ?`), brandID, id)
	if err != nil {
		return fmt.Errorf("store: enable webhook endpoint: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// queueDeliveries creates, in the change's own transaction, one delivery of the change for each of the brand's
// active endpoints that wants its type. In a process with a dispatcher (HandDeliveries) they are created held
// for it and handed to it after the commit; otherwise any server's dispatcher sends them at its next poll.
func queueDeliveries(ctx context.Context, tx querier, c Change, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, event_types FROM webhook_endpoints WHERE brand_id = ? AND disabled_at IS NULL`, c.BrandID)
	if err != nil {
		return fmt.Errorf("store: endpoints of the change: %w", err)
	}
	var eps []WebhookEndpoint
	for rows.Next() {
		var w WebhookEndpoint
		var types string
		if err := rows.Scan(&w.ID, &types); err != nil {
			rows.Close()
			return fmt.Errorf("store: scan endpoint: %w", err)
		}
		if types != "" {
			w.EventTypes = strings.Split(types, ",")
		}
		w.BrandID = c.BrandID
		eps = append(eps, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: endpoints of the change: %w", err)
	}
	t, _ := tx.(*txn)
	for _, w := range eps {
		if !w.Wants(c.Type) {
			continue
		}
		var lease int64
		if t != nil && t.lease > 0 {
			lease = now.Add(t.lease).Unix()
		}
		d, err := insertDelivery(ctx, tx, w, c.Seq, c.MsgID, c.Type, WebhookPayload(c), lease, now)
		if err != nil {
			return err
		}
		if lease > 0 {
			t.handed = append(t.handed, d)
		}
	}
	return nil
}

// WebhookPayload is the body sent for a change, in the shape Standard Webhooks suggests: type, timestamp, data,
// plus the change's id and its cursor in the feed, so a receiver can resume from the feed after an outage.
func WebhookPayload(c Change) string {
	return fmt.Sprintf(`{"id":%q,"type":%q,"timestamp":%q,"cursor":%q,"data":%s}`, c.MsgID, c.Type,
		c.CreatedAt.UTC().Format(time.RFC3339), fmt.Sprint(c.Seq), string(c.Data))
}

// insertDelivery queues one message to one endpoint, due now, held until leaseUntil (Unix seconds; 0: not held).
func insertDelivery(ctx context.Context, tx querier, w WebhookEndpoint, seq int64, msgID, typ, payload string, leaseUntil int64, now time.Time) (WebhookDelivery, error) {
	d := WebhookDelivery{BrandID: w.BrandID, EndpointID: w.ID, Seq: seq, MsgID: msgID, Type: typ, Payload: payload, Status: DeliveryPending,
		NextAttemptAt: now.UTC().Truncate(time.Second), CreatedAt: now.UTC().Truncate(time.Second)}
	if err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (brand_id, endpoint_id, seq, msg_id, type, payload, next_attempt_at, lease_until, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, w.BrandID, w.ID, seq, msgID, typ, payload, now.Unix(), leaseUntil, now.Unix()).Scan(&d.ID); err != nil {
		return d, fmt.Errorf("store: insert webhook delivery: %w", err)
	}
	return d, nil
}

// QueueTestDelivery queues a webhook.test message to one of the brand's endpoints, sent at once.
func (db *DB) QueueTestDelivery(ctx context.Context, brandID, endpointID int64, now time.Time) error {
	w, err := db.WebhookEndpoint(ctx, brandID, endpointID)
	if err != nil {
		return err
	}
	msg := newMsgID()
	payload := fmt.Sprintf(`{"id":%q,"type":%q,"timestamp":%q,"data":{"endpoint":%d,"message":"This is a test from vitrine."}}`,
		msg, ChangeWebhookTest, now.UTC().Format(time.RFC3339), w.ID)
	return db.tx(ctx, func(tx *txn) error {
		_, err := insertDelivery(ctx, tx, w, 0, msg, ChangeWebhookTest, payload, 0, now)
		return err
	})
}

// ReplayDelivery sends one of the brand's deliveries again, as a new attempt series with the same message id and
// body, so the receiver can tell it is the same message.
func (db *DB) ReplayDelivery(ctx context.Context, brandID, id int64, now time.Time) error {
	res, err := db.w.ExecContext(ctx, db.d.rebind(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, lease_until = 0
		WHERE brand_id = ? AND id = ?`), now.Unix(), brandID, id)
	if err != nil {
		return fmt.Errorf("store: replay webhook delivery: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

const deliveryCols = `id, brand_id, endpoint_id, seq, msg_id, type, payload, status, attempts, next_attempt_at, last_code, last_error, created_at, delivered_at`

func scanDelivery(row interface{ Scan(...any) error }) (WebhookDelivery, error) {
	var d WebhookDelivery
	var next, created int64
	var delivered sql.NullInt64
	if err := row.Scan(&d.ID, &d.BrandID, &d.EndpointID, &d.Seq, &d.MsgID, &d.Type, &d.Payload, &d.Status, &d.Attempts, &next,
		&d.LastCode, &d.LastError, &created, &delivered); err != nil {
		return d, err
	}
	d.NextAttemptAt, d.CreatedAt, d.DeliveredAt = time.Unix(next, 0).UTC(), time.Unix(created, 0).UTC(), optTime(delivered)
	return d, nil
}

// WebhookDeliveries lists an endpoint's latest deliveries, newest first: the delivery log admins read.
func (db *DB) WebhookDeliveries(ctx context.Context, brandID, endpointID int64, limit int) ([]WebhookDelivery, error) {
	return db.deliveries(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE brand_id = ? AND endpoint_id = ? ORDER BY id DESC LIMIT ?`,
		brandID, endpointID, limit)
}

// ClaimDue takes up to limit pending deliveries whose time has come and that no server holds, holding them for
// this server for lease, in one statement, so that no other server sends them at the same time.
func (db *DB) ClaimDue(ctx context.Context, lease time.Duration, limit int, now time.Time) ([]WebhookDelivery, error) {
	return db.deliveries(ctx, `UPDATE webhook_deliveries SET lease_until = ? WHERE (brand_id, id) IN (
			SELECT brand_id, id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ?
			ORDER BY next_attempt_at, id LIMIT ?)
		AND status = 'pending' AND lease_until <= ? RETURNING `+deliveryCols, now.Add(lease).Unix(), now.Unix(), now.Unix(), limit, now.Unix())
}

func (db *DB) deliveries(ctx context.Context, q string, args ...any) ([]WebhookDelivery, error) {
	var rows *sql.Rows
	var err error
	if strings.HasPrefix(q, "UPDATE") {
		rows, err = db.w.QueryContext(ctx, db.d.rebind(q), args...)
	} else {
		rows, err = db.query(ctx, q, args...)
	}
	if err != nil {
		return nil, fmt.Errorf("store: webhook deliveries: %w", err)
	}
	defer rows.Close()
	var out []WebhookDelivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan webhook delivery: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeliveryOutcome is what one attempt gave.
type DeliveryOutcome struct {
	OK   bool
	Code int    // the HTTP status, 0 when there was no answer
	Err  string // why it failed, for the log
	// Next is when to try again after a failure; zero means give up (the schedule ran out).
	Next time.Time
}

// RecordAttempt writes an attempt's outcome to the delivery, and to its endpoint: a success clears the endpoint's
// failing time; a failure sets it when unset, and an endpoint failing for longer than disableAfter is disabled
// with the reason, its pending deliveries marked failed.
func (db *DB) RecordAttempt(ctx context.Context, d WebhookDelivery, o DeliveryOutcome, disableAfter time.Duration, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		if o.OK {
			if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_code = ?, last_error = '',
				delivered_at = ?, lease_until = 0 WHERE brand_id = ? AND id = ?`, o.Code, now.Unix(), d.BrandID, d.ID); err != nil {
				return fmt.Errorf("store: record delivery: %w", err)
			}
			_, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET failing_since = NULL WHERE brand_id = ? AND id = ?`, d.BrandID, d.EndpointID)
			if err != nil {
				return fmt.Errorf("store: endpoint healthy: %w", err)
			}
			return nil
		}
		status, next := DeliveryPending, o.Next.Unix()
		if o.Next.IsZero() {
			status, next = DeliveryFailed, now.Unix()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_code = ?, last_error = ?,
			next_attempt_at = ?, lease_until = 0 WHERE brand_id = ? AND id = ?`, status, o.Code, o.Err, next, d.BrandID, d.ID); err != nil {
			return fmt.Errorf("store: record failed delivery: %w", err)
		}
		if d.Seq == 0 {
			return nil // a test message failing says nothing the brand did not ask to see
		}
		var since sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT failing_since FROM webhook_endpoints WHERE brand_id = ? AND id = ?`, d.BrandID, d.EndpointID).Scan(&since); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil // removed meanwhile
			}
			return fmt.Errorf("store: endpoint failing since: %w", err)
		}
		if !since.Valid {
			_, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET failing_since = ? WHERE brand_id = ? AND id = ?`, now.Unix(), d.BrandID, d.EndpointID)
			if err != nil {
				return fmt.Errorf("store: endpoint failing: %w", err)
			}
			return nil
		}
		if now.Sub(time.Unix(since.Int64, 0)) < disableAfter {
			return nil
		}
		reason := fmt.Sprintf("every delivery failed for %s; the last one: %s", disableAfter, o.Err)
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = ? WHERE brand_id = ? AND id = ?`,
			now.Unix(), reason, d.BrandID, d.EndpointID); err != nil {
			return fmt.Errorf("store: disable endpoint: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'failed', last_error = CASE WHEN id = ? THEN last_error ELSE 'endpoint disabled' END
			WHERE brand_id = ? AND endpoint_id = ? AND status = 'pending'`, d.ID, d.BrandID, d.EndpointID); err != nil {
			return fmt.Errorf("store: fail pending deliveries: %w", err)
		}
		return nil
	})
}
