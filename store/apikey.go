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

// apiKeyPrefix marks vitrine ingest keys so secret scanners and people can recognise them.
const apiKeyPrefix = "vtr_"

// APIKey is a brand's ingest key as listed; the key itself is only ever shown once, at creation.
type APIKey struct {
	ID         int64
	BrandID    int64
	Name       string
	Prefix     string // first characters of the key, for telling keys apart
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func hashAPIKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// CreateAPIKey makes a new ingest key for the brand and returns it in clear, the only time it exists so.
func (db *DB) CreateAPIKey(ctx context.Context, brandID int64, name string) (string, APIKey, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", APIKey{}, fmt.Errorf("store: api key: %w", err)
	}
	key := apiKeyPrefix + base64.RawURLEncoding.EncodeToString(raw)
	k := APIKey{BrandID: brandID, Name: name, Prefix: key[:len(apiKeyPrefix)+6], CreatedAt: db.Now().UTC().Truncate(time.Second)}
	err := db.w.QueryRowContext(ctx, `INSERT INTO api_keys (brand_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		brandID, name, k.Prefix, hashAPIKey(key), k.CreatedAt.Unix()).Scan(&k.ID)
	if err != nil {
		return "", APIKey{}, fmt.Errorf("store: create api key: %w", err)
	}
	return key, k, nil
}

// ErrKeyRevoked is returned for a key that existed but was revoked.
var ErrKeyRevoked = errors.New("store: api key revoked")

// APIKeyBrand returns the brand id of a live key and notes its use. It only reads: the use is written in the
// background, batched with the others (recordKeyUse), so an API call is never slowed down or failed by it.
func (db *DB) APIKeyBrand(ctx context.Context, key string, now time.Time) (int64, error) {
	var id, brandID int64
	var revoked sql.NullInt64
	err := db.queryRow(ctx, `SELECT id, brand_id, revoked_at FROM api_keys WHERE hash = ?`, hashAPIKey(key)).
		Scan(&id, &brandID, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: api key: %w", err)
	}
	if revoked.Valid {
		return 0, ErrKeyRevoked
	}
	db.recordKeyUse(id, now.Unix())
	return brandID, nil
}

// RevokeAPIKey revokes one of the brand's keys; a key of another brand is ErrNotFound.
func (db *DB) RevokeAPIKey(ctx context.Context, brandID, keyID int64) error {
	res, err := db.w.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND brand_id = ? AND revoked_at IS NULL`, db.Now().Unix(), keyID, brandID)
	if err != nil {
		return fmt.Errorf("store: revoke api key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// APIKeys lists the brand's keys, newest first, each last used as this process knows it (stored or pending).
func (db *DB) APIKeys(ctx context.Context, brandID int64) ([]APIKey, error) {
	rows, err := db.query(ctx, `SELECT id, brand_id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys
		WHERE brand_id = ? ORDER BY created_at DESC, id DESC`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		var k APIKey
		var created int64
		var used, revoked sql.NullInt64
		if err := rows.Scan(&k.ID, &k.BrandID, &k.Name, &k.Prefix, &created, &used, &revoked); err != nil {
			return nil, fmt.Errorf("store: scan api key: %w", err)
		}
		k.CreatedAt = time.Unix(created, 0).UTC()
		// A use not written yet is newer than the stored one: show it.
		if p := db.pendingKeyUse(k.ID); p > used.Int64 {
			used = sql.NullInt64{Int64: p, Valid: true}
		}
		if used.Valid {
			t := time.Unix(used.Int64, 0).UTC()
			k.LastUsedAt = &t
		}
		if revoked.Valid {
			t := time.Unix(revoked.Int64, 0).UTC()
			k.RevokedAt = &t
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
