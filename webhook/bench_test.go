package webhook

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vitrine/store"
	"vitrine/store/storetest"
)

// BenchmarkDeliveryLatency measures how long a customer's choice takes to reach the brand's endpoint: from the
// commit of a consent change to the signed POST arriving, with the dispatcher woken by the commit as in `vitrine
// serve`, while batches of 500 events are ingested beside it as fast as the store takes them. It reports p50 and
// p99 of that delay and the ingest rate it held meanwhile.
func BenchmarkDeliveryLatency(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := storetest.Open(b, "latency")
	brand, _ := db.CreateBrand(ctx, store.Brand{Slug: "acme", Name: "Acme", DefaultLocale: "en"})
	if _, err := db.SaveSystem(ctx, store.AISystem{BrandID: brand.ID, Slug: "recommender", Name: "Recommender", Deployment: store.DeployInHouse, Registered: true}); err != nil {
		b.Fatal(err)
	}
	train, _ := db.SavePurpose(ctx, store.Purpose{BrandID: brand.ID, Slug: "model-training", LegalBasis: "consent", Refusable: true, IsTraining: true, Registered: true})
	if _, err := db.SavePurpose(ctx, store.Purpose{BrandID: brand.ID, Slug: "service", LegalBasis: "contract", Registered: true}); err != nil {
		b.Fatal(err)
	}
	cust, _ := db.SaveCustomer(ctx, store.Customer{BrandID: brand.ID, ExternalID: "C-1", Locale: "en"})

	arrived := make(chan time.Time, 1)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
		arrived <- time.Now()
	}))
	defer rcv.Close()
	if _, err := db.CreateWebhookEndpoint(ctx, brand.ID, rcv.URL, "", []string{store.ChangeConsent}, db.Now()); err != nil {
		b.Fatal(err)
	}
	d := &Dispatcher{DB: db, Client: Client(5*time.Second, true)}
	d.Attach()
	go d.Run(ctx)

	var ingested atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for batch := 0; ctx.Err() == nil; batch++ {
			evs := make([]store.EventInput, 500)
			for i := range evs {
				evs[i] = store.EventInput{ID: fmt.Sprintf("b%d-%d", batch, i), Customer: fmt.Sprintf("K-%d", i%200), System: "recommender",
					Purpose: "service", Action: store.ActionInference, OccurredAt: db.Now().Add(-time.Duration(i) * time.Minute)}
			}
			if _, err := db.InsertEvents(ctx, brand.ID, evs); err != nil {
				return
			}
			ingested.Add(500)
		}
	}()

	var lat []time.Duration
	state := store.ConsentRefused
	start := time.Now()
	b.ResetTimer()
	for range b.N {
		if _, err := db.RecordConsent(ctx, store.ConsentChange{CustomerID: cust, PurposeID: train, State: state, Method: "api"}); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		select {
		case at := <-arrived:
			lat = append(lat, at.Sub(committed))
		case <-time.After(10 * time.Second):
			b.Fatal("no delivery within 10 s")
		}
		if state == store.ConsentRefused {
			state = store.ConsentGranted
		} else {
			state = store.ConsentRefused
		}
	}
	b.StopTimer()
	elapsed := time.Since(start)
	cancel()
	wg.Wait()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(ingested.Load())/elapsed.Seconds(), "ingest-events/s")
}

// BenchmarkFeedRead measures how fast a brand's system can read the change feed: pages of 500 from the start of a
// feed of 20,000 changes, as GET /api/v1/changes reads them.
func BenchmarkFeedRead(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, "feed")
	brand, _ := db.CreateBrand(ctx, store.Brand{Slug: "acme", Name: "Acme", DefaultLocale: "en"})
	train, _ := db.SavePurpose(ctx, store.Purpose{BrandID: brand.ID, Slug: "model-training", LegalBasis: "consent", Refusable: true, Registered: true})
	const total = 20000
	var custs []int64
	for i := range 200 {
		id, _ := db.SaveCustomer(ctx, store.Customer{BrandID: brand.ID, ExternalID: fmt.Sprintf("C-%d", i), Locale: "en"})
		custs = append(custs, id)
	}
	for i := range total {
		state := store.ConsentGranted
		if i%2 == 1 {
			state = store.ConsentRefused
		}
		if _, err := db.RecordConsent(ctx, store.ConsentChange{CustomerID: custs[i%len(custs)], PurposeID: train, State: state, Method: "api"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	read := 0
	for range b.N {
		var cursor int64
		for {
			chs, err := db.Changes(ctx, brand.ID, cursor, nil, 500)
			if err != nil {
				b.Fatal(err)
			}
			if len(chs) == 0 {
				break
			}
			read += len(chs)
			cursor = chs[len(chs)-1].Seq
		}
	}
	b.ReportMetric(float64(read)/time.Since(start).Seconds(), "changes/s")
}
