package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Customer is a person whose data a brand's AI systems use, known by the brand's own id.
type Customer struct {
	ID         int64
	BrandID    int64
	ExternalID string
	Email      string
	Name       string
	Locale     string
	CreatedAt  time.Time // when the brand first saw the customer: their first use or choice, or when vitrine first heard of them
	ErasedAt   time.Time // when their data was erased at their request (EraseCustomer); zero when it never was
}

const customerCols = `id, brand_id, external_id, email, name, locale, created_at, erased_at`

func scanCustomer(row interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var created int64
	var erased sql.NullInt64
	err := row.Scan(&c.ID, &c.BrandID, &c.ExternalID, &c.Email, &c.Name, &c.Locale, &created, &erased)
	c.CreatedAt = time.Unix(created, 0).UTC()
	if erased.Valid {
		c.ErasedAt = time.Unix(erased.Int64, 0).UTC()
	}
	return c, err
}

// SaveCustomer inserts or updates (by brand and external id) a customer and returns its id.
func (db *DB) SaveCustomer(ctx context.Context, c Customer) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO customers (brand_id, external_id, email, name, locale, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, external_id) DO UPDATE SET email = excluded.email, name = excluded.name, locale = excluded.locale
		RETURNING id`, c.BrandID, c.ExternalID, c.Email, c.Name, c.Locale, db.Now().Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: save customer %q: %w", c.ExternalID, err)
	}
	return id, nil
}

// CustomerByExternalID finds a brand's customer by the brand's own id.
func (db *DB) CustomerByExternalID(ctx context.Context, brandID int64, externalID string) (Customer, error) {
	c, err := scanCustomer(db.queryRow(ctx, `SELECT `+customerCols+` FROM customers WHERE brand_id = ? AND external_id = ?`, brandID, externalID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: customer by external id: %w", err)
	}
	return c, nil
}

// CustomerByID finds a customer by vitrine's id.
func (db *DB) CustomerByID(ctx context.Context, id int64) (Customer, error) {
	c, err := scanCustomer(db.queryRow(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: customer by id: %w", err)
	}
	return c, nil
}

// EnsureCustomer returns the brand's customer with this external id, creating it when new; the details given
// (email, name, locale) update the record, and empty ones leave what is there.
func (db *DB) EnsureCustomer(ctx context.Context, c Customer) (Customer, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO customers (brand_id, external_id, email, name, locale, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, external_id) DO UPDATE SET
			email = CASE WHEN excluded.email != '' THEN excluded.email ELSE customers.email END,
			name = CASE WHEN excluded.name != '' THEN excluded.name ELSE customers.name END,
			locale = CASE WHEN excluded.locale != '' THEN excluded.locale ELSE customers.locale END
		RETURNING id`, c.BrandID, c.ExternalID, c.Email, c.Name, c.Locale, db.Now().Unix()).Scan(&id)
	if err != nil {
		return Customer{}, fmt.Errorf("store: ensure customer %q: %w", c.ExternalID, err)
	}
	return db.customerByIDWriter(ctx, id)
}

// customerByIDWriter reads through the writer so a row just written is seen at once.
func (db *DB) customerByIDWriter(ctx context.Context, id int64) (Customer, error) {
	c, err := scanCustomer(db.w.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	if err != nil {
		return c, fmt.Errorf("store: customer by id: %w", err)
	}
	return c, nil
}
