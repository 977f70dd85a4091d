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
	id := base64.RawURLEncoding.EncodeToString(raw)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO used_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, jti, tokenExpires.Unix())
		if err != nil {
			return fmt.Errorf("store: mark token used: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrTokenUsed
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM used_tokens WHERE expires_at < ?`, now.Add(-time.Hour).Unix()); err != nil {
			return fmt.Errorf("store: prune used tokens: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customer_sessions WHERE expires_at < ?`, now.Unix()); err != nil {
			return fmt.Errorf("store: prune sessions: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO customer_sessions (id_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashSessionID(id), customerID, now.Unix(), now.Add(ttl).Unix())
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

// CustomerSession returns the session for a cookie value if it is still live at now, or ErrNotFound.
func (db *DB) CustomerSession(ctx context.Context, id string, now time.Time) (CustomerSession, error) {
	var s CustomerSession
	var exp int64
	err := db.queryRow(ctx, `SELECT customer_id, locale, expires_at FROM customer_sessions WHERE id_hash = ? AND expires_at > ?`,
		hashSessionID(id), now.Unix()).Scan(&s.CustomerID, &s.Locale, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: customer session: %w", err)
	}
	s.ExpiresAt = time.Unix(exp, 0).UTC()
	return s, nil
}

// SetSessionLocale remembers the language a customer picked for the rest of the session.
func (db *DB) SetSessionLocale(ctx context.Context, id, locale string) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE customer_sessions SET locale = ? WHERE id_hash = ?`, locale, hashSessionID(id)); err != nil {
		return fmt.Errorf("store: set session locale: %w", err)
	}
	return nil
}

// EndSession deletes a session (sign-out).
func (db *DB) EndSession(ctx context.Context, id string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM customer_sessions WHERE id_hash = ?`, hashSessionID(id)); err != nil {
		return fmt.Errorf("store: end session: %w", err)
	}
	return nil
}
