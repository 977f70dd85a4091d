package handlers

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// heavyEvents is how many events the export benchmarks' customer has: the size of history an export must
// stream in about a second.
const heavyEvents = 100_000

// heavyCustomer is the external id of the customer the export benchmarks give heavyEvents events.
const heavyCustomer = "EXPORT-HEAVY"

var (
	heavyOnce sync.Once
	heavyDB   *store.DB
	heavyErr  error
)

// heavyServer serves a database of its own holding the small demo data and one customer, heavyCustomer, with
// heavyEvents events spread over the last 12 months across the brand's registered systems, purposes and
// categories, every action represented. Building it takes tens of seconds, so the benchmarks of one run share
// it; the database is removed when the package's tests end.
func heavyServer(b *testing.B) *httptest.Server {
	b.Helper()
	heavyOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "vitrine-export")
		if err != nil {
			heavyErr = err
			return
		}
		afterTests = append(afterTests, func() { os.RemoveAll(dir) })
		dsn, drop, err := store.TestDatabase(ctx, dir, "heavy")
		if err != nil {
			heavyErr = err
			return
		}
		db, err := store.Open(ctx, dsn, store.WithClock(func() time.Time { return testNow }))
		if err != nil {
			drop()
			heavyErr = err
			return
		}
		afterTests = append([]func(){func() { db.Close(); drop() }}, afterTests...) // before its directory goes
		if _, err := seed.Demo(ctx, db, seed.Options{Customers: 20, Events: 1500, Seed: 3, Now: testNow}); err != nil {
			heavyErr = err
			return
		}
		heavyErr = giveHeavyHistory(ctx, db)
		heavyDB = db
	})
	if heavyErr != nil {
		b.Fatal(heavyErr)
	}
	s := &Server{DB: heavyDB, Log: testLog(), SessionTTL: time.Hour}
	ts := httptest.NewServer(New(s))
	s.BaseURL = ts.URL
	serverDBs.Store(ts.URL, heavyDB)
	b.Cleanup(ts.Close)
	return ts
}

// giveHeavyHistory inserts heavyEvents events for heavyCustomer in batches of 500, as ingest would.
func giveHeavyHistory(ctx context.Context, db *store.DB) error {
	br, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		return err
	}
	reg, err := db.Registry(ctx, br.ID)
	if err != nil {
		return err
	}
	var systems, purposes, cats []string
	for _, s := range reg.SystemOrder {
		if s.Registered {
			systems = append(systems, s.Slug)
		}
	}
	for slug, p := range reg.PurposeBySlug {
		if p.Registered && p.LegalBasis != "consent" {
			purposes = append(purposes, slug)
		}
	}
	for slug, c := range reg.CategoryBySlug {
		if c.Registered {
			cats = append(cats, slug)
		}
	}
	slices.Sort(purposes)
	slices.Sort(cats)
	step := 365 * 24 * time.Hour / heavyEvents
	for start := 0; start < heavyEvents; start += 500 {
		evs := make([]store.EventInput, 0, 500)
		for i := start; i < min(heavyEvents, start+500); i++ {
			e := store.EventInput{ID: fmt.Sprintf("heavy-%d", i), Customer: heavyCustomer, System: systems[i%len(systems)],
				Purpose: purposes[i%len(purposes)], Action: store.ActionInference, Channel: "web",
				DataCategories: []string{cats[i%len(cats)], cats[(i/7)%len(cats)]},
				OccurredAt:     testNow.Add(-time.Hour - time.Duration(i)*step).UTC().Truncate(time.Second)}
			// Most events are inferences, as in the brands' traffic; one in ten is each of the other actions'
			// sentences in turn, with the texts brands send for them.
			switch i % 50 {
			case 5:
				e.Action, e.ModelVersion = store.ActionTraining, fmt.Sprintf("v%d", 1+i%9)
			case 15:
				e.Action, e.Decision, e.HumanReview = store.ActionDecision, "credit limit set to £2,000", true
			case 25:
				e.Action, e.Outcome = store.ActionGeneration, "wrote a product description"
			case 35:
				e.Action, e.Actor = store.ActionSharing, "Acme Analytics"
			case 45:
				e.Action, e.Actor, e.OnBehalfOf = store.ActionAgentAccess, "ShopBot", "Camille"
			default:
				if i%3 == 0 {
					e.Outcome = fmt.Sprintf("suggested %d products", 1+i%6)
				}
			}
			evs = append(evs, e)
		}
		if _, err := db.InsertEvents(ctx, br.ID, evs); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkExport times /me/export.json and /me/export.csv for a customer with heavyEvents events, end to end
// through the router, as a download without compression and as a browser's (gzip), and reports the time and
// the allocations per event and the size of the file. The machine the benchmarks run on is shared, so beside
// the time it reports the CPU time per event, which others' work disturbs less. CPU time and allocations are
// the whole process's, client included.
func BenchmarkExport(b *testing.B) {
	ts := heavyServer(b)
	c := signIn(b, ts, seed.BrandMaison, heavyCustomer)
	c.Transport = &http.Transport{DisableCompression: true}
	for _, path := range []string{"/me/export.json", "/me/export.csv"} {
		for _, enc := range []string{"identity", "gzip"} {
			b.Run(path[4:]+"/"+enc, func(b *testing.B) {
				b.ReportAllocs()
				var size int64
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				cpu := cpuTime()
				for b.Loop() {
					req, _ := http.NewRequest(http.MethodGet, ts.URL+path+"?lang=en", nil)
					req.Header.Set("Accept-Encoding", enc)
					resp, err := c.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					size, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err != nil || resp.StatusCode != http.StatusOK {
						b.Fatalf("%s: %d %v", path, resp.StatusCode, err)
					}
				}
				cpu = cpuTime() - cpu
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/heavyEvents, "cpu-ns/event")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/heavyEvents, "ns/event")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/heavyEvents, "allocs/event")
				b.ReportMetric(float64(size), "bytes")
			})
		}
	}
}

// cpuTime is the CPU time, user and system, the process has used so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
