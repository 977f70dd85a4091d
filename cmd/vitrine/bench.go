package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"vitrine/handlers"
	"vitrine/seed"
	"vitrine/static"
	"vitrine/store"
	"vitrine/token"
)

// cmdBench is the load driver of issue 9: it measures the customer pages, the widget and the staff search for a
// light, a heavy and a set of varied customers, 16 concurrent clients with and without ingest, the raw GROUP BY
// alternative, and the server's memory, then prints a table and the ratios against the targets.
func cmdBench(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench")
	dbPath := fs.String("db", "", "database to measure, SQLite file or postgres:// URL (required; a seeded benchmark database)")
	smallDB := fs.String("small-db", "", "a smaller seeded database: the single-client routes are measured on it too, for the size ratio")
	baseURL := fs.String("base-url", "", "measure a running server at this URL (127.0.0.1 only) instead of starting one in-process; several URLs, comma-separated, spread the load scenarios' clients over several servers of one database")
	serverPID := fs.Int("server-pid", 0, "with --base-url, the server's process id, to sample its RSS")
	requests := fs.Int("requests", 200, "requests per single-client scenario")
	clients := fs.Int("clients", 16, "concurrent clients in the load scenarios")
	loadFor := fs.Duration("load-for", 15*time.Second, "how long each load scenario runs")
	varied := fs.Int("varied", 200, "how many varied customers the load scenarios spread over")
	ingestBatch := fs.Int("ingest-batch", 500, "events per ingest batch in the load-with-ingest scenarios")
	ingestRate := fs.Int("ingest-rate", 0, "events per second the ingest of the load scenarios sends at most (0: as fast as the server takes them)")
	runs := fs.Int("runs", 1, "how many times to run each scenario: single-client ones report the run with the median p50, load ones are checked against the worst run")
	heavyEvents := fs.Int("heavy-events", 100000, "when no customer of --db has this many events, one (BENCH-HEAVY) is given them through the ingest API first")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run (in-process server and driver) to this file")
	spawn := fs.Bool("spawn", false, "start a server process of its own for each database (vitrine serve), as in production, instead of serving in-process; its RSS is sampled, its pprof is on a private port")
	wrkPath := fs.String("wrk", "", "with --spawn or --base-url, also drive the load scenarios with this wrk binary (\"auto\": wrk from PATH when there is one)")
	openRate := fs.Int("open-rate", 800, "requests per second of the open-loop scenario (0: none)")
	fixedIngest := fs.Int("fixed-ingest", 1500, "events per second of the scenario with ingest at a fixed rate beside the readers (0: none)")
	profileDir := fs.String("profile-dir", "", "with --spawn, write the server's CPU profiles and execution traces under load to this directory")
	only := fs.String("only", "", "run only these groups of scenarios, comma-separated: customer (the customer pages and widget), staff (search and every staff and admin page), export, ingest (alone and the raw insert), load (16 clients, with ingest beside), open (open loop), wrk (default: all)")
	markdown := fs.String("markdown", "", "also write the report into this Markdown file (BENCHMARKS.md), between its bench markers")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dbPath == "" {
		return errors.New("bench: --db is required")
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var bases []string
	if *baseURL != "" {
		for _, b := range strings.Split(*baseURL, ",") {
			u, err := url.Parse(strings.TrimSpace(b))
			if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
				return fmt.Errorf("bench: --base-url must point at 127.0.0.1, not %q", b)
			}
			bases = append(bases, strings.TrimRight(strings.TrimSpace(b), "/"))
		}
	}
	if *spawn && *baseURL != "" {
		return errors.New("bench: --spawn starts its own servers; leave out --base-url")
	}
	wrk := *wrkPath
	if wrk == "auto" {
		wrk, _ = exec.LookPath("wrk")
	}
	if wrk != "" && !*spawn && *baseURL == "" {
		return errors.New("bench: --wrk measures a server in its own process: add --spawn or --base-url")
	}
	cfg := benchConfig{heavyEvents: *heavyEvents, requests: *requests, clients: *clients, loadFor: *loadFor, varied: *varied,
		ingestBatch: *ingestBatch, ingestRate: *ingestRate, pid: *serverPID, runs: max(1, *runs),
		spawn: *spawn, wrk: wrk, openRate: *openRate, fixedIngest: *fixedIngest, profileDir: *profileDir, only: map[string]bool{}}
	for _, g := range strings.Split(*only, ",") {
		switch g = strings.TrimSpace(g); g {
		case "":
		case "customer", "staff", "export", "ingest", "load", "open", "wrk":
			cfg.only[g] = true
		default:
			return fmt.Errorf("bench: --only: no group %q (customer, staff, export, ingest, load, open, wrk)", g)
		}
	}
	var captured bytes.Buffer
	if *markdown != "" {
		out = io.MultiWriter(out, &captured)
	}

	var small *benchRun
	if *smallDB != "" {
		fmt.Fprintf(out, "Measuring %s (small)…\n", *smallDB)
		r, err := benchDB(ctx, *smallDB, nil, cfg, false, out)
		if err != nil {
			return fmt.Errorf("bench small: %w", err)
		}
		small = r
	}
	fmt.Fprintf(out, "Measuring %s…\n", *dbPath)
	big, err := benchDB(ctx, *dbPath, bases, cfg, true, out)
	if err != nil {
		return err
	}
	report(out, small, big)
	if *markdown != "" {
		if err := writeMarkdown(*markdown, captured.String()); err != nil {
			return err
		}
		fmt.Fprintf(out, "\nwrote the report into %s\n", *markdown)
	}
	return nil
}

type benchConfig struct {
	requests, clients, varied, ingestBatch, ingestRate, pid, heavyEvents, runs int
	loadFor                                                                    time.Duration
	spawn                                                                      bool
	wrk, profileDir                                                            string
	openRate, fixedIngest                                                      int
	only                                                                       map[string]bool // the groups of scenarios to run (none: all)
}

// wants reports whether the group of scenarios is to run (--only).
func (c benchConfig) wants(group string) bool { return len(c.only) == 0 || c.only[group] }

// result is one scenario's figures.
type result struct {
	name     string
	n, errs  int
	p50, p99 time.Duration
	rps      float64
	bytes    int           // compressed body size of the last response
	perEvent time.Duration // exports: the median export's time per event of the customer
	load     float64       // the machine's 1-minute load average before the scenario ran
	by       string        // who measured: the driver, or wrk
}

type benchRun struct {
	path        string
	events      int64
	size        int64
	results     []result
	byName      map[string]result
	raw         time.Duration // median of the raw GROUP BY queries for the heavy customer
	heavyEvents int64
	lightEvents int64
	maxRSS      int64 // kB
	rssOf       string
}

func (r *benchRun) add(res result) {
	r.results = append(r.results, res)
	r.byName[res.name] = res
}

type benchCustomer struct {
	id       int64
	brand    string
	ext      string
	events   int64
	topSlug  string
	nickname string
}

// benchDB measures the database at path through the servers at bases (none: one started in-process). The
// single-client scenarios use the first server; the load scenarios spread their clients over all of them.
func benchDB(ctx context.Context, path string, bases []string, cfg benchConfig, full bool, out io.Writer) (*benchRun, error) {
	if !store.IsPostgres(path) {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	run := &benchRun{path: path, byName: map[string]result{}}
	r := db.Reader()
	if db.Dialect() == "postgres" {
		if err := r.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&run.size); err != nil {
			return nil, err
		}
		run.path = redactURL(path)
	} else if st, err := os.Stat(path); err == nil {
		run.size = st.Size()
	}
	if err := r.QueryRowContext(ctx, `SELECT max(id) FROM usage_events`).Scan(&run.events); err != nil {
		return nil, err
	}

	// The server: in-process on 127.0.0.1:0 unless a URL is given.
	pid := cfg.pid
	base := ""
	metricsBase := ""
	if cfg.spawn {
		child, err := spawnServer(ctx, path)
		if err != nil {
			return nil, err
		}
		defer child.stop()
		bases, pid, metricsBase = []string{child.base}, child.pid, child.metrics
		fmt.Fprintf(out, "  server process %d on %s\n", pid, child.base)
	}
	if len(bases) > 0 {
		base = bases[0]
		if pid != 0 {
			run.rssOf = "server process " + strconv.Itoa(pid)
		}
	} else {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		base = "http://" + ln.Addr().String()
		srv := &http.Server{Handler: handlers.New(&handlers.Server{DB: db, BaseURL: base, SessionTTL: time.Hour,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), APIRate: 1000, APIBurst: 1000}), ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		pid = os.Getpid()
		bases = []string{base}
		run.rssOf = "in-process server and driver together (upper bound of the server's)"
	}
	if full && cfg.ingestRate > 0 {
		fmt.Fprintf(out, "  ingest beside the load scenarios limited to %d events/s\n", cfg.ingestRate)
	}
	if len(bases) > 1 {
		fmt.Fprintf(out, "  load scenarios spread over %d servers: %s\n", len(bases), strings.Join(bases, ", "))
	}
	mePages := make([]string, len(bases))
	for i, b := range bases {
		mePages[i] = b + "/me"
	}
	stopRSS := sampleRSS(pid, &run.maxRSS)
	defer stopRSS()

	// Customers: light (closest to 100 events), heavy (most events), varied (a spread sample). Light and heavy
	// are taken from the first demo brand in every database, so that the small and the large database compare
	// pages of the same registry (the brands' pages differ in size by a third).
	pickQ := `SELECT s.customer_id, b.slug, c.external_id, s.total,
		(SELECT a.slug FROM customer_system_stats x JOIN ai_systems a ON a.id = x.system_id WHERE x.customer_id = s.customer_id ORDER BY x.n DESC LIMIT 1)
		FROM (SELECT customer_id, sum(n) AS total FROM customer_system_stats GROUP BY customer_id) s
		JOIN customers c ON c.id = s.customer_id JOIN brands b ON b.id = c.brand_id WHERE b.slug = '` + seed.BrandMaison + `' `
	one := func(order string) (benchCustomer, error) {
		var c benchCustomer
		err := r.QueryRowContext(ctx, pickQ+order+` LIMIT 1`).Scan(&c.id, &c.brand, &c.ext, &c.events, &c.topSlug)
		return c, err
	}
	light, err := one(`ORDER BY abs(s.total - 100), s.customer_id`)
	if err != nil {
		return nil, fmt.Errorf("bench: light customer: %w", err)
	}
	heavy, err := one(`ORDER BY s.total DESC, s.customer_id`)
	if err != nil {
		return nil, fmt.Errorf("bench: heavy customer: %w", err)
	}
	if full && heavy.events < int64(cfg.heavyEvents) {
		t0 := time.Now()
		if err := giveHistory(ctx, db, base, cfg.heavyEvents, cfg.ingestBatch); err != nil {
			return nil, fmt.Errorf("bench: heavy customer's history: %w", err)
		}
		if heavy, err = one(`ORDER BY s.total DESC, s.customer_id`); err != nil {
			return nil, fmt.Errorf("bench: heavy customer: %w", err)
		}
		fmt.Fprintf(out, "  gave %s/%s a history of %d events through the ingest API in %s\n", heavy.brand, heavy.ext, heavy.events, time.Since(t0).Round(time.Second))
	}
	run.lightEvents, run.heavyEvents = light.events, heavy.events
	fmt.Fprintf(out, "  %d events, %.1f MB; light customer %s/%s has %d events, heavy %s/%s has %d\n",
		run.events, float64(run.size)/1e6, light.brand, light.ext, light.events, heavy.brand, heavy.ext, heavy.events)

	// A store handle of its own to move customers' data revisions, as another process writing would.
	other, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer other.Close()
	bump := other.Writer()

	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	defer tr.CloseIdleConnections()
	signIn := func(c benchCustomer) (*http.Client, error) {
		tok, err := mintToken(ctx, db, c.brand, c.ext, token.AudSession, 10*time.Minute)
		if err != nil {
			return nil, err
		}
		jar, _ := cookiejar.New(nil)
		cl := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := cl.Get(base + "/s/" + tok)
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("session link for %s: status %d", c.ext, resp.StatusCode)
		}
		return cl, nil
	}
	embedURL := func(c benchCustomer) (string, error) {
		tok, err := mintToken(ctx, db, c.brand, c.ext, token.AudEmbed, 30*time.Minute)
		return base + "/embed/v1?token=" + url.QueryEscape(tok), err
	}

	lateBrand, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		return nil, err
	}
	lateKey, _, err := db.CreateAPIKey(ctx, lateBrand.ID, "bench late events")
	if err != nil {
		return nil, err
	}
	type who struct {
		label string
		c     benchCustomer
	}
	var whos []who
	if cfg.wants("customer") {
		whos = []who{{"light", light}, {"heavy", heavy}}
	}
	for _, who := range whos {
		cl, err := signIn(who.c)
		if err != nil {
			return nil, err
		}
		eu, err := embedURL(who.c)
		if err != nil {
			return nil, err
		}
		for _, rt := range []struct{ name, url string }{
			{"/me", base + "/me"},
			{"/me/activity", base + "/me/activity"},
			{"/me/systems/{slug}", base + "/me/systems/" + who.c.topSlug},
			{"/embed/v1", eu},
		} {
			run.add(sequential(ctx, rt.name+" "+who.label, cl, rt.url, cfg.requests, cfg.runs))
		}
		// The same pages as the first view after new data: the customer's data revision is moved before each
		// request (untimed), so the server's per-customer memo is out of date and every read goes to SQLite.
		for _, rt := range []struct{ name, url string }{{"/me", base + "/me"}, {"/embed/v1", eu}} {
			run.add(sequentialFn(ctx, rt.name+" "+who.label+", new data", cfg.requests, cfg.runs, func() (int, int, error) {
				return doGet(ctx, cl, rt.url)
			}, func() error {
				_, err := bump.ExecContext(ctx, `UPDATE customers SET data_rev = data_rev + 1 WHERE id = ?`, who.c.id)
				return err
			}))
		}
		// The first view after a late event: before each request (untimed) one event dated two months ago goes
		// through the ingest API, so a closed month changes and the memo's closed months are out of date.
		late := &latePoster{base: base, key: lateKey, customer: who.c.ext, cl: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
		run.add(sequentialFn(ctx, "/me "+who.label+", late event", max(20, cfg.requests/4), cfg.runs, func() (int, int, error) {
			return doGet(ctx, cl, base+"/me")
		}, func() error { return late.post(ctx) }))
	}

	// Staff search, signed in as the support agent of the heavy customer's brand.
	if cfg.wants("staff") {
		staff, err := staffSignIn(ctx, tr, base, heavy.brand, store.RoleSupport)
		if err != nil {
			return nil, err
		}
		queries := []string{heavy.ext, "martin", "example.com", "C-10", "dupont marie"}
		var qi atomic.Int64
		run.add(sequentialFn(ctx, "/staff?q= (search)", cfg.requests, cfg.runs, func() (int, int, error) {
			q := queries[int(qi.Add(1))%len(queries)]
			return doGet(ctx, staff, base+"/staff?q="+url.QueryEscape(q))
		}, nil))

		// Every staff and admin page, as the brand's admin (who may open them all), the customer record being the
		// heavy customer's: their cost must not grow with the database (issue 20).
		admin, err := staffSignIn(ctx, tr, base, heavy.brand, store.RoleAdmin)
		if err != nil {
			return nil, err
		}
		for _, p := range staffPages(heavy) {
			run.add(sequential(ctx, p.name, admin, base+p.path, max(20, cfg.requests/4), cfg.runs))
		}
	}

	if !full {
		return run, nil
	}

	// Raw GROUP BY over usage_events for the heavy customer: the aggregates /me shows.
	if cfg.wants("customer") {
		run.raw = rawGroupBy(ctx, db, heavy.id, 5)
	}

	// Varied customers: a spread sample of customer ids, each signed in with its own session.
	var ids []benchCustomer
	rows, err := r.QueryContext(ctx, `SELECT c.id, b.slug, c.external_id FROM customers c JOIN brands b ON b.id = c.brand_id
		WHERE c.id % ((SELECT max(id) FROM customers) / ? + 1) = 0 LIMIT ?`, cfg.varied, cfg.varied)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c benchCustomer
		if err := rows.Scan(&c.id, &c.brand, &c.ext); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, c)
	}
	rows.Close()
	var sessions []*http.Client
	for _, c := range ids {
		cl, err := signIn(c)
		if err != nil {
			return nil, err
		}
		sessions = append(sessions, cl)
	}

	// Ingest beside the load: batches of events from a brand's API key, one after another as fast as the server
	// takes them. Two kinds: spread over the brand's customers, as a brand's traffic is (the viewed customers
	// get their share), and aimed at the viewed customers only, every batch giving each of them new data, which
	// is the worst case for the server's per-customer memo.
	b, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		return nil, err
	}
	key, _, err := db.CreateAPIKey(ctx, b.ID, "bench")
	if err != nil {
		return nil, err
	}
	var viewed []string
	for _, c := range ids {
		if c.brand == seed.BrandMaison {
			viewed = append(viewed, c.ext)
		}
	}
	if len(viewed) == 0 {
		viewed = []string{seed.CamilleID}
	}
	var spread []string
	rows, err = r.QueryContext(ctx, `SELECT external_id FROM customers WHERE brand_id = ? AND external_id != 'BENCH-HEAVY'`, b.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var ext string
		if err := rows.Scan(&ext); err != nil {
			rows.Close()
			return nil, err
		}
		spread = append(spread, ext)
	}
	rows.Close()

	// The exports of the heavy customer's whole history: time per event, and the server's memory while it streams.
	if cfg.wants("export") {
		heavyCl, err := signIn(heavy)
		if err != nil {
			return nil, err
		}
		for _, f := range []string{"json", "csv"} {
			run.add(exportResult(ctx, "/me/export."+f+" heavy", heavyCl, base+"/me/export."+f, 3, heavy.events))
		}
	}

	// Ingest alone, one client, batches spread over the brand's customers; then the raw insert of the same rows
	// with the same rollups, through a connection of its own: the honest limit of this design.
	if cfg.wants("ingest") {
		ing := &ingester{bases: bases, key: key, batch: cfg.ingestBatch, to: spread, tr: tr, seed: 99}
		l0 := loadAverage()
		stop := make(chan struct{})
		done := make(chan struct{})
		t0 := time.Now()
		go func() { ing.run(stop); close(done) }()
		if cfg.profileDir != "" && metricsBase != "" {
			profiler(ctx, metricsBase, cfg.profileDir, "ingest-alone", out)(stop)
		}
		time.Sleep(time.Until(t0.Add(cfg.loadFor)))
		close(stop)
		<-done
		alone := ing.result(fmt.Sprintf("POST /api/v1/events (%d/batch), alone", cfg.ingestBatch), time.Since(t0))
		alone.load = l0
		run.add(alone)
		raw, err := newRawIngest(ctx, db, path, cfg.ingestBatch)
		if err != nil {
			return nil, err
		}
		l0 = loadAverage()
		rr, err := raw.run(ctx, fmt.Sprintf("raw INSERT + rollup upserts in SQL (%d/batch)", cfg.ingestBatch), cfg.loadFor)
		if err != nil {
			return nil, err
		}
		rr.load = l0
		run.add(rr)
	}

	for k := 1; k <= cfg.runs; k++ {
		suffix := ""
		if cfg.runs > 1 {
			suffix = fmt.Sprintf(" #%d", k)
		}
		var side func(<-chan struct{})
		if k == 1 && cfg.profileDir != "" && metricsBase != "" {
			side = profiler(ctx, metricsBase, cfg.profileDir, "me-16", out)
		}
		if cfg.wants("load") {
			run.add(load(ctx, fmt.Sprintf("/me %d clients, varied%s", cfg.clients, suffix), sessions, mePages, cfg.clients, cfg.loadFor, side))
		}
		type ingestKind struct {
			label string
			to    []string
			rate  int
		}
		kinds := []ingestKind{{"", spread, cfg.ingestRate}, {" to viewed customers", viewed, cfg.ingestRate}}
		if !cfg.wants("load") {
			kinds = nil
		}
		if cfg.fixedIngest > 0 && cfg.wants("load") {
			kinds = append(kinds, ingestKind{fmt.Sprintf(" at %d ev/s", cfg.fixedIngest), spread, cfg.fixedIngest})
		}
		for _, kind := range kinds {
			ing := &ingester{bases: bases, key: key, batch: cfg.ingestBatch, rate: kind.rate, to: kind.to, tr: tr, seed: uint64(k)}
			side := ing.run
			if k == 1 && kind.label == "" && cfg.profileDir != "" && metricsBase != "" {
				prof := profiler(ctx, metricsBase, cfg.profileDir, "me-16-ingest", out)
				side = func(stop <-chan struct{}) {
					var wg sync.WaitGroup
					wg.Add(1)
					go func() { defer wg.Done(); prof(stop) }()
					ing.run(stop)
					wg.Wait()
				}
			}
			lr := load(ctx, fmt.Sprintf("/me %d clients + ingest%s%s", cfg.clients, kind.label, suffix), sessions, mePages, cfg.clients, cfg.loadFor, side)
			run.add(lr)
			ir := ing.result(fmt.Sprintf("POST /api/v1/events (%d/batch)%s%s", cfg.ingestBatch, kind.label, suffix), cfg.loadFor)
			ir.load = lr.load
			run.add(ir)
		}
		if cfg.openRate > 0 && cfg.wants("open") {
			run.add(openLoop(ctx, fmt.Sprintf("/me open loop at %d req/s%s", cfg.openRate, suffix), sessions, mePages, cfg.openRate, cfg.loadFor, nil))
		}
		if cfg.wrk != "" && cfg.wants("wrk") {
			// The same three ways under wrk: alone, with ingest as fast as it goes, with ingest at the fixed rate.
			wrkKinds := []ingestKind{{"", nil, 0}, {" + ingest", spread, cfg.ingestRate}}
			if cfg.fixedIngest > 0 {
				wrkKinds = append(wrkKinds, ingestKind{fmt.Sprintf(" + ingest at %d ev/s", cfg.fixedIngest), spread, cfg.fixedIngest})
			}
			for _, kind := range wrkKinds {
				var ing *ingester
				var side func(<-chan struct{})
				if kind.to != nil {
					ing = &ingester{bases: bases, key: key, batch: cfg.ingestBatch, rate: kind.rate, to: spread, tr: tr, seed: uint64(100 + k)}
					side = ing.run
				}
				wr, err := runWrk(ctx, cfg.wrk, fmt.Sprintf("/me wrk %d connections%s%s", cfg.clients, kind.label, suffix), mePages[0], sessions, cfg.clients, cfg.loadFor, side)
				if err != nil {
					return nil, err
				}
				run.add(wr)
				if ing != nil {
					ir := ing.result(fmt.Sprintf("POST /api/v1/events (%d/batch) beside wrk%s%s", cfg.ingestBatch, strings.TrimPrefix(kind.label, " + ingest"), suffix), cfg.loadFor)
					ir.load, ir.by = wr.load, "driver"
					run.add(ir)
				}
			}
		}
	}
	return run, nil
}

// ingester posts batches of events for the customers in to, one batch after another, until told to stop.
type ingester struct {
	bases []string // batch n goes to bases[n % len(bases)]
	key   string
	batch int
	rate  int // events per second at most; 0: no limit
	to    []string
	tr    http.RoundTripper
	seed  uint64

	events, errs atomic.Int64
	mu           sync.Mutex
	lat          []time.Duration
}

func (g *ingester) run(stop <-chan struct{}) {
	cl := &http.Client{Transport: g.tr, Timeout: 60 * time.Second}
	rng := rand.New(rand.NewPCG(g.seed, 7))
	tag := strconv.FormatInt(time.Now().UnixNano(), 36)
	start := time.Now()
	for n := 0; ; n++ {
		if g.rate > 0 {
			// Batch n is due once n batches' worth of events have been sent at the rate.
			due := start.Add(time.Duration(float64(n*g.batch) / float64(g.rate) * float64(time.Second)))
			select {
			case <-stop:
				return
			case <-time.After(time.Until(due)):
			}
		}
		select {
		case <-stop:
			return
		default:
		}
		evs := make([]map[string]any, g.batch)
		for i := range evs {
			evs[i] = map[string]any{"id": fmt.Sprintf("bench-%s-%d-%d", tag, n, i), "customer": g.to[rng.IntN(len(g.to))],
				"system": "product-recommender", "purpose": "recommendations", "action": "inference",
				"data_categories": []string{"user.behavior.purchase_history"}, "channel": "web",
				"occurred_at": time.Now().Add(-time.Duration(i) * time.Minute).UTC().Format(time.RFC3339), "outcome": "suggested 4 products"}
		}
		body, _ := json.Marshal(map[string]any{"events": evs})
		req, _ := http.NewRequest(http.MethodPost, g.bases[n%len(g.bases)]+"/api/v1/events", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+g.key)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := cl.Do(req)
		if err != nil {
			g.errs.Add(1)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			g.errs.Add(1)
			continue
		}
		g.mu.Lock()
		g.lat = append(g.lat, time.Since(t0))
		g.mu.Unlock()
		g.events.Add(int64(g.batch))
	}
}

// result sums the batches up; its rate is in events per second.
func (g *ingester) result(name string, d time.Duration) result {
	r := summarize(name, g.lat, int(g.errs.Load()), d)
	r.rps = float64(g.events.Load()) / d.Seconds()
	return r
}

// giveHistory sends n events for one new customer, BENCH-HEAVY of the first demo brand, spread over the last
// 12 months across the brand's registered systems, non-consent purposes and data categories.
func giveHistory(ctx context.Context, db *store.DB, base string, n, size int) error {
	b, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		return err
	}
	reg, err := db.Registry(ctx, b.ID)
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
	if len(systems) == 0 || len(purposes) == 0 || len(cats) == 0 {
		return errors.New("the brand's registry is empty")
	}
	key, _, err := db.CreateAPIKey(ctx, b.ID, "bench history")
	if err != nil {
		return err
	}
	cl := &http.Client{Timeout: 60 * time.Second}
	now := time.Now().Add(-time.Hour)
	step := 365 * 24 * time.Hour / time.Duration(n)
	for start := 0; start < n; start += size {
		evs := make([]map[string]any, 0, size)
		for i := start; i < min(n, start+size); i++ {
			evs = append(evs, map[string]any{"id": fmt.Sprintf("bench-heavy-%d", i), "customer": "BENCH-HEAVY",
				"system": systems[i%len(systems)], "purpose": purposes[i%len(purposes)], "action": "inference",
				"data_categories": []string{cats[i%len(cats)], cats[(i/7)%len(cats)]}, "channel": "web",
				"occurred_at": now.Add(-time.Duration(i) * step).UTC().Format(time.RFC3339)})
		}
		body, _ := json.Marshal(map[string]any{"events": evs})
		for {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/events", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := cl.Do(req)
			if err != nil {
				return err
			}
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				time.Sleep(time.Second)
				continue
			}
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("ingest: status %d: %.300s", resp.StatusCode, msg)
			}
			break
		}
	}
	return nil
}

func doGet(ctx context.Context, cl *http.Client, u string) (status, size int, err error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Accept-Language", "en")
	resp, err := cl.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, int(n), err
}

func sequential(ctx context.Context, name string, cl *http.Client, u string, n, rounds int) result {
	return sequentialFn(ctx, name, n, rounds, func() (int, int, error) { return doGet(ctx, cl, u) }, nil)
}

// sequentialFn times n calls of do, one at a time, after one untimed call; before, when given, runs untimed
// ahead of each call. With several rounds it reports the round with the median p50: sub-millisecond medians
// move by a third from one run to the next on this machine, and the size ratios compare such medians.
func sequentialFn(ctx context.Context, name string, n, rounds int, do func() (int, int, error), before func() error) result {
	l0 := loadAverage()
	var all []result
	for range max(1, rounds) {
		all = append(all, sequentialRound(ctx, name, n, do, before))
	}
	errs := 0
	for _, r := range all {
		errs += r.errs
	}
	slices.SortFunc(all, func(a, b result) int { return cmp.Compare(a.p50, b.p50) })
	r := all[len(all)/2]
	r.errs = errs // an error in any round shows
	r.load = l0
	return r
}

func sequentialRound(ctx context.Context, name string, n int, do func() (int, int, error), before func() error) result {
	do() // warm the caches the way a returning visitor would find them
	lat := make([]time.Duration, 0, n)
	errs, last := 0, 0
	var took time.Duration
	for range n {
		if before != nil {
			if err := before(); err != nil {
				errs++
				continue
			}
		}
		t0 := time.Now()
		status, size, err := do()
		if err != nil || status != http.StatusOK {
			errs++
			continue
		}
		d := time.Since(t0)
		took += d
		lat = append(lat, d)
		last = size
	}
	r := summarize(name, lat, errs, took)
	r.bytes = last
	return r
}

// load runs clients goroutines that each pick a random varied customer's session and GET u, for d.
// side, when given, runs beside them until they stop.
// load runs clients concurrent clients against the pages for d, client i on pages[i % len(pages)] (one page per
// server), each request as one of the sessions at random, with side running beside them.
func load(ctx context.Context, name string, sessions []*http.Client, pages []string, clients int, d time.Duration, side func(stop <-chan struct{})) result {
	l0 := loadAverage()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if side != nil {
		wg.Add(1)
		go func() { defer wg.Done(); side(stop) }()
	}
	var mu sync.Mutex
	var all []time.Duration
	var errs atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var cw sync.WaitGroup
	for i := range clients {
		cw.Add(1)
		go func() {
			defer cw.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			u := pages[i%len(pages)]
			var lat []time.Duration
			for time.Now().Before(deadline) {
				cl := sessions[rng.IntN(len(sessions))]
				t0 := time.Now()
				status, _, err := doGet(ctx, cl, u)
				if err != nil || status != http.StatusOK {
					errs.Add(1)
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		}()
	}
	cw.Wait()
	took := time.Since(start)
	close(stop)
	wg.Wait()
	r := summarize(name, all, int(errs.Load()), took)
	r.load = l0
	return r
}

func summarize(name string, lat []time.Duration, errs int, took time.Duration) result {
	slices.Sort(lat)
	r := result{name: name, n: len(lat), errs: errs}
	if len(lat) > 0 {
		r.p50 = lat[len(lat)*50/100]
		r.p99 = lat[min(len(lat)-1, len(lat)*99/100)]
		r.rps = float64(len(lat)) / took.Seconds()
	}
	return r
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// staffSignIn signs the brand's demo staff member of the role in and returns their browser.
func staffSignIn(ctx context.Context, tr http.RoundTripper, base, brand, role string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	email := ""
	for _, s := range seed.DemoStaff {
		if s.Brand == brand && s.Role == role {
			email = s.Email
		}
	}
	resp, err := cl.Get(base + "/staff/login")
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRe.FindSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("staff sign-in page has no CSRF field (status %d)", resp.StatusCode)
	}
	form := url.Values{"email": {email}, "password": {seed.StaffPassword}, "_csrf": {string(m[1])}}
	resp, err = cl.PostForm(base+"/staff/login", form)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("staff sign-in of %s: status %d", email, resp.StatusCode)
	}
	return cl, nil
}

// rawGroupBy runs, over usage_events directly, the aggregates /me shows (by system with purposes and actions,
// by month, by data category) for the customer's last 12 months, reps times, and returns the median time.
func rawGroupBy(ctx context.Context, db *store.DB, customerID int64, reps int) time.Duration {
	since := time.Now().AddDate(-1, 0, 0).Unix()
	qs := []string{
		`SELECT system_id, purpose_id, action, count(*), min(occurred_at), max(occurred_at) FROM usage_events
			WHERE customer_id = ? AND occurred_at >= ? GROUP BY system_id, purpose_id, action`,
		`SELECT strftime('%Y-%m', occurred_at, 'unixepoch') AS m, system_id, count(*) FROM usage_events
			WHERE customer_id = ? AND occurred_at >= ? GROUP BY m, system_id ORDER BY m, system_id`,
		`SELECT system_id, j.value, count(*) AS total FROM usage_events, json_each('[' || category_ids || ']') j
			WHERE customer_id = ? AND occurred_at >= ? GROUP BY system_id, j.value ORDER BY system_id, total DESC`,
		`SELECT purpose_id, count(*) FROM usage_events WHERE customer_id = ? AND occurred_at >= ? GROUP BY purpose_id`,
	}
	if db.Dialect() == "postgres" { // the same aggregates in PostgreSQL's words
		qs[1] = `SELECT to_char(to_timestamp(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS m, system_id, count(*) FROM usage_events
			WHERE customer_id = ? AND occurred_at >= ? GROUP BY m, system_id ORDER BY m, system_id`
		qs[2] = `SELECT system_id, j, count(*) AS total FROM usage_events, unnest(string_to_array(category_ids, ',')) j
			WHERE customer_id = ? AND occurred_at >= ? GROUP BY system_id, j ORDER BY system_id, total DESC`
	}
	var times []time.Duration
	for range reps {
		t0 := time.Now()
		for _, q := range qs {
			rows, err := db.Reader().QueryContext(ctx, q, customerID, since)
			if err != nil {
				continue
			}
			for rows.Next() {
			}
			rows.Close()
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	return times[len(times)/2]
}

// sampleRSS records the highest VmRSS of the process every 100 ms until stopped.
func sampleRSS(pid int, max *int64) func() {
	if pid == 0 {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := vmRSS(pid); kb > atomic.LoadInt64(max) {
				atomic.StoreInt64(max, kb)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(stop); <-done }
}

func vmRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb
		}
	}
	return 0
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func report(out io.Writer, small, big *benchRun) {
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', tabwriter.AlignRight)
	print := func(run *benchRun, label string) {
		fmt.Fprintf(out, "\n%s: %s — %d events, %.1f MB on disk\n", label, run.path, run.events, float64(run.size)/1e6)
		fmt.Fprintln(tw, "scenario\tby\tload\tok\terrors\tp50 ms\tp99 ms\treq/s\tgzip bytes\tµs/event\t")
		for _, r := range run.results {
			rate := fmt.Sprintf("%.1f", r.rps)
			if strings.HasPrefix(r.name, "POST") || strings.HasPrefix(r.name, "raw") {
				rate += " ev/s"
			}
			b, pe := "", ""
			if r.bytes > 0 {
				b = strconv.Itoa(r.bytes)
			}
			if r.perEvent > 0 {
				pe = fmt.Sprintf("%.2f", float64(r.perEvent)/float64(time.Microsecond))
			}
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t\n", r.name, cmp.Or(r.by, "driver"), r.load, r.n, r.errs, ms(r.p50), ms(r.p99), rate, b, pe)
		}
		tw.Flush()
	}
	if small != nil {
		print(small, "Small database")
	}
	print(big, "Large database")

	fmt.Fprintln(out, "\nRatios and targets:")
	check := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "MISSED"
	}
	if small != nil {
		names := []string{"/me light", "/me/activity light", "/me/systems/{slug} light", "/embed/v1 light",
			"/me heavy", "/me/activity heavy", "/me/systems/{slug} heavy", "/embed/v1 heavy", "/staff?q= (search)"}
		for _, p := range staffPages(benchCustomer{}) {
			names = append(names, p.name)
		}
		for _, name := range names {
			s, b := small.byName[name], big.byName[name]
			if s.p50 == 0 {
				continue
			}
			ratio := float64(b.p50) / float64(s.p50)
			fmt.Fprintf(out, "  size (p50 at %d vs %d events) %-28s %5.2fx  (target <= 1.5x) %s\n", big.events, small.events, name, ratio, check(ratio <= 1.5))
		}
	}
	h := big.byName["/me heavy"]
	for _, kind := range []string{"", ", new data"} {
		l, h := big.byName["/me light"+kind], big.byName["/me heavy"+kind]
		if l.p50 > 0 && h.p50 > 0 {
			ratio := float64(h.p50) / float64(l.p50)
			fmt.Fprintf(out, "  history (/me%s p50, %d vs %d events of one's own) %5.2fx  (target <= 2x) %s\n", kind, big.heavyEvents, big.lightEvents, ratio, check(ratio <= 2))
		}
	}
	if l, h := big.byName["/me light, late event"], big.byName["/me heavy, late event"]; l.p50 > 0 && h.p50 > 0 {
		ratio := float64(h.p50) / float64(l.p50)
		fmt.Fprintf(out, "  first view after a late event (/me p50, %d vs %d events of one's own) %5.2fx  (target <= 1.5x) %s\n", big.heavyEvents, big.lightEvents, ratio, check(ratio <= 1.5))
	}
	for _, f := range []string{"json", "csv"} {
		if r := big.byName["/me/export."+f+" heavy"]; r.perEvent > 0 {
			us := float64(r.perEvent) / float64(time.Microsecond)
			fmt.Fprintf(out, "  /me/export.%s, %d events: %s ms = %.2f µs per event  (target <= 10 µs) %s\n", f, big.heavyEvents, ms(r.p50), us, check(us <= 10))
		}
	}
	var alone, raw result
	for _, r := range big.results {
		if strings.HasSuffix(r.name, ", alone") {
			alone = r
		}
		if strings.HasPrefix(r.name, "raw INSERT") {
			raw = r
		}
	}
	if alone.rps > 0 {
		fmt.Fprintf(out, "  ingest alone, 1 client: %.0f events/s  (target >= 3,000) %s\n", alone.rps, check(alone.rps >= 3000 && alone.errs == 0))
		if raw.rps > 0 {
			ratio := alone.rps / raw.rps
			fmt.Fprintf(out, "  ingest vs raw insert with the same rollups: %.0f / %.0f = %.2fx  (target >= 0.8x) %s\n", alone.rps, raw.rps, ratio, check(ratio >= 0.8))
		}
	}
	for _, r := range big.results {
		if strings.HasPrefix(r.name, "POST") && strings.Contains(r.name, " at ") && strings.Contains(r.name, "ev/s") {
			want := 0.0
			fmt.Sscanf(r.name[strings.Index(r.name, " at ")+4:], "%f", &want)
			fmt.Fprintf(out, "  %-50s %.0f events/s  (target: the %.0f asked for) %s\n", r.name, r.rps, want, check(r.rps >= 0.97*want && r.errs == 0))
		}
	}
	worst := map[string]result{}
	var kinds []string
	for _, r := range big.results {
		if strings.Contains(r.name, "clients") || strings.Contains(r.name, "connections") || strings.Contains(r.name, "open loop") {
			tail := float64(r.p99) / float64(max(1, r.p50))
			fmt.Fprintf(out, "  load %-50s p99 %s ms = %.1fx p50, %d errors, %.0f req/s  (target p99 < 50 ms and <= 5x p50, no errors) %s\n", r.name, ms(r.p99), tail, r.errs, r.rps, check(r.p99 < 50*time.Millisecond && tail <= 5 && r.errs == 0))
			kind, _, _ := strings.Cut(r.name, " #")
			w, seen := worst[kind]
			if !seen {
				kinds = append(kinds, kind)
			}
			if !seen || r.p99 > w.p99 {
				w.p99 = r.p99
			}
			w.errs += r.errs
			w.n++
			worst[kind] = w
		}
	}
	for _, kind := range kinds {
		if w := worst[kind]; w.n > 1 {
			fmt.Fprintf(out, "  load %-50s worst p99 of %d runs %s ms, %d errors  (target p99 < 50 ms, no errors) %s\n", kind, w.n, ms(w.p99), w.errs, check(w.p99 < 50*time.Millisecond && w.errs == 0))
		}
	}
	if h.p50 > 0 && big.raw > 0 {
		ratio := float64(big.raw) / float64(h.p50)
		fmt.Fprintf(out, "  raw GROUP BY over usage_events for the heavy customer: %s ms vs /me p50 %s ms = %.1fx faster  (target >= 10x) %s\n", ms(big.raw), ms(h.p50), ratio, check(ratio >= 10))
	}
	if big.maxRSS > 0 {
		mb := float64(big.maxRSS) / 1024
		fmt.Fprintf(out, "  peak RSS %.1f MB (%s)  (target < 150 MB) %s\n", mb, big.rssOf, check(mb < 150))
	}
	if h.bytes > 0 {
		fmt.Fprintf(out, "  /me HTML, heavy customer, gzip: %.1f KB  (target < 40 KB) %s\n", float64(h.bytes)/1024, check(h.bytes < 40*1024))
	}
	js := static.GzipSize("vendor/echarts/echarts.min.js")
	fmt.Fprintf(out, "  ECharts bundle, gzip: %.1f KB  (target: all JS a page needs < 200 KB)\n", float64(js)/1024)
}

// redactURL drops the password from a database URL before it is printed.
func redactURL(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		return u.Redacted()
	}
	return "postgres://…"
}
