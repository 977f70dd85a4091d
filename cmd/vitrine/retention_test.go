package main

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// oldEvents counts, per system slug, the events older than the system's retention at now.
func oldEvents(t *testing.T, db *store.DB, now time.Time) int {
	t.Helper()
	ctx := context.Background()
	brands, err := db.Brands(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, b := range brands {
		reg, err := db.Registry(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sys := range reg.Systems {
			r, err := store.ParseRetention(sys.Retention)
			if err != nil || r.IsZero() {
				continue
			}
			var n int
			if err := db.Reader().QueryRow(`SELECT count(*) FROM usage_events e WHERE brand_id = ? AND system_id = ? AND occurred_at < ?
				AND NOT EXISTS (SELECT 1 FROM review_requests r WHERE r.brand_id = e.brand_id AND r.event_id = e.id)`,
				b.ID, sys.ID, r.Cutoff(now).Unix()).Scan(&n); err != nil {
				t.Fatal(err)
			}
			total += n
		}
	}
	return total
}

// TestRetentionRunCommand: --dry-run counts and deletes nothing; the run deletes exactly those, prints them per
// brand and system, keeps the rollups checkable; a second run finds nothing.
func TestRetentionRunCommand(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, "retention")
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	old := oldEvents(t, db, time.Now())
	if old == 0 {
		t.Fatal("the demo data has no event older than its system's retention")
	}
	all := countEvents(t, db)
	total := regexp.MustCompile(`(?m)^(?:Dry run: (\d+) events would be removed|Removed (\d+) events)`)
	run := func(args ...string) (string, int) {
		t.Helper()
		var out bytes.Buffer
		if err := cmdRetention(ctx, append([]string{"run", "--db", dsn}, args...), &out); err != nil {
			t.Fatalf("retention run %v: %v\n%s", args, err, out.String())
		}
		m := total.FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no total in:\n%s", out.String())
		}
		n, _ := strconv.Atoi(m[1] + m[2])
		return out.String(), n
	}
	out, n := run("--dry-run")
	if n != old || countEvents(t, db) != all {
		t.Fatalf("dry run: says %d of %d old events, and %d events are left of %d:\n%s", n, old, countEvents(t, db), all, out)
	}
	for _, want := range []string{seed.BrandMaison + "/beauty-chat: keeps 30 days; would remove", seed.BrandMaison + "/shopbot: no retention set"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	out, n = run()
	if n != old || countEvents(t, db) != all-old || oldEvents(t, db, time.Now()) != 0 {
		t.Fatalf("run: says %d, removed %d of %d old events:\n%s", n, all-countEvents(t, db), old, out)
	}
	if !strings.Contains(out, seed.BrandMaison+"/beauty-chat: keeps 30 days; removed") {
		t.Errorf("output lacks the per-system line:\n%s", out)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatalf("rollups after the run: %v", err)
	}
	if _, n = run(); n != 0 {
		t.Fatalf("a second run removed %d", n)
	}
	if err := cmdRetention(ctx, []string{"go", "--db", dsn}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "usage: vitrine retention run") {
		t.Fatalf("unknown verb: %v", err)
	}
}

// TestServeRetentionJobRunsDaily: the job serve starts runs at once, then only when the store's clock has moved a
// day, each time removing what has become older than the retention.
func TestServeRetentionJobRunsDaily(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	set := func(t time.Time) { mu.Lock(); defer mu.Unlock(); now = t }
	db := storetest.Open(t, "retention-job", store.WithClock(clock))
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 2000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	stop := startRetention(ctx, db, slog.New(slog.NewJSONHandler(&logs, nil)), 5*time.Millisecond)
	defer stop()
	runs := func() int { return strings.Count(logs.String(), `"msg":"retention run"`) }
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); runs() < n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d retention runs logged, want %d:\n%s", runs(), n, logs.String())
			}
		}
	}
	waitFor(1)
	if left := oldEvents(t, db, clock()); left != 0 {
		t.Fatalf("%d old events left after the first run", left)
	}
	set(now.Add(12 * time.Hour))
	time.Sleep(60 * time.Millisecond)
	if runs() != 1 {
		t.Fatalf("ran again within the day:\n%s", logs.String())
	}
	set(now.Add(12 * time.Hour)) // a day after the first run
	waitFor(2)
	if left := oldEvents(t, db, clock()); left != 0 {
		t.Fatalf("%d old events left after the next day's run", left)
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
}
