package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestTimeSensitivePathsAtFixedDates runs what depends on the clock at dates chosen to break it: a key rotation's
// grace period and a session's expiry, read by the store's clock and not the machine's.
func TestTimeSensitivePathsAtFixedDates(t *testing.T) {
	ctx := context.Background()
	for _, at := range []time.Time{
		time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), // the day the suite first failed
		time.Date(2028, 2, 29, 23, 30, 0, 0, time.UTC), // a 29 February, half an hour before March
		time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC),  // the night Europe/Paris moves to summer time
		time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC),    // years after the machine's date
	} {
		t.Run(at.Format(time.RFC3339), func(t *testing.T) {
			f := newFixture(t)
			clock := at
			f.db.SetClock(func() time.Time { return clock })

			// Key rotation: the old key verifies during the grace period, by the store's clock, and not after.
			before, err := f.db.BrandKeys(ctx, f.brand.ID, clock)
			if err != nil || len(before) != 1 {
				t.Fatalf("keys before rotation: %v, %v", before, err)
			}
			fresh, err := f.db.RotateBrandKey(ctx, f.brand.ID, false, 24*time.Hour, clock)
			if err != nil {
				t.Fatal(err)
			}
			if !fresh.CreatedAt.Equal(clock.Truncate(time.Second)) {
				t.Errorf("new key created at %v, want the store's clock %v", fresh.CreatedAt, clock)
			}
			during, _ := f.db.BrandKeys(ctx, f.brand.ID, clock.Add(23*time.Hour))
			if len(during) != 2 || during[0].KID != fresh.KID || during[1].KID != before[0].KID {
				t.Errorf("keys during the grace period: %+v, want the new key then the old one", during)
			}
			after, _ := f.db.BrandKeys(ctx, f.brand.ID, clock.Add(25*time.Hour))
			if len(after) != 1 || after[0].KID != fresh.KID {
				t.Errorf("keys after the grace period: %+v, want only the new key", after)
			}

			// Session expiry: a session lives its TTL by the clock it was opened with.
			id, err := f.db.ExchangeToken(ctx, "jti-"+at.Format("20060102"), clock.Add(time.Minute), f.cust, time.Hour, clock)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.db.SessionView(ctx, id, clock.Add(59*time.Minute)); err != nil {
				t.Errorf("session 59 minutes in: %v", err)
			}
			if _, err := f.db.SessionView(ctx, id, clock.Add(61*time.Minute)); !errors.Is(err, ErrNotFound) {
				t.Errorf("session 61 minutes in: %v, want ErrNotFound", err)
			}
		})
	}
}
