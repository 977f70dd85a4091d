package store

import (
	"context"
	"testing"
	"time"
)

// TestKeyUseBatchedAndNeverBackwards notes key uses in memory, shows them in the key list before they are
// written, writes them in one go, and never moves a time back that another server sharing the database wrote.
func TestKeyUseBatchedAndNeverBackwards(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	key, k, err := f.db.CreateAPIKey(ctx, f.brand.ID, "busy")
	if err != nil {
		t.Fatal(err)
	}
	stored := func() int64 {
		var at *int64
		if err := f.db.w.QueryRowContext(ctx, `SELECT last_used_at FROM api_keys WHERE id = ?`, k.ID).Scan(&at); err != nil {
			t.Fatal(err)
		}
		if at == nil {
			return 0
		}
		return *at
	}
	t0 := time.Unix(1_800_000_000, 0).UTC()
	for i := range 3 {
		if _, err := f.db.APIKeyBrand(ctx, key, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if got := stored(); got != 0 {
		t.Fatalf("a use was written at once (%d): each API call would wait for the writer", got)
	}
	keys, _ := f.db.APIKeys(ctx, f.brand.ID)
	if len(keys) == 0 || keys[0].LastUsedAt == nil || !keys[0].LastUsedAt.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("the list does not show the newest pending use: %+v", keys)
	}
	if !f.db.flushKeyUses() || stored() != t0.Add(2*time.Second).Unix() {
		t.Fatalf("flushed %d, want the newest use", stored())
	}
	// Another server wrote a later use meanwhile: an older one from here leaves it.
	later := t0.Add(time.Hour).Unix()
	if _, err := f.db.w.ExecContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ?`, later, k.ID); err != nil {
		t.Fatal(err)
	}
	f.db.APIKeyBrand(ctx, key, t0.Add(time.Minute))
	if !f.db.flushKeyUses() || stored() != later {
		t.Fatalf("stored %d, want the other server's later %d", stored(), later)
	}
	if f.db.pendingKeyUse(k.ID) != 0 {
		t.Error("a written use stays pending")
	}
}
