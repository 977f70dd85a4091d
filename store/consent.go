package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Consent states. For a legitimate-interest purpose, "refused" means the customer objected.
const (
	ConsentGranted = "granted"
	ConsentRefused = "refused"
)

// ConsentChange is one recorded choice of a customer about one purpose.
type ConsentChange struct {
	CustomerID    int64
	PurposeID     int64
	State         string
	Method        string // how it was given: "web", "widget", "staff", "api", "gpc" (MethodGPC), "agent", "import", "seed"
	Actor         string // who recorded it when not the customer
	Lang          string // the language the choice was offered in (its receipt's); "" means the customer's, else the brand's
	At            time.Time
	ReceiptID     string // filled in by RecordConsent
	LegalBasis    string // filled in by RecordConsent
	PolicyVersion string // filled in by RecordConsent
}

// RecordConsent appends a consent change to the history, updates the current state and returns the receipt.
func (db *DB) RecordConsent(ctx context.Context, ch ConsentChange) (ConsentChange, error) {
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		ch, err = db.recordConsent(ctx, tx, ch, db.Now(), false)
		return err
	})
	return ch, err
}

// ErrStaleConsent is returned when the consent changed since the form that asks for a change was shown.
var ErrStaleConsent = errors.New("store: consent changed since it was shown")

// ChangeConsent records a customer's choice only if the current state is still the one they saw
// (expected: "granted", "refused", or "" for never answered), checked in the same transaction, so a stale or
// replayed form changes nothing.
func (db *DB) ChangeConsent(ctx context.Context, ch ConsentChange, expected string) (ConsentChange, error) {
	err := db.tx(ctx, func(tx *txn) error {
		if err := lockCustomer(ctx, tx, ch.CustomerID); err != nil {
			return err
		}
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT state FROM consents WHERE brand_id = (SELECT brand_id FROM customers WHERE id = ?)
			AND customer_id = ? AND purpose_id = ?`, ch.CustomerID, ch.CustomerID, ch.PurposeID).Scan(&cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: current consent: %w", err)
		}
		if cur != expected {
			return ErrStaleConsent
		}
		ch, err = db.recordConsent(ctx, tx, ch, db.Now(), false)
		return err
	})
	return ch, err
}

// ConsentHistory lists every recorded choice of the customer, newest first; purposeID 0 means every purpose.
func (db *DB) ConsentHistory(ctx context.Context, customerID, purposeID int64) ([]ConsentChange, error) {
	q := `SELECT receipt_id, customer_id, purpose_id, state, legal_basis, method, policy_version, actor, at FROM consent_history WHERE customer_id = ?`
	args := []any{customerID}
	if purposeID != 0 {
		q += ` AND purpose_id = ?`
		args = append(args, purposeID)
	}
	rows, err := db.query(ctx, q+` ORDER BY at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: consent history: %w", err)
	}
	defer rows.Close()
	var out []ConsentChange
	for rows.Next() {
		var c ConsentChange
		var at int64
		if err := rows.Scan(&c.ReceiptID, &c.CustomerID, &c.PurposeID, &c.State, &c.LegalBasis, &c.Method, &c.PolicyVersion, &c.Actor, &at); err != nil {
			return nil, fmt.Errorf("store: scan consent history: %w", err)
		}
		c.At = time.Unix(at, 0).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// ConsentReceipt returns one of the customer's receipts; another customer's receipt is ErrNotFound.
func (db *DB) ConsentReceipt(ctx context.Context, customerID int64, receiptID string) (ConsentChange, error) {
	var c ConsentChange
	var at int64
	err := db.queryRow(ctx, `SELECT receipt_id, customer_id, purpose_id, state, legal_basis, method, policy_version, actor, at
		FROM consent_history WHERE customer_id = ? AND receipt_id = ?`, customerID, receiptID).
		Scan(&c.ReceiptID, &c.CustomerID, &c.PurposeID, &c.State, &c.LegalBasis, &c.Method, &c.PolicyVersion, &c.Actor, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: consent receipt: %w", err)
	}
	c.At = time.Unix(at, 0).UTC()
	return c, nil
}

// recordConsent appends one change; a change without a time is dated now. A change recorded as history (loaded
// by seed or import) is the brand's own record coming in: it is not news for the brand's change feed.
func (db *DB) recordConsent(ctx context.Context, tx *txn, ch ConsentChange, now time.Time, history bool) (ConsentChange, error) {
	if ch.State != ConsentGranted && ch.State != ConsentRefused {
		return ch, fmt.Errorf("store: consent state %q is not granted or refused", ch.State)
	}
	if ch.At.IsZero() {
		ch.At = now
	}
	var brandID int64
	var purposeSlug, externalID, locale string
	err := tx.QueryRowContext(ctx, `SELECT p.brand_id, p.legal_basis, b.policy_version, p.slug, c.external_id, c.locale FROM purposes p JOIN brands b ON b.id = p.brand_id
		JOIN customers c ON c.brand_id = p.brand_id WHERE p.id = ? AND c.id = ?`, ch.PurposeID, ch.CustomerID).
		Scan(&brandID, &ch.LegalBasis, &ch.PolicyVersion, &purposeSlug, &externalID, &locale)
	if err != nil {
		return ch, fmt.Errorf("store: consent purpose of customer's brand: %w", err)
	}
	var previous string
	if err := tx.QueryRowContext(ctx, `SELECT state FROM consents WHERE brand_id = ? AND customer_id = ? AND purpose_id = ?`,
		brandID, ch.CustomerID, ch.PurposeID).Scan(&previous); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return ch, fmt.Errorf("store: previous consent: %w", err)
	}
	ch.ReceiptID = newReceiptID()
	var recordID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO consent_history (brand_id, receipt_id, customer_id, purpose_id, state, legal_basis, method, policy_version, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, brandID, ch.ReceiptID, ch.CustomerID, ch.PurposeID, ch.State, ch.LegalBasis, ch.Method, ch.PolicyVersion, ch.Actor, ch.At.Unix()).Scan(&recordID); err != nil {
		return ch, fmt.Errorf("store: append consent history: %w", err)
	}
	// The proof: the change joins the customer's chain, and its receipt, naming the chain's new head, is signed.
	link, err := appendProof(ctx, tx, brandID, ch.CustomerID, ProofConsent, recordID, consentEntry(ch))
	if err != nil {
		return ch, err
	}
	lang := ch.Lang
	if lang == "" {
		lang = locale
	}
	receipt, err := db.buildReceipt(ctx, tx, nil, brandID, ch, previous, externalID, lang, link)
	if err != nil {
		return ch, err
	}
	if err := db.signReceipt(ctx, tx, brandID, ch.CustomerID, receipt, now); err != nil {
		return ch, err
	}
	// The brand's choices per purpose and day, for opt-in rates over time (value.go), in the same transaction.
	granted, refused := 0, 0
	if ch.State == ConsentGranted {
		granted = 1
	} else {
		refused = 1
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO consent_daily (brand_id, purpose_id, day, granted, refused) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, purpose_id, day) DO UPDATE SET granted = consent_daily.granted + excluded.granted, refused = consent_daily.refused + excluded.refused`,
		brandID, ch.PurposeID, dayOf(ch.At.Unix()), granted, refused); err != nil {
		return ch, fmt.Errorf("store: consent daily: %w", err)
	}
	if err := bumpDataRev(ctx, tx, ch.CustomerID); err != nil {
		return ch, err
	}
	if err := firstSeen(ctx, tx, ch.CustomerID, ch.At.Unix()); err != nil {
		return ch, err
	}
	// The current state follows the latest change in time, so a back-dated import does not overwrite a newer choice.
	// RETURNING gives a row only when the state was written, so the brand's opt-in totals move exactly with it.
	var written string
	err = tx.QueryRowContext(ctx, `INSERT INTO consents (brand_id, customer_id, purpose_id, state, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, customer_id, purpose_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
		WHERE excluded.updated_at >= consents.updated_at RETURNING state`, brandID, ch.CustomerID, ch.PurposeID, ch.State, ch.At.Unix()).Scan(&written)
	switch {
	case errors.Is(err, sql.ErrNoRows): // a back-dated choice older than the current one: the state stays
	case err != nil:
		return ch, fmt.Errorf("store: update consent: %w", err)
	default:
		if err := moveOptInTotals(ctx, tx, brandID, ch.PurposeID, previous, ch.State); err != nil {
			return ch, err
		}
	}
	if history || ch.Method == "seed" || ch.Method == "import" {
		return ch, nil
	}
	return ch, appendChange(ctx, tx, brandID, ChangeConsent, ch.CustomerID, ConsentChangeData{
		Customer: externalID, Purpose: purposeSlug, State: ch.State, PreviousState: previous, Meaning: ConsentMeaning(ch.State, previous, ch.LegalBasis),
		LegalBasis: ch.LegalBasis, ReceiptID: ch.ReceiptID, Method: ch.Method, At: ch.At.UTC().Format(time.RFC3339)}, now)
}

// ConsentChangeData is what the feed and webhooks say of a consent change.
type ConsentChangeData struct {
	Customer      string `json:"customer"`
	Purpose       string `json:"purpose"`
	State         string `json:"state"`          // granted or refused
	PreviousState string `json:"previous_state"` // "" when the customer had never answered
	Meaning       string `json:"meaning"`        // given, refused, withdrawn or objected
	LegalBasis    string `json:"legal_basis"`
	ReceiptID     string `json:"receipt_id"`
	Method        string `json:"method"` // web, widget, staff, api, gpc (the browser's Global Privacy Control signal) or agent (a customer's assistant, confirmed by them)
	At            string `json:"at"`
}

// ConsentMeaning names a change the way the law does: consent given, refused (never given), withdrawn (given
// before), or an objection to a use on the brand's legitimate interest.
func ConsentMeaning(state, previous, legalBasis string) string {
	if state == ConsentGranted {
		return "given"
	}
	return RefusalReason(legalBasis, previous == ConsentGranted)
}

// newReceiptID returns a random UUIDv4 string, the form consent receipts use for their id.
func newReceiptID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Consents returns the customer's current consent state by purpose id.
func (db *DB) Consents(ctx context.Context, brandID, customerID int64) (map[int64]string, error) {
	rows, err := db.query(ctx, `SELECT purpose_id, state FROM consents WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return nil, fmt.Errorf("store: consents: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, fmt.Errorf("store: scan consent: %w", err)
		}
		out[id] = st
	}
	return out, rows.Err()
}

// moveOptInTotals keeps the brand's count of current states per purpose (consent_totals) in step with one change of
// a customer's state from previous ("" for never answered) to state, so the opt-in rates of /admin read one row per
// purpose instead of counting every customer's consent.
func moveOptInTotals(ctx context.Context, tx querier, brandID, purposeID int64, previous, state string) error {
	granted, answered := 0, 0
	if previous == "" {
		answered = 1
	}
	if state == ConsentGranted {
		granted++
	}
	if previous == ConsentGranted {
		granted--
	}
	if granted == 0 && answered == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO consent_totals (brand_id, purpose_id, granted, answered) VALUES (?, ?, ?, ?)
		ON CONFLICT (brand_id, purpose_id) DO UPDATE SET granted = consent_totals.granted + excluded.granted,
		answered = consent_totals.answered + excluded.answered`, brandID, purposeID, granted, answered); err != nil {
		return fmt.Errorf("store: opt-in totals: %w", err)
	}
	return nil
}
