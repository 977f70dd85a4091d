package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrTokenUsed is returned when a single-use token was already exchanged.
var ErrTokenUsed = errors.New("store: token already used")

// CustomerSession is a signed-in customer's browser session.
type CustomerSession struct {
	CustomerID int64
	Locale     string
	ExpiresAt  time.Time
}

func hashSessionID(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// A customer's session cookie is "BRAND.SECRET": the brand's id first, so that the session is looked up where the
// brand's rows are (its shard, on a distributed database), and a random secret of 256 bits, of which only a hash
// is stored.
func sessionBrand(id string) (int64, bool) {
	b, _, ok := strings.Cut(id, ".")
	n, err := strconv.ParseInt(b, 10, 64)
	return n, ok && err == nil && n > 0
}

// ExchangeToken marks the token id as used and opens a session for the customer, in one transaction,
// so a link can be exchanged once only even when two requests race. It returns the session cookie value.
//
// now is the caller's clock, the same one that checked the token's expiry: used tokens are forgotten only an
// hour after they expired by that clock, so a token can never be forgotten while it would still be accepted.
func (db *DB) ExchangeToken(ctx context.Context, jti string, tokenExpires time.Time, customerID int64, ttl time.Duration, now time.Time) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: session id: %w", err)
	}
	var id string
	err := db.tx(ctx, func(tx *txn) error {
		var brandID int64
		if err := tx.QueryRowContext(ctx, `SELECT brand_id FROM customers WHERE id = ?`, customerID).Scan(&brandID); err != nil {
			return fmt.Errorf("store: customer of session: %w", err)
		}
		id = strconv.FormatInt(brandID, 10) + "." + base64.RawURLEncoding.EncodeToString(raw)
		// The token's id is kept per brand: the first server to commit it wins, on any number of servers.
		res, err := tx.ExecContext(ctx, `INSERT INTO used_tokens (brand_id, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			brandID, jti, tokenExpires.Unix())
		if err != nil {
			return fmt.Errorf("store: mark token used: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrTokenUsed
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM used_tokens WHERE brand_id = ? AND expires_at < ?`, brandID, now.Add(-time.Hour).Unix()); err != nil {
			return fmt.Errorf("store: prune used tokens: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customer_sessions WHERE brand_id = ? AND expires_at < ?`, brandID, now.Unix()); err != nil {
			return fmt.Errorf("store: prune sessions: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO customer_sessions (brand_id, id_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			brandID, hashSessionID(id), customerID, now.Unix(), now.Add(ttl).Unix())
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// SessionView is everything a customer's page needs from their session cookie: the session, who they are, their
// brand, and the revisions that tell whether the memoised reads of their data and of the brand's registry are
// current (see CustomerDataAt and RegistryAt).
type SessionView struct {
	Session     CustomerSession
	Customer    Customer
	Brand       Brand
	DataRev     int64
	PastRev     int64
	RegistryRev int64
	LastVisit   *time.Time // as stored; TouchVisitAt adds a visit still on its way to the database
}

// SessionView reads the live session for a cookie value, its customer and their brand in one query, or returns
// ErrNotFound. Every customer page starts with it; one query instead of five keeps the page's fixed cost low.
func (db *DB) SessionView(ctx context.Context, id string, now time.Time) (SessionView, error) {
	var v SessionView
	brand, ok := sessionBrand(id)
	if !ok {
		return v, ErrNotFound
	}
	var exp, custCreated, brandCreated int64
	var theme, origins string
	var lastVisit sql.NullInt64
	c, b := &v.Customer, &v.Brand
	err := db.queryRow(ctx, `SELECT s.customer_id, s.locale, s.expires_at,
		c.id, c.brand_id, c.external_id, c.email, c.name, c.locale, c.created_at, c.data_rev, c.past_rev, c.last_visit_at,
		b.id, b.slug, b.name, b.default_locale, b.timezone, b.theme, b.embed_origins, b.policy_version, b.privacy_email,
		b.portal_url, b.created_at, b.registry_rev
		FROM customer_sessions s JOIN customers c ON c.id = s.customer_id JOIN brands b ON b.id = c.brand_id
		WHERE s.brand_id = ? AND s.id_hash = ? AND s.expires_at > ?`, brand, hashSessionID(id), now.Unix()).Scan(
		&v.Session.CustomerID, &v.Session.Locale, &exp,
		&c.ID, &c.BrandID, &c.ExternalID, &c.Email, &c.Name, &c.Locale, &custCreated, &v.DataRev, &v.PastRev, &lastVisit,
		&b.ID, &b.Slug, &b.Name, &b.DefaultLocale, &b.Timezone, &theme, &origins, &b.PolicyVersion, &b.PrivacyEmail,
		&b.PortalURL, &brandCreated, &v.RegistryRev)
	if errors.Is(err, sql.ErrNoRows) {
		return v, ErrNotFound
	}
	if err != nil {
		return v, fmt.Errorf("store: session view: %w", err)
	}
	v.Session.ExpiresAt = time.Unix(exp, 0).UTC()
	c.CreatedAt = time.Unix(custCreated, 0).UTC()
	if lastVisit.Valid {
		t := time.Unix(lastVisit.Int64, 0).UTC()
		v.LastVisit = &t
	}
	b.finish(theme, origins, brandCreated)
	return v, nil
}

// SetSessionLocale remembers the language a customer picked for the rest of the session.
func (db *DB) SetSessionLocale(ctx context.Context, id, locale string) error {
	brand, _ := sessionBrand(id)
	if _, err := db.w.ExecContext(ctx, `UPDATE customer_sessions SET locale = ? WHERE brand_id = ? AND id_hash = ?`, locale, brand, hashSessionID(id)); err != nil {
		return fmt.Errorf("store: set session locale: %w", err)
	}
	return nil
}

// EndSession deletes a session (sign-out).
func (db *DB) EndSession(ctx context.Context, id string) error {
	brand, _ := sessionBrand(id)
	if _, err := db.w.ExecContext(ctx, `DELETE FROM customer_sessions WHERE brand_id = ? AND id_hash = ?`, brand, hashSessionID(id)); err != nil {
		return fmt.Errorf("store: end session: %w", err)
	}
	return nil
}
