package handlers

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// BenchmarkCustomerPages measures each customer page for Camille, end to end through the router.
func BenchmarkCustomerPages(b *testing.B) {
	_, ts := newTestServer(b)
	c := signIn(b, ts, seed.BrandMaison, seed.CamilleID)
	for _, path := range []string{"/me", "/me/systems/product-recommender", "/me/activity"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if status, _, _ := get(b, c, ts.URL+path); status != http.StatusOK {
					b.Fatalf("%s: %d", path, status)
				}
			}
		})
	}
}

// BenchmarkIngestVsRaw sends batches of 500 events through the HTTP API (decode, validate, consent check,
// insert with rollups, commit, answer) and, in the same run, inserts the same rows with a plain prepared
// INSERT through the same driver into a database of the same schema. It reports both rates and their ratio.
func BenchmarkIngestVsRaw(b *testing.B) {
	s, ts := newIsolatedServer(b, func(s *Server) { s.APIRate, s.APIBurst = 1e6, 1e6 })
	key := apiKey(b, s, seed.BrandMaison)
	rawDB, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "raw.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer rawDB.Close()
	brand, _ := rawDB.CreateBrand(context.Background(), store.Brand{Slug: "raw", Name: "Raw"})
	sysID, _ := rawDB.SaveSystem(context.Background(), store.AISystem{BrandID: brand.ID, Slug: "s", Name: "S", Deployment: store.DeployInHouse})
	purID, _ := rawDB.SavePurpose(context.Background(), store.Purpose{BrandID: brand.ID, Slug: "p", LegalBasis: "contract"})
	custIDs := make([]int64, 50)
	for i := range custIDs {
		custIDs[i], _ = rawDB.SaveCustomer(context.Background(), store.Customer{BrandID: brand.ID, ExternalID: fmt.Sprintf("B-%d", i)})
	}
	rawConn, err := sql.Open("sqlite", "file:"+rawDB.Path()+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer rawConn.Close()
	rawConn.SetMaxOpenConns(1)

	const size = 500
	var apiTime, rawTime time.Duration
	n := 0
	for b.Loop() {
		evs := make([]map[string]any, size)
		base := testNow.Add(-time.Duration(n%300) * 24 * time.Hour)
		for i := range evs {
			// A contract purpose, as most traffic is: no consent question, so no violation flag on every row.
			evs[i] = event(fmt.Sprintf("bench-%d-%d", n, i), map[string]any{"customer": fmt.Sprintf("B-%d", i%50),
				"system": "search-ranking", "purpose": "search", "data_categories": []string{"user.behavior.search_history"},
				"occurred_at": base.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)})
		}
		body := batch(evs...)

		start := time.Now()
		status, _, raw := apiDo(b, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", body)
		apiTime += time.Since(start)
		if status != http.StatusOK || decodeAnswer(b, raw).Accepted != size {
			b.Fatalf("api batch: %d %s", status, raw[:min(len(raw), 300)])
		}

		start = time.Now()
		tx, err := rawConn.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmt, _ := tx.Prepare(`INSERT INTO usage_events (brand_id, event_key, customer_id, system_id, purpose_id, action, category_ids,
			occurred_at, outcome, model_version, actor, channel, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		for i, e := range evs {
			at, _ := time.Parse(time.RFC3339, e["occurred_at"].(string))
			if _, err := stmt.Exec(brand.ID, e["id"], custIDs[i%50], sysID, purID, e["action"], "1", at.Unix(), e["outcome"], "", "", e["channel"], time.Now().Unix()); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		rawTime += time.Since(start)
		n++
	}
	apiRate := float64(n*size) / apiTime.Seconds()
	rawRate := float64(n*size) / rawTime.Seconds()
	b.ReportMetric(apiRate, "api-events/s")
	b.ReportMetric(rawRate, "raw-events/s")
	b.ReportMetric(apiRate/rawRate, "api/raw")
}
