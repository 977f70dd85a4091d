package store

import (
	"context"
	"fmt"
)

// Bulk writes for loading many rows at once (the demo seed, benchmarks): one transaction per call instead of one
// per row, so a load of 100,000 customers costs a few hundred fsyncs on the synchronous=FULL writer, not 100,000.

// SaveCustomers inserts or updates (by brand and external id) the customers in one transaction and returns their
// ids in the same order.
func (db *DB) SaveCustomers(ctx context.Context, cs []Customer) ([]int64, error) {
	ids := make([]int64, len(cs))
	now := db.Now().Unix()
	err := db.tx(ctx, func(tx *txn) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO customers (brand_id, external_id, email, name, locale, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, external_id) DO UPDATE SET email = excluded.email, name = excluded.name, locale = excluded.locale
			RETURNING id`)
		if err != nil {
			return fmt.Errorf("store: prepare save customers: %w", err)
		}
		defer st.Close()
		for i, c := range cs {
			if err := st.QueryRowContext(ctx, c.BrandID, c.ExternalID, c.Email, c.Name, c.Locale, now).Scan(&ids[i]); err != nil {
				return fmt.Errorf("store: save customer %q: %w", c.ExternalID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// RecordConsents appends the consent changes in one transaction, exactly as RecordConsent does for each one
// (history row with a receipt, current state following the latest change in time), and returns the receipts.
// Either every change is recorded or none is. It loads history (the seed), so nothing goes to the change feed.
func (db *DB) RecordConsents(ctx context.Context, chs []ConsentChange) ([]ConsentChange, error) {
	out := make([]ConsentChange, len(chs))
	err := db.tx(ctx, func(tx *txn) error {
		for i, ch := range chs {
			r, err := db.recordConsent(ctx, tx, ch, db.Now(), true)
			if err != nil {
				return err
			}
			out[i] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
