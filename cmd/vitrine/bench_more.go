package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// The scenarios of issue 20, beside issue 9's in bench.go: every staff and admin page, the exports, the first
// view after a late event, ingest alone against a raw insert of the same rows with the same rollups, ingest at a
// fixed rate beside readers, and the overview at a fixed offered rate (open loop).

// staffPage is one staff or admin page the driver times as the brand's admin.
type staffPage struct{ name, path string }

// staffPages lists every page of the staff console and of /admin that reads data, for the customer c (the staff
// view of a customer's record) and the brand's system slug (a system's edit and use-case pages).
func staffPages(c benchCustomer) []staffPage {
	id := strconv.FormatInt(c.id, 10)
	return []staffPage{
		{"/staff", "/staff"},
		{"/staff/customers/{id}", "/staff/customers/" + id},
		{"/staff/reviews", "/staff/reviews"},
		{"/staff/rights", "/staff/rights"},
		{"/staff/audit", "/staff/audit"},
		{"/staff/team", "/staff/team"},
		{"/admin", "/admin"},
		{"/admin/systems", "/admin/systems"},
		{"/admin/systems/{slug}", "/admin/systems/" + c.topSlug},
		{"/admin/systems/{slug}/value", "/admin/systems/" + c.topSlug + "/value"},
		{"/admin/purposes", "/admin/purposes"},
		{"/admin/categories", "/admin/categories"},
		{"/admin/proposals", "/admin/proposals"},
		{"/admin/coverage", "/admin/coverage"},
		{"/admin/violations", "/admin/violations"},
		{"/admin/changes", "/admin/changes"},
		{"/admin/settings", "/admin/settings"},
		{"/admin/webhooks", "/admin/webhooks"},
	}
}

// exportResult times one export of the customer's whole history, n times after one untimed, and reports
// its figures per event: the time of the median export divided by the customer's events.
func exportResult(ctx context.Context, name string, cl *http.Client, u string, n int, events int64) result {
	r := sequentialFn(ctx, name, n, 1, func() (int, int, error) { return doGet(ctx, cl, u) }, nil)
	if events > 0 {
		r.perEvent = r.p50 / time.Duration(events)
	}
	return r
}

// openLoop sends requests for the pages at a fixed rate for d, each as a random session, whether or not the
// earlier ones have been answered, and times each from when it was due: a closed loop measures a server at
// saturation, where p99 means nothing; this one shows the tail a steady stream of visitors meets. side, when
// given, runs beside it.
func openLoop(ctx context.Context, name string, sessions []*http.Client, pages []string, rate int, d time.Duration, side func(stop <-chan struct{})) result {
	l0 := loadAverage()
	stop := make(chan struct{})
	var sw sync.WaitGroup
	if side != nil {
		sw.Add(1)
		go func() { defer sw.Done(); side(stop) }()
	}
	interval := time.Second / time.Duration(max(1, rate))
	total := int(d / interval)
	inflight := make(chan struct{}, 512) // past this many unanswered requests the server has fallen over anyway
	var mu sync.Mutex
	lat := make([]time.Duration, 0, total)
	var errs atomic.Int64
	var wg sync.WaitGroup
	rng := rand.New(rand.NewPCG(9, 42))
	start := time.Now()
	for i := range total {
		due := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		inflight <- struct{}{}
		cl, u := sessions[rng.IntN(len(sessions))], pages[i%len(pages)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-inflight }()
			status, _, err := doGet(ctx, cl, u)
			if err != nil || status != http.StatusOK {
				errs.Add(1)
				return
			}
			took := time.Since(due)
			mu.Lock()
			lat = append(lat, took)
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	close(stop)
	sw.Wait()
	r := summarize(name, lat, int(errs.Load()), took)
	r.load = l0
	return r
}

// rawIngest is the honest limit of the design: the same rows the ingest API writes for batches of events spread
// over the customers (the event and its rollup upserts: per customer by day and month, by data category by day
// and month, brand-wide by day, month and in all, the system's reach by day of last use, per customer and system,
// and the customer's data revision), written in SQL through a connection of its own with the store's own
// settings, one transaction per batch, as fast as it goes for d. No HTTP, no JSON, no validation, no look-ups:
// whatever ingest costs above this is the application's. Its events stay in the current month, as a late one
// would also move revisions this does not, so the database stays what ingest would have made it (VerifyRollups).
type rawIngest struct {
	dsn, driver          string
	brand, sys, pur, cat int64
	customers            []int64
	batch                int
}

func (ri *rawIngest) run(ctx context.Context, name string, d time.Duration) (result, error) {
	conn, err := sql.Open(ri.driver, ri.dsn)
	if err != nil {
		return result{}, err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	pg := ri.driver == "pgx"
	q := func(s string) string { // PostgreSQL numbers its placeholders
		if !pg {
			return s
		}
		var b strings.Builder
		n := 0
		for _, r := range s {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	stmts := []string{
		`INSERT INTO usage_events (brand_id, event_key, customer_id, system_id, purpose_id, action, category_ids, occurred_at,
			outcome, model_version, actor, channel, decision, human_review, on_behalf_of, consent_violation, ingested_at, lang)
			VALUES (?, ?, ?, ?, ?, 'inference', ?, ?, 'suggested 4 products', '', '', 'web', '', false, '', false, ?, '')`,
		`INSERT INTO rollup_daily (brand_id, customer_id, day, system_id, purpose_id, action, n) VALUES (?, ?, ?, ?, ?, 'inference', 1)
			ON CONFLICT (brand_id, customer_id, day, system_id, purpose_id, action) DO UPDATE SET n = rollup_daily.n + 1`,
		`INSERT INTO rollup_monthly (brand_id, customer_id, month, system_id, purpose_id, action, n) VALUES (?, ?, ?, ?, ?, 'inference', 1)
			ON CONFLICT (brand_id, customer_id, month, system_id, purpose_id, action) DO UPDATE SET n = rollup_monthly.n + 1`,
		`INSERT INTO rollup_category_daily (brand_id, customer_id, day, system_id, category_id, n) VALUES (?, ?, ?, ?, ?, 1)
			ON CONFLICT (brand_id, customer_id, day, system_id, category_id) DO UPDATE SET n = rollup_category_daily.n + 1`,
		`INSERT INTO rollup_category_monthly (brand_id, customer_id, month, system_id, category_id, n) VALUES (?, ?, ?, ?, ?, 1)
			ON CONFLICT (brand_id, customer_id, month, system_id, category_id) DO UPDATE SET n = rollup_category_monthly.n + 1`,
		`INSERT INTO rollup_brand_daily (brand_id, day, system_id, purpose_id, action, n, violations) VALUES (?, ?, ?, ?, 'inference', 1, 0)
			ON CONFLICT (brand_id, day, system_id, purpose_id, action) DO UPDATE SET n = rollup_brand_daily.n + 1`,
		`INSERT INTO rollup_brand_monthly (brand_id, month, system_id, purpose_id, action, n, violations) VALUES (?, ?, ?, ?, 'inference', 1, 0)
			ON CONFLICT (brand_id, month, system_id, purpose_id, action) DO UPDATE SET n = rollup_brand_monthly.n + 1`,
		`INSERT INTO rollup_brand_totals (brand_id, system_id, purpose_id, n) VALUES (?, ?, ?, 1)
			ON CONFLICT (brand_id, system_id, purpose_id) DO UPDATE SET n = rollup_brand_totals.n + 1`,
		// The customer leaves the day of their last use of the system for this one, if this one is later
		// (store/reach.go), read before the stats below move it.
		`INSERT INTO system_reach_daily (brand_id, system_id, day, customers)
			SELECT brand_id, system_id, last_at / 86400, -1 FROM customer_system_stats
			WHERE brand_id = ? AND customer_id = ? AND system_id = ? AND last_at / 86400 < ?
			ON CONFLICT (brand_id, system_id, day) DO UPDATE SET customers = system_reach_daily.customers + excluded.customers`,
		`INSERT INTO system_reach_daily (brand_id, system_id, day, customers) SELECT ?, ?, ?, 1
			WHERE NOT EXISTS (SELECT 1 FROM customer_system_stats WHERE brand_id = ? AND customer_id = ? AND system_id = ? AND last_at / 86400 >= ?)
			ON CONFLICT (brand_id, system_id, day) DO UPDATE SET customers = system_reach_daily.customers + excluded.customers`,
		`INSERT INTO customer_system_stats (brand_id, customer_id, system_id, n, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)
			ON CONFLICT (brand_id, customer_id, system_id) DO UPDATE SET n = customer_system_stats.n + 1,
				first_at = CASE WHEN excluded.first_at < customer_system_stats.first_at THEN excluded.first_at ELSE customer_system_stats.first_at END,
				last_at = CASE WHEN excluded.last_at > customer_system_stats.last_at THEN excluded.last_at ELSE customer_system_stats.last_at END`,
		`UPDATE customers SET data_rev = data_rev + 1 WHERE brand_id = ? AND id = ?`,
	}
	if pg { // a partitioned table keeps its events' ids unique in event_keys (see the schema)
		stmts = append([]string{`INSERT INTO event_keys (brand_id, event_key) VALUES (?, ?) ON CONFLICT DO NOTHING`}, stmts...)
	}
	rng := rand.New(rand.NewPCG(3, 5))
	tag := strconv.FormatInt(time.Now().UnixNano(), 36)
	cat := strconv.FormatInt(ri.cat, 10)
	var lat []time.Duration
	events := 0
	start := time.Now()
	for n := 0; time.Since(start) < d; n++ {
		t0 := time.Now()
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return result{}, err
		}
		prepared := make([]*sql.Stmt, len(stmts))
		for i, s := range stmts {
			if prepared[i], err = tx.PrepareContext(ctx, q(s)); err != nil {
				tx.Rollback()
				return result{}, fmt.Errorf("raw insert: %w", err)
			}
		}
		now := time.Now().Unix()
		t := time.Unix(now, 0).UTC()
		monthStart := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Unix()
		for i := range ri.batch {
			cust := ri.customers[rng.IntN(len(ri.customers))]
			at := max(monthStart, now-int64(i)*60)
			day := at / 86400
			t := time.Unix(at, 0).UTC()
			month := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
			key := fmt.Sprintf("raw-%s-%d-%d", tag, n, i)
			args := [][]any{
				{ri.brand, key, cust, ri.sys, ri.pur, cat, at, now},
				{ri.brand, cust, day, ri.sys, ri.pur},
				{ri.brand, cust, month, ri.sys, ri.pur},
				{ri.brand, cust, day, ri.sys, ri.cat},
				{ri.brand, cust, month, ri.sys, ri.cat},
				{ri.brand, day, ri.sys, ri.pur},
				{ri.brand, month, ri.sys, ri.pur},
				{ri.brand, ri.sys, ri.pur},
				{ri.brand, cust, ri.sys, day},
				{ri.brand, ri.sys, day, ri.brand, cust, ri.sys, day},
				{ri.brand, cust, ri.sys, at, at},
				{ri.brand, cust},
			}
			if pg {
				args = append([][]any{{ri.brand, key}}, args...)
			}
			for j, st := range prepared {
				if _, err := st.ExecContext(ctx, args[j]...); err != nil {
					tx.Rollback()
					return result{}, fmt.Errorf("raw insert: %w", err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			return result{}, fmt.Errorf("raw insert: %w", err)
		}
		lat = append(lat, time.Since(t0))
		events += ri.batch
	}
	took := time.Since(start)
	r := summarize(name, lat, 0, took)
	r.rps = float64(events) / took.Seconds()
	return r, nil
}

// newRawIngest finds, in the database at path, the ids the ingester's events name (the first demo brand's
// product recommender, its recommendations purpose, purchase history) and the customers they are spread over.
func newRawIngest(ctx context.Context, db *store.DB, path string, batch int) (*rawIngest, error) {
	b, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		return nil, err
	}
	ri := &rawIngest{brand: b.ID, batch: batch, driver: "sqlite", dsn: store.WriterDSN(path)}
	if store.IsPostgres(path) {
		ri.driver, ri.dsn = "pgx", path
	}
	r := db.Reader()
	for _, x := range []struct {
		dst *int64
		q   string
	}{
		{&ri.sys, `SELECT id FROM ai_systems WHERE brand_id = ? AND slug = 'product-recommender'`},
		{&ri.pur, `SELECT id FROM purposes WHERE brand_id = ? AND slug = 'recommendations'`},
		{&ri.cat, `SELECT id FROM data_categories WHERE brand_id = ? AND slug = 'user.behavior.purchase_history'`},
	} {
		if err := r.QueryRowContext(ctx, x.q, b.ID).Scan(x.dst); err != nil {
			return nil, fmt.Errorf("raw insert: %s: %w", x.q, err)
		}
	}
	rows, err := r.QueryContext(ctx, `SELECT id FROM customers WHERE brand_id = ? AND external_id != 'BENCH-HEAVY'`, b.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ri.customers = append(ri.customers, id)
	}
	if len(ri.customers) == 0 {
		return nil, errors.New("raw insert: the brand has no customers")
	}
	return ri, rows.Err()
}

// latePoster sends one late event at a time for a customer, dated two months ago, so that it lands in a closed
// month of their window. Its purpose rests on a contract, which no customer can refuse: the event is never a
// use against someone's choice, so the light and the heavy customer's pages gain the same thing from it.
type latePoster struct {
	base, key, customer string
	cl                  *http.Client
	n                   int
}

func (p *latePoster) post(ctx context.Context) error {
	p.n++
	body := fmt.Sprintf(`{"events":[{"id":"bench-late-%s-%d-%d","customer":%q,"system":"beauty-chat","purpose":"customer-support",
		"action":"inference","data_categories":["user.behavior.purchase_history"],"channel":"web","occurred_at":%q}]}`,
		p.customer, time.Now().UnixNano(), p.n, p.customer, time.Now().AddDate(0, -2, 0).UTC().Format(time.RFC3339))
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/api/v1/events", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+p.key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := p.cl.Do(req)
		if err != nil {
			return err
		}
		discard(resp)
		switch resp.StatusCode {
		case http.StatusOK:
			return nil
		case http.StatusTooManyRequests: // the key's rate limit: wait as told, untimed
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			time.Sleep(time.Duration(max(1, wait)) * time.Second)
		default:
			return fmt.Errorf("late event: status %d", resp.StatusCode)
		}
	}
}

// loadAverage is the machine's 1-minute load average, read before each scenario: the figures of a run on a busy
// machine are not those of a quiet one, and the table says which it was.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// discard reads a response to its end and closes it.
func discard(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}
