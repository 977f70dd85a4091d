package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrKeyActive refuses a new signing key beside one that still signs: replacing it is a rotation, which gives
// the old key its grace period instead of leaving two keys that both sign.
var ErrKeyActive = errors.New("store: the brand already has a signing key; rotate it instead")

// CreateBrandKey gives a brand a signing key when none is in use (all were retired), and returns it with its
// secret: the only time the caller sees the secret, to show it to the brand once.
func (db *DB) CreateBrandKey(ctx context.Context, brandID int64, now time.Time) (BrandKey, error) {
	var k BrandKey
	err := db.tx(ctx, func(tx *txn) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM brand_keys WHERE brand_id = ? AND (retired_at IS NULL OR retired_at > ?)`,
			brandID, now.Unix()).Scan(&n); err != nil {
			return fmt.Errorf("store: count brand keys: %w", err)
		}
		if n > 0 {
			return ErrKeyActive
		}
		var err error
		k, err = insertBrandKey(ctx, tx, brandID, now)
		return err
	})
	return k, err
}

// ListBrandKeys lists every signing key of the brand, retired ones too, newest first, without their secrets:
// what a settings page or `vitrine secret list` shows, which must never print a secret again.
func (db *DB) ListBrandKeys(ctx context.Context, brandID int64) ([]BrandKey, error) {
	rows, err := db.query(ctx, `SELECT id, brand_id, kid, created_at, retired_at FROM brand_keys WHERE brand_id = ? ORDER BY id DESC`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: list brand keys: %w", err)
	}
	defer rows.Close()
	var out []BrandKey
	for rows.Next() {
		var k BrandKey
		var created int64
		var retired sql.NullInt64
		if err := rows.Scan(&k.ID, &k.BrandID, &k.KID, &created, &retired); err != nil {
			return nil, fmt.Errorf("store: scan brand key: %w", err)
		}
		k.CreatedAt, k.RetiredAt = time.Unix(created, 0).UTC(), optTime(retired)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list brand keys: %w", err)
	}
	return out, nil
}

// Signs reports whether the key is the one that signs new tokens: never retired. A key being rotated out still
// verifies until its retirement time but signs nothing more.
func (k BrandKey) Signs() bool { return k.RetiredAt == nil }

// KeyGrace is how long an old signing key still verifies tokens after a rotation that did not retire it at
// once, so links and widgets already handed out keep working while the brand's backend picks up the new key.
const KeyGrace = 24 * time.Hour
