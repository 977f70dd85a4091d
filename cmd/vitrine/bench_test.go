package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vitrine/store"
	"vitrine/store/storetest"
)

// TestBenchRunsEveryStaffPageAndLateEvents drives a small seeded database in-process through the customer pages
// (with the first view after a late event) and every staff and admin page, and checks each is measured without
// an error and the report holds the ratios of issue 20.
func TestBenchRunsEveryStaffPageAndLateEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database and drives it")
	}
	ctx := context.Background()
	path := storetest.DSN(t, "bench") // SQLite, or PostgreSQL in the PostgreSQL run
	var out bytes.Buffer
	if err := cmdSeed(ctx, []string{"--db", path, "--customers", "60", "--events", "3000"}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	md := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := os.WriteFile(md, []byte("# Benchmarks\n\nkept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := cmdBench(ctx, []string{"--db", path, "--only", "customer,staff", "--requests", "4", "--heavy-events", "600", "--markdown", md}, &out)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	report := out.String()
	for _, p := range staffPages(benchCustomer{}) {
		line := lineHolding(report, "  "+p.name+"  ")
		if line == "" {
			t.Errorf("no figures for %s in:\n%s", p.name, report)
			continue
		}
		if f := strings.Fields(line); len(f) < 5 || f[4] != "0" { // scenario by load ok errors…
			t.Errorf("%s had errors: %s", p.name, line)
		}
	}
	for _, want := range []string{"/me heavy, late event", "first view after a late event", "peak RSS"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	b, _ := os.ReadFile(md)
	if !strings.Contains(string(b), "kept\n") || !strings.Contains(string(b), "/admin/violations") {
		t.Errorf("BENCHMARKS.md lost its text or did not get the report:\n%s", b)
	}
}

func lineHolding(text, part string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}

// TestBenchMarkdownReplacesItsSection checks that a second report replaces the first between the markers and
// leaves the rest of the file as it was.
func TestBenchMarkdownReplacesItsSection(t *testing.T) {
	md := filepath.Join(t.TempDir(), "B.md")
	os.WriteFile(md, []byte("# Title\n\nintro\n"), 0o644)
	if err := writeMarkdown(md, "first report"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(md, append(mustRead(t, md), []byte("\n## After\n\ntail\n")...), 0o644)
	if err := writeMarkdown(md, "second report"); err != nil {
		t.Fatal(err)
	}
	got := string(mustRead(t, md))
	if strings.Contains(got, "first report") || strings.Count(got, "second report") != 1 || strings.Count(got, mdBegin) != 1 {
		t.Errorf("the report was not replaced once:\n%s", got)
	}
	for _, keep := range []string{"# Title\n\nintro\n", "## After\n\ntail\n"} {
		if !strings.Contains(got, keep) {
			t.Errorf("lost %q:\n%s", keep, got)
		}
	}
}

func mustRead(t *testing.T, f string) []byte {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOpenLoopTimesFromWhenDue checks the open loop keeps its rate whatever the server does, and counts each
// answer's wait from when the request was due: a server that answers one at a time and stalls for 300 ms once
// makes every request due during the stall late, which p99 shows, while p50 stays that of a quick server.
func TestOpenLoopTimesFromWhenDue(t *testing.T) {
	var n atomic.Int64
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if n.Add(1) == 50 {
			time.Sleep(300 * time.Millisecond)
		}
	}))
	defer srv.Close()
	r := openLoop(context.Background(), "t", []*http.Client{srv.Client()}, []string{srv.URL}, 200, time.Second, nil)
	if r.n < 190 || r.errs != 0 {
		t.Fatalf("%d answers, %d errors at 200 req/s for 1 s", r.n, r.errs)
	}
	if r.p50 > 50*time.Millisecond {
		t.Errorf("p50 %s: most requests were not slowed", r.p50)
	}
	if r.p99 < 100*time.Millisecond {
		t.Errorf("p99 %s: the stall did not show", r.p99)
	}
}

// TestBenchOnlyNamesUnknownGroups checks a mistyped --only is refused with the groups it knows.
func TestBenchOnlyNamesUnknownGroups(t *testing.T) {
	err := cmdBench(context.Background(), []string{"--db", "x.db", "--only", "customer,ingset"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"ingset"`) || !strings.Contains(err.Error(), "ingest") {
		t.Errorf("err %v, want one naming ingset and the groups", err)
	}
}

// TestRawIngestWritesWhatIngestWrites checks the raw baseline against the store's own check of its rollups: after
// it has written its batches straight in SQL, every rollup (by customer, by brand, the reach by day of last use)
// still equals what the raw events give, so it did the work ingest does and left the database as ingest would.
func TestRawIngestWritesWhatIngestWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a database")
	}
	ctx := context.Background()
	path := storetest.DSN(t, "raw") // SQLite, or PostgreSQL in the PostgreSQL run
	if err := cmdSeed(ctx, []string{"--db", path, "--customers", "40", "--events", "2000"}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ri, err := newRawIngest(ctx, db, path, 50)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ri.run(ctx, "raw", 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.n == 0 {
		t.Fatal("no batch written")
	}
	if err := db.VerifyRollups(ctx); err != nil {
		t.Errorf("after %d raw batches: %v", r.n, err)
	}
}
