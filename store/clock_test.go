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

// TestWindowIsTheLast12Months pins the window every customer surface sums: a true rolling 12 months of whole UTC
// days, today included, whatever the date (the turn of a month or a year, a 29 February, the night Paris changes
// its clocks), so that "over the last 12 months" means it.
func TestWindowIsTheLast12Months(t *testing.T) {
	for _, tc := range []struct {
		now, from time.Time
		months    int
	}{
		{time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC), time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC), 13},
		{time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC), time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), 12},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), 13},
		{time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC), time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), 12},
		{time.Date(2029, 3, 1, 8, 0, 0, 0, time.UTC), time.Date(2028, 3, 2, 0, 0, 0, 0, time.UTC), 13},
		// 02:30 in Paris on the night clocks go forward is still 29 March in UTC.
		{time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC), 13},
		// Late in the evening in Paris, the next day has begun in UTC: the window is the UTC days the rollups hold.
		{time.Date(2026, 6, 15, 23, 30, 0, 0, time.FixedZone("UTC-2", -2*3600)), time.Date(2025, 6, 17, 0, 0, 0, 0, time.UTC), 13},
	} {
		from := WindowStart(tc.now)
		if !from.Equal(tc.from) {
			t.Errorf("WindowStart(%v) = %v, want %v", tc.now, from, tc.from)
		}
		days := int(tc.now.UTC().Truncate(24*time.Hour).Sub(from)/(24*time.Hour)) + 1
		if days != 365 && days != 366 {
			t.Errorf("window of %v holds %d days", tc.now, days)
		}
		ms := WindowMonthStarts(tc.now)
		if len(ms) != tc.months || ms[0].Month() != from.Month() || ms[len(ms)-1].Month() != tc.now.UTC().Month() {
			t.Errorf("months of %v: %v", tc.now, ms)
		}
	}
}
