package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

// cmdSoak is the soak of issue 19: a real server process under a steady mix of customer pages, ingest batches,
// consent changes and staff searches, at about half the capacity it measures first, for a long while, killed
// once (SIGKILL) in the middle and started again. It samples the server's memory, open files and goroutines, and
// at the end checks that no acknowledged event was lost and that the rollups equal the raw events.
func cmdSoak(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("soak")
	dbPath := fs.String("db", "", "database to soak (default: a new SQLite file in a temporary directory, seeded first); an empty one is seeded")
	customers := fs.Int("customers", 2000, "customers to seed")
	events := fs.Int("events", 200000, "events to seed")
	soakFor := fs.Duration("for", 10*time.Minute, "how long the load runs")
	rateFlag := fs.Float64("rate", 0, "requests per second (0: half the capacity measured first)")
	measureFor := fs.Duration("measure-for", 10*time.Second, "how long the capacity is measured, when --rate is 0")
	every := fs.Duration("sample-every", 30*time.Second, "how often the server's memory, open files and goroutines are sampled")
	metricsAddr := fs.String("metrics-addr", "", "passed to the server's serve --metrics-addr, to count its goroutines from /debug/pprof/goroutine (empty: that column is left out)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "vitrine-soak-")
	if err != nil {
		return err
	}
	if *dbPath == "" {
		*dbPath = filepath.Join(dir, "soak.db")
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if empty, err := db.IsEmpty(ctx); err != nil {
		return err
	} else if empty {
		fmt.Fprintf(out, "Seeding %d customers and %d events into %s…\n", *customers, *events, redactURL(*dbPath))
		res, err := seed.Demo(ctx, db, seed.Options{Customers: *customers, Events: *events, Seed: 19})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  seeded in %s\n", res.Duration.Round(time.Second))
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	srv := &soakServer{exe: exe, db: *dbPath, addr: freeLocalAddr(), metrics: *metricsAddr, logPath: filepath.Join(dir, "server.log")}
	if err := srv.start(); err != nil {
		return err
	}
	defer srv.kill()
	fmt.Fprintf(out, "Server %s (pid %d), its log in %s\n", srv.base(), srv.pid(), srv.logPath)
	mix, err := newSoakMix(ctx, db, srv.base())
	if err != nil {
		return err
	}
	rate := *rateFlag
	if rate <= 0 {
		capacity := mix.capacity(ctx, 8, *measureFor)
		if capacity < 2 {
			return fmt.Errorf("soak: the server answered only %.1f requests a second while measuring; see %s", capacity, srv.logPath)
		}
		rate = capacity / 2
		fmt.Fprintf(out, "Capacity: %.0f requests/s with 8 clients; soaking at half, %.0f/s, for %s\n", capacity, rate, *soakFor)
	} else {
		fmt.Fprintf(out, "Soaking at %.0f requests/s for %s\n", rate, *soakFor)
	}
	rep := runSoak(ctx, mix, srv, rate, *soakFor, *every, out)
	rep.WarmUp = min(*soakFor/10, time.Minute)
	if err := srv.stop(); err != nil {
		rep.Problems = append(rep.Problems, "the server did not stop cleanly on SIGTERM: "+err.Error())
	}
	if rep.Stored, err = mix.stored(ctx); err != nil {
		return err
	}
	rep.RollupErr = db.VerifyRollups(ctx)
	rep.print(out)
	if problems := rep.verdict(); len(problems) > 0 {
		return fmt.Errorf("soak failed (database and server log left in %s): %s", dir, strings.Join(problems, "; "))
	}
	fmt.Fprintln(out, "Soak passed.")
	os.RemoveAll(dir)
	return nil
}

// freeLocalAddr is a free port on 127.0.0.1 for the server.
func freeLocalAddr() string {
	ln, err := listen("127.0.0.1:0", "")
	if err != nil {
		return "127.0.0.1:18080"
	}
	defer ln.Close()
	return ln.Addr().String()
}

// soakServer is the server process under soak, started again after the kill on the same address.
type soakServer struct {
	exe, db, addr, metrics, logPath string

	mu  sync.Mutex
	cmd *exec.Cmd
}

func (s *soakServer) base() string { return "http://" + s.addr }

func (s *soakServer) pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// start runs `vitrine serve` and waits until /healthz answers.
func (s *soakServer) start() error {
	args := []string{"serve", "--db", s.db, "--addr", s.addr}
	if s.metrics != "" {
		args = append(args, "--metrics-addr", s.metrics)
	}
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(s.exe, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	go func() { cmd.Wait(); logf.Close() }()
	s.mu.Lock()
	s.cmd = cmd
	s.mu.Unlock()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(s.base() + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("soak: the server did not come up in 60 s; see %s", s.logPath)
}

// kill ends the server at once, as a crash or the OOM killer would.
func (s *soakServer) kill() {
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd != nil && cmd.Process != nil {
		cmd.Process.Signal(syscall.SIGKILL)
		for cmd.ProcessState == nil && processAlive(cmd.Process.Pid) {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// stop sends SIGTERM and waits for the server to exit.
func (s *soakServer) stop() error {
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	for deadline := time.Now().Add(60 * time.Second); processAlive(cmd.Process.Pid); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			return errors.New("still running 60 s after SIGTERM")
		}
	}
	for range 100 { // Wait, in the goroutine that started it, fills in the exit status
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if cmd.ProcessState != nil && !cmd.ProcessState.Success() {
		return fmt.Errorf("exit status %d; see %s", cmd.ProcessState.ExitCode(), s.logPath)
	}
	return nil
}

// processAlive reports whether pid still runs (and is not a zombie waiting to be reaped).
func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] != "Z"
}

// soakMix is the traffic: customer pages, ingest batches, consent changes and staff searches, signed in once
// (sessions live in the database, so they outlast the restart).
type soakMix struct {
	base      string
	pages     []*http.Client // customers' browsers
	staff     *http.Client
	keys      []string // API keys of the first demo brand (each key has its own rate limit)
	customers []string // that brand's customers, for ingest and consent changes
	tag       string   // in every event id of this run
	tr        *http.Transport
	db        *store.DB
	brandID   int64

	batch, acked atomic.Int64
}

func newSoakMix(ctx context.Context, db *store.DB, base string) (*soakMix, error) {
	m := &soakMix{base: base, tag: strconv.FormatInt(time.Now().UnixNano(), 36),
		tr: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}
	b, err := db.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		return nil, err
	}
	m.db, m.brandID = db, b.ID
	for i := range 16 {
		key, _, err := db.CreateAPIKey(ctx, b.ID, "soak "+strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		m.keys = append(m.keys, key)
	}
	rows, err := db.Reader().QueryContext(ctx, `SELECT external_id FROM customers WHERE brand_id = ? ORDER BY id LIMIT 500`, b.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var ext string
		if err := rows.Scan(&ext); err != nil {
			rows.Close()
			return nil, err
		}
		m.customers = append(m.customers, ext)
	}
	rows.Close()
	if len(m.customers) == 0 {
		return nil, errors.New("soak: the database has no customers")
	}
	for i := 0; i < len(m.customers) && len(m.pages) < 50; i += max(1, len(m.customers)/50) {
		tok, err := mintToken(ctx, db, seed.BrandMaison, m.customers[i], token.AudSession, time.Hour)
		if err != nil {
			return nil, err
		}
		jar, _ := cookiejar.New(nil)
		cl := &http.Client{Transport: m.tr, Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := cl.Get(base + "/s/" + tok)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("soak: session link of %s: status %d", m.customers[i], resp.StatusCode)
		}
		m.pages = append(m.pages, cl)
	}
	if m.staff, err = staffSignIn(ctx, m.tr, base, seed.BrandMaison, store.RoleSupport); err != nil {
		return nil, err
	}
	return m, nil
}

// do sends one request of the mix, chosen by r: 70 % customer pages, 10 % ingest batches of 50 events,
// 10 % consent changes through the API, 10 % staff searches.
func (m *soakMix) do(ctx context.Context, r float64, rng *rand.Rand) error {
	switch {
	case r < 0.70:
		page := []string{"/me", "/me/activity", "/me/consents"}[rng.IntN(3)]
		return expect(doGet(ctx, m.pages[rng.IntN(len(m.pages))], m.base+page))
	case r < 0.80:
		return m.ingest(ctx, rng)
	case r < 0.90:
		state := []string{"granted", "refused"}[rng.IntN(2)]
		body, _ := json.Marshal(map[string]string{"purpose": "model-training", "state": state})
		cust := url.PathEscape(m.customers[rng.IntN(len(m.customers))])
		status, _, err := m.post(ctx, "/api/v1/customers/"+cust+"/consents", m.keys[rng.IntN(len(m.keys))], body)
		return expect(status, 0, err)
	default:
		q := []string{"martin", "C-1", "example.com", m.customers[rng.IntN(len(m.customers))]}[rng.IntN(4)]
		return expect(doGet(ctx, m.staff, m.base+"/staff?q="+url.QueryEscape(q)))
	}
}

func (m *soakMix) ingest(ctx context.Context, rng *rand.Rand) error {
	n := m.batch.Add(1)
	evs := make([]map[string]any, 50)
	for i := range evs {
		evs[i] = map[string]any{"id": fmt.Sprintf("soak-%s-%d-%d", m.tag, n, i), "customer": m.customers[rng.IntN(len(m.customers))],
			"system": "product-recommender", "purpose": "recommendations", "action": "inference",
			"data_categories": []string{"user.behavior.purchase_history"}, "channel": "web",
			"occurred_at": time.Now().Add(-time.Duration(i) * time.Minute).UTC().Format(time.RFC3339)}
	}
	body, _ := json.Marshal(map[string]any{"events": evs})
	status, ans, err := m.post(ctx, "/api/v1/events", m.keys[rng.IntN(len(m.keys))], body)
	if err := expect(status, 0, err); err != nil {
		return err
	}
	var res struct{ Results []struct{ Status string } }
	if err := json.Unmarshal(ans, &res); err != nil {
		return fmt.Errorf("ingest answer: %w", err)
	}
	for _, r := range res.Results {
		if r.Status == store.StatusAccepted || r.Status == store.StatusDuplicate {
			m.acked.Add(1)
		}
	}
	return nil
}

func (m *soakMix) post(ctx context.Context, path, key string, body []byte) (int, []byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, m.base+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Transport: m.tr, Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	ans, err := io.ReadAll(resp.Body)
	return resp.StatusCode, ans, err
}

// expect turns a request's outcome into an error unless it was a 2xx.
func expect(status, _ int, err error) error {
	if err != nil {
		return err
	}
	if status/100 != 2 {
		return fmt.Errorf("status %d", status)
	}
	return nil
}

// stored counts this run's events in the database.
func (m *soakMix) stored(ctx context.Context) (int64, error) {
	var n int64
	err := m.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM usage_events WHERE brand_id = ? AND event_key LIKE ?`, m.brandID, "soak-"+m.tag+"-%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("soak: count the events stored: %w", err)
	}
	return n, nil
}

// capacity runs the mix closed-loop with clients clients for d and returns the successful requests a second.
func (m *soakMix) capacity(ctx context.Context, clients int, d time.Duration) float64 {
	var ok atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 19))
			for time.Now().Before(deadline) {
				if m.do(ctx, rng.Float64(), rng) == nil {
					ok.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return float64(ok.Load()) / d.Seconds()
}

// soakSample is one line of the report: the server process at a moment, and the requests since the last one.
type soakSample struct {
	At         time.Duration // since the load began
	RSS        int64         // kB
	Goroutines int           // -1: unknown (no metrics address)
	OpenFiles  int
	Requests   int
	Errors     int
	P99        time.Duration
	Run        int // 1 before the restart, 2 after
}

// soakReport is what a soak found, and its verdict.
type soakReport struct {
	Samples         []soakSample
	Requests        int
	Errors          int      // outside the restart window: each one fails the soak
	RestartErrors   int      // during the restart window, expected
	FirstErrors     []string // a few of the errors outside the window, to say what they were
	KillAt, UpAt    time.Duration
	WarmUp          time.Duration // samples this long after each start are not held to the growth limits
	Acked, Stored   int64         // events acknowledged by the server, and found in the database at the end
	RollupErr       error
	Problems        []string
	Rate            float64
	DriverOverloads int // requests not sent because too many were already waiting: the server fell behind
}

// Growth allowed from the first sample after warm-up to the last of the same run: memory may wander a little
// as caches fill, but a leak grows without bound.
const (
	soakRSSGrowth   = 1.25     // times
	soakRSSSlack    = 16 << 10 // kB
	soakFilesSlack  = 16
	soakGoroutSlack = 64
)

// verdict lists what makes the soak fail; none means it passed.
func (r *soakReport) verdict() []string {
	problems := slices.Clone(r.Problems)
	if r.Errors > 0 {
		problems = append(problems, fmt.Sprintf("%d errors outside the restart window (first: %s)", r.Errors, strings.Join(r.FirstErrors, "; ")))
	}
	if r.DriverOverloads > 0 {
		problems = append(problems, fmt.Sprintf("%d requests could not be sent: the server fell behind the rate", r.DriverOverloads))
	}
	if r.Stored < r.Acked {
		problems = append(problems, fmt.Sprintf("%d acknowledged events are missing (%d acknowledged, %d stored)", r.Acked-r.Stored, r.Acked, r.Stored))
	}
	if r.RollupErr != nil {
		problems = append(problems, "rollups differ from the raw events: "+r.RollupErr.Error())
	}
	for run := 1; run <= 2; run++ {
		start := time.Duration(0)
		if run == 2 {
			start = r.UpAt
		}
		var first, last *soakSample
		for i := range r.Samples {
			s := &r.Samples[i]
			if s.Run != run || s.At < start+r.WarmUp || s.RSS == 0 { // RSS 0: sampled while the server was down
				continue
			}
			if first == nil {
				first = s
			}
			last = s
		}
		if first == nil || first == last {
			continue
		}
		if float64(last.RSS) > float64(first.RSS)*soakRSSGrowth+soakRSSSlack {
			problems = append(problems, fmt.Sprintf("memory grew after warm-up (run %d): %d MB at %s, %d MB at %s", run, first.RSS>>10, first.At.Round(time.Second), last.RSS>>10, last.At.Round(time.Second)))
		}
		if last.OpenFiles > first.OpenFiles+soakFilesSlack {
			problems = append(problems, fmt.Sprintf("open files grew after warm-up (run %d): %d to %d", run, first.OpenFiles, last.OpenFiles))
		}
		if first.Goroutines >= 0 && last.Goroutines > first.Goroutines+soakGoroutSlack {
			problems = append(problems, fmt.Sprintf("goroutines grew after warm-up (run %d): %d to %d", run, first.Goroutines, last.Goroutines))
		}
	}
	return problems
}

// print writes the samples as a table, then the totals.
func (r *soakReport) print(out io.Writer) {
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', tabwriter.AlignRight)
	goroutines := len(r.Samples) > 0 && r.Samples[0].Goroutines >= 0
	head := "time\trun\tRSS MB\topen files\t"
	if goroutines {
		head += "goroutines\t"
	}
	fmt.Fprintln(tw, head+"requests\terrors\tp99 ms\t")
	for _, s := range r.Samples {
		line := fmt.Sprintf("%s\t%d\t%.1f\t%d\t", s.At.Round(time.Second), s.Run, float64(s.RSS)/1024, s.OpenFiles)
		if goroutines {
			line += strconv.Itoa(s.Goroutines) + "\t"
		}
		fmt.Fprintf(tw, "%s%d\t%d\t%s\t\n", line, s.Requests, s.Errors, ms(s.P99))
	}
	tw.Flush()
	fmt.Fprintf(out, "%d requests at %.0f/s; %d errors outside the restart window, %d during it (killed at %s, up again at %s)\n",
		r.Requests, r.Rate, r.Errors, r.RestartErrors, r.KillAt.Round(time.Millisecond), r.UpAt.Round(time.Millisecond))
	fmt.Fprintf(out, "Events acknowledged %d, stored %d; rollups ", r.Acked, r.Stored)
	if r.RollupErr == nil {
		fmt.Fprintln(out, "equal the raw events.")
	} else {
		fmt.Fprintln(out, "DIFFER: "+r.RollupErr.Error())
	}
}

// inRestart reports whether a request that ran from start to end overlapped the restart window (from the kill
// to a second after the server answered again; UpAt is zero while it is not up yet).
func (r *soakReport) inRestart(start, end time.Duration) bool {
	return r.KillAt > 0 && end >= r.KillAt && (r.UpAt == 0 || start <= r.UpAt+time.Second)
}

// runSoak sends the mix at rate (open loop: a request is due every 1/rate whatever the answers) for d, kills
// and restarts the server half-way, and samples the server every sample.
func runSoak(ctx context.Context, m *soakMix, srv *soakServer, rate float64, d, every time.Duration, out io.Writer) *soakReport {
	rep := &soakReport{Rate: rate}
	begin := time.Now()
	var mu sync.Mutex
	var lat []time.Duration
	interval := soakSample{}
	run := 1
	record := func(start, end time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		rep.Requests++
		interval.Requests++
		lat = append(lat, end-start)
		if err == nil {
			return
		}
		interval.Errors++
		if rep.inRestart(start, end) {
			rep.RestartErrors++
			return
		}
		rep.Errors++
		if len(rep.FirstErrors) < 3 {
			rep.FirstErrors = append(rep.FirstErrors, err.Error())
		}
	}
	sample := func() {
		pid := srv.pid()
		mu.Lock()
		s := interval
		interval = soakSample{}
		slices.Sort(lat)
		if len(lat) > 0 {
			s.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
		}
		lat = lat[:0]
		s.Run = run
		mu.Unlock()
		s.At = time.Since(begin)
		s.RSS = vmRSS(pid)
		s.OpenFiles = openFiles(pid)
		s.Goroutines = goroutines(srv.metrics)
		rep.Samples = append(rep.Samples, s)
		fmt.Fprintf(out, "  %s: run %d, RSS %.1f MB, %d open files, %d requests, %d errors\n", s.At.Round(time.Second), s.Run, float64(s.RSS)/1024, s.OpenFiles, s.Requests, s.Errors)
	}

	// The restart, half-way.
	restartDone := make(chan struct{})
	go func() {
		defer close(restartDone)
		select {
		case <-time.After(d / 2):
		case <-ctx.Done():
			return
		}
		mu.Lock()
		rep.KillAt = time.Since(begin)
		mu.Unlock()
		srv.kill()
		err := srv.start()
		mu.Lock()
		run = 2
		rep.UpAt = time.Since(begin)
		if err != nil {
			rep.Problems = append(rep.Problems, "the server did not start again after SIGKILL: "+err.Error())
		}
		killAt, upAt := rep.KillAt, rep.UpAt
		mu.Unlock()
		fmt.Fprintf(out, "  %s: killed (SIGKILL) at %s, answering again after %s\n", upAt.Round(time.Second), killAt.Round(time.Second), (upAt - killAt).Round(time.Millisecond))
	}()

	// The sampler.
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				if last := rep.Samples; len(last) == 0 || time.Since(begin)-last[len(last)-1].At > every/2 {
					sample()
				}
				return
			case <-t.C:
				sample()
			}
		}
	}()

	// The open loop: at most maxWaiting requests in flight; past that the server has fallen behind.
	const maxWaiting = 512
	var inflight atomic.Int64
	var wg sync.WaitGroup
	rng := rand.New(rand.NewPCG(uint64(begin.UnixNano()), 19))
	for n := 0; ; n++ {
		due := begin.Add(time.Duration(float64(n) / rate * float64(time.Second)))
		if due.Sub(begin) >= d || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Until(due))
		if inflight.Load() >= maxWaiting {
			mu.Lock()
			if !rep.inRestart(due.Sub(begin), due.Sub(begin)) {
				rep.DriverOverloads++
			}
			mu.Unlock()
			continue
		}
		inflight.Add(1)
		wg.Add(1)
		r, seed := rng.Float64(), rng.Uint64()
		go func() {
			defer wg.Done()
			defer inflight.Add(-1)
			start := time.Since(begin)
			err := m.do(ctx, r, rand.New(rand.NewPCG(seed, 1)))
			record(start, time.Since(begin), err)
		}()
	}
	wg.Wait()
	<-restartDone
	close(stopSampling)
	<-sampled
	rep.Acked = m.acked.Load()
	return rep
}

// openFiles counts the process's open file descriptors.
func openFiles(pid int) int {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return 0
	}
	return len(ents)
}

// goroutines reads the server's goroutine count from its pprof endpoint, or -1 without one.
func goroutines(metricsAddr string) int {
	if metricsAddr == "" {
		return -1
	}
	resp, err := http.Get("http://" + metricsAddr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	// "goroutine profile: total 42"
	if i := strings.LastIndex(line, "total "); i >= 0 {
		if n, err := strconv.Atoi(strings.TrimSpace(line[i+len("total "):])); err == nil {
			return n
		}
	}
	return -1
}
