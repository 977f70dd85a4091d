package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Theme is a brand's look in vitrine: colours and an optional logo URL served by the brand.
type Theme struct {
	Primary string `json:"primary,omitempty"`
	Accent  string `json:"accent,omitempty"`
	Logo    string `json:"logo,omitempty"`
}

// Brand is a tenant: a company whose customers read their data-usage pages in vitrine.
type Brand struct {
	ID            int64
	Slug          string
	Name          string
	DefaultLocale string
	Timezone      string
	Theme         Theme
	EmbedOrigins  []string
	PolicyVersion string
	PrivacyEmail  string
	// PortalURL is the brand's own address where a signed-in customer opens their AI page (it mints a fresh
	// link): a refused or expired link sends the customer there, so nobody needs staff to get back in.
	PortalURL string
	CreatedAt time.Time
}

// Location returns the brand's time zone, UTC when unknown.
func (b Brand) Location() *time.Location {
	loc, err := time.LoadLocation(b.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// BrandKey is one signing secret of a brand, named by its key id so tokens can say which one signed them.
type BrandKey struct {
	ID        int64
	BrandID   int64
	KID       string
	Secret    []byte
	CreatedAt time.Time
	RetiredAt *time.Time
}

const brandCols = `id, slug, name, default_locale, timezone, theme, embed_origins, policy_version, privacy_email, portal_url, created_at`

func scanBrand(row interface{ Scan(...any) error }) (Brand, error) {
	var b Brand
	var theme, origins string
	var created int64
	if err := row.Scan(&b.ID, &b.Slug, &b.Name, &b.DefaultLocale, &b.Timezone, &theme, &origins, &b.PolicyVersion, &b.PrivacyEmail, &b.PortalURL, &created); err != nil {
		return b, err
	}
	b.finish(theme, origins, created)
	return b, nil
}

// finish fills in the fields stored as text: the theme, the embed origins and the creation time.
func (b *Brand) finish(theme, origins string, created int64) {
	_ = json.Unmarshal([]byte(theme), &b.Theme) // a damaged theme falls back to the default look
	for _, o := range strings.Split(origins, "\n") {
		// A row written before origins were checked, or by hand, never reaches a frame-ancestors header unchecked.
		if o, err := CanonicalOrigin(strings.TrimSpace(o)); err == nil {
			b.EmbedOrigins = append(b.EmbedOrigins, o)
		}
	}
	b.CreatedAt = time.Unix(created, 0).UTC()
}

// CreateBrand inserts a brand and gives it a first signing key.
func (db *DB) CreateBrand(ctx context.Context, b Brand) (Brand, error) {
	theme, _ := json.Marshal(b.Theme)
	if b.DefaultLocale == "" {
		b.DefaultLocale = "en"
	}
	if b.Timezone == "" {
		b.Timezone = "UTC"
	}
	if b.PolicyVersion == "" {
		b.PolicyVersion = "1"
	}
	origins, err := CanonicalOrigins(b.EmbedOrigins)
	if err != nil {
		return Brand{}, fmt.Errorf("store: create brand %q: %w", b.Slug, err)
	}
	b.EmbedOrigins = origins
	now := db.Now().Unix()
	err = db.tx(ctx, func(tx *txn) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO brands (slug, name, default_locale, timezone, theme, embed_origins, policy_version, privacy_email,
				portal_url, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			b.Slug, b.Name, b.DefaultLocale, b.Timezone, string(theme), strings.Join(b.EmbedOrigins, "\n"), b.PolicyVersion, b.PrivacyEmail,
			b.PortalURL, now).Scan(&b.ID)
		if err != nil {
			return fmt.Errorf("store: create brand %q: %w", b.Slug, err)
		}
		_, err = insertBrandKey(ctx, tx, b.ID, time.Unix(now, 0))
		return err
	})
	if err != nil {
		return Brand{}, err
	}
	b.CreatedAt = time.Unix(now, 0).UTC()
	return b, nil
}

func insertBrandKey(ctx context.Context, tx *txn, brandID int64, now time.Time) (BrandKey, error) {
	secret := make([]byte, 32)
	kidRaw := make([]byte, 4)
	if _, err := rand.Read(secret); err != nil {
		return BrandKey{}, fmt.Errorf("store: brand key: %w", err)
	}
	if _, err := rand.Read(kidRaw); err != nil {
		return BrandKey{}, fmt.Errorf("store: brand key id: %w", err)
	}
	k := BrandKey{BrandID: brandID, KID: hex.EncodeToString(kidRaw), Secret: secret, CreatedAt: now.UTC().Truncate(time.Second)}
	err := tx.QueryRowContext(ctx, `INSERT INTO brand_keys (brand_id, kid, secret, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		brandID, k.KID, secret, k.CreatedAt.Unix()).Scan(&k.ID)
	if err != nil {
		return BrandKey{}, fmt.Errorf("store: insert brand key: %w", err)
	}
	return k, nil
}

// BrandBySlug finds a brand by its slug.
func (db *DB) BrandBySlug(ctx context.Context, slug string) (Brand, error) {
	b, err := scanBrand(db.queryRow(ctx, `SELECT `+brandCols+` FROM brands WHERE slug = ?`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, fmt.Errorf("store: brand by slug: %w", err)
	}
	return b, nil
}

// BrandByID finds a brand by its id.
func (db *DB) BrandByID(ctx context.Context, id int64) (Brand, error) {
	b, err := scanBrand(db.queryRow(ctx, `SELECT `+brandCols+` FROM brands WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	if err != nil {
		return b, fmt.Errorf("store: brand by id: %w", err)
	}
	return b, nil
}

// Brands lists every brand by name.
func (db *DB) Brands(ctx context.Context) ([]Brand, error) {
	rows, err := db.query(ctx, `SELECT `+brandCols+` FROM brands ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: brands: %w", err)
	}
	defer rows.Close()
	var out []Brand
	for rows.Next() {
		b, err := scanBrand(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan brand: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BrandKeys returns the brand's signing keys that still verify, newest first; the first one signs new tokens.
// A key being rotated out verifies until its retirement time, compared with now: the caller's clock, the same
// that checks the token's expiry.
func (db *DB) BrandKeys(ctx context.Context, brandID int64, now time.Time) ([]BrandKey, error) {
	rows, err := db.query(ctx, `SELECT id, brand_id, kid, secret, created_at FROM brand_keys
		WHERE brand_id = ? AND (retired_at IS NULL OR retired_at > ?) ORDER BY retired_at IS NULL DESC, id DESC`, brandID, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: brand keys: %w", err)
	}
	defer rows.Close()
	var out []BrandKey
	for rows.Next() {
		var k BrandKey
		var created int64
		if err := rows.Scan(&k.ID, &k.BrandID, &k.KID, &k.Secret, &created); err != nil {
			return nil, fmt.Errorf("store: scan brand key: %w", err)
		}
		k.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, k)
	}
	return out, rows.Err()
}

// IsEmpty reports whether the database holds no brand yet (so demo data may be loaded).
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	if err := db.queryRow(ctx, `SELECT count(*) FROM brands`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: count brands: %w", err)
	}
	return n == 0, nil
}

// SetPortalURL changes the brand's address where customers open their AI page again.
func (db *DB) SetPortalURL(ctx context.Context, brandID int64, u string) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE brands SET portal_url = ? WHERE id = ?`, u, brandID); err != nil {
		return fmt.Errorf("store: set portal url: %w", err)
	}
	return nil
}

// SetEmbedOrigins replaces the origins allowed to frame the brand's widget, each stored as CanonicalOrigin
// rebuilds it. Any bad origin refuses the whole list (errors.Is ErrBadOrigin; errors.As gives each
// *OriginError): a half-saved list would silently break a site.
func (db *DB) SetEmbedOrigins(ctx context.Context, brandID int64, origins []string) error {
	origins, err := CanonicalOrigins(origins)
	if err != nil {
		return fmt.Errorf("store: set embed origins: %w", err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE brands SET embed_origins = ? WHERE id = ?`, strings.Join(origins, "\n"), brandID); err != nil {
		return fmt.Errorf("store: set embed origins: %w", err)
	}
	return nil
}

// RotateBrandKey gives the brand a new signing key, which signs from now on. With retireNow the old keys stop
// verifying at once (a leaked secret); otherwise they keep verifying for grace, so tokens already handed out
// stay valid until they would have expired anyway.
func (db *DB) RotateBrandKey(ctx context.Context, brandID int64, retireNow bool, grace time.Duration, now time.Time) (BrandKey, error) {
	var k BrandKey
	err := db.tx(ctx, func(tx *txn) error {
		until := now.Add(grace).Unix()
		if retireNow {
			until = now.Unix()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE brand_keys SET retired_at = ? WHERE brand_id = ? AND (retired_at IS NULL OR retired_at > ?)`,
			until, brandID, until); err != nil {
			return fmt.Errorf("store: retire brand keys: %w", err)
		}
		var err error
		k, err = insertBrandKey(ctx, tx, brandID, now)
		return err
	})
	return k, err
}
