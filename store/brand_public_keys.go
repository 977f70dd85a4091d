package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// BrandPublicKey is a public key the brand registered (a JWK): it verifies tokens the brand signs with its own
// private key, which vitrine never sees.
type BrandPublicKey struct {
	ID        int64
	BrandID   int64
	KID       string
	Alg       string // ES256 or EdDSA: the only algorithm tokens under this kid are accepted with
	JWK       string // the public key as a canonical JWK
	CreatedAt time.Time
}

// ErrKIDTaken refuses a public key whose kid already names another key of the brand (public or secret): a
// token's kid must pick exactly one key.
var ErrKIDTaken = errors.New("store: the brand already has a key of this kid")

// AddBrandPublicKeys registers public keys for the brand, all or none (a pasted JWK Set is one act).
func (db *DB) AddBrandPublicKeys(ctx context.Context, brandID int64, keys []BrandPublicKey, now time.Time) ([]BrandPublicKey, error) {
	out := make([]BrandPublicKey, 0, len(keys))
	err := db.tx(ctx, func(tx *txn) error {
		for _, k := range keys {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM brand_public_keys WHERE brand_id = ? AND kid = ?)
				+ (SELECT count(*) FROM brand_keys WHERE brand_id = ? AND kid = ?)`, brandID, k.KID, brandID, k.KID).Scan(&n); err != nil {
				return fmt.Errorf("store: check public key id: %w", err)
			}
			if n > 0 {
				return fmt.Errorf("%w: %q", ErrKIDTaken, k.KID)
			}
			k.BrandID, k.CreatedAt = brandID, now.UTC().Truncate(time.Second)
			if err := tx.QueryRowContext(ctx, `INSERT INTO brand_public_keys (brand_id, kid, alg, jwk, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				brandID, k.KID, k.Alg, k.JWK, k.CreatedAt.Unix()).Scan(&k.ID); err != nil {
				return fmt.Errorf("store: add public key: %w", err)
			}
			out = append(out, k)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BrandPublicKeys lists the brand's registered public keys, oldest first.
func (db *DB) BrandPublicKeys(ctx context.Context, brandID int64) ([]BrandPublicKey, error) {
	rows, err := db.query(ctx, `SELECT id, brand_id, kid, alg, jwk, created_at FROM brand_public_keys WHERE brand_id = ? ORDER BY id`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: public keys: %w", err)
	}
	defer rows.Close()
	var out []BrandPublicKey
	for rows.Next() {
		var k BrandPublicKey
		var created int64
		if err := rows.Scan(&k.ID, &k.BrandID, &k.KID, &k.Alg, &k.JWK, &created); err != nil {
			return nil, fmt.Errorf("store: scan public key: %w", err)
		}
		k.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: public keys: %w", err)
	}
	return out, nil
}

// RemoveBrandPublicKey deletes one of the brand's public keys: tokens under its kid stop verifying at once (the
// brand's private key leaked, or it moved to a new one).
func (db *DB) RemoveBrandPublicKey(ctx context.Context, brandID int64, kid string) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM brand_public_keys WHERE brand_id = ? AND kid = ?`, brandID, kid)
	if err != nil {
		return fmt.Errorf("store: remove public key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
