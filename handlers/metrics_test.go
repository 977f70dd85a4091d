package handlers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/metrics"
	"vitrine/seed"
	"vitrine/webhook"
)

// newMeteredServer is an isolated test server that counts into metrics of its own.
func newMeteredServer(t *testing.T, tune func(*Server)) (*Server, *httptest.Server, *metrics.Metrics) {
	t.Helper()
	m := metrics.New()
	s, ts := newIsolatedServer(t, func(s *Server) {
		s.Metrics = m
		if tune != nil {
			tune(s)
		}
	})
	m.WatchStore(s.DB)
	return s, ts, m
}

// scrape reads the metrics as Prometheus does and returns each series ("name{labels}") with its value.
func scrape(t *testing.T, m *metrics.Metrics) map[string]float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: status %d: %s", rec.Code, rec.Body)
	}
	series := map[string]float64{}
	sc := bufio.NewScanner(rec.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		series[line[:i]] = v
	}
	return series
}

// expectSeries scrapes until every series has its wanted value, or for at most 3 s, then reports those that
// differ: a request is counted once answered, which may be a moment after its client has the answer.
func expectSeries(t *testing.T, m *metrics.Metrics, want map[string]float64) map[string]float64 {
	t.Helper()
	var got map[string]float64
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		got = scrape(t, m)
		same := true
		for k, v := range want {
			same = same && got[k] == v
		}
		if same || time.Now().After(deadline) {
			break
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	return got
}

// TestMetricsCountRequestsByRoute: requests show up under their route pattern, method and status, with a
// latency histogram, and never under their raw path, which carries tokens.
func TestMetricsCountRequestsByRoute(t *testing.T) {
	_, ts, m := newMeteredServer(t, nil)
	c := client(t)
	const secret = "not-a-real-token-but-secret-looking"
	for _, path := range []string{"/healthz", "/healthz", "/s/" + secret, "/no/such/page", "/brands/" + seed.BrandMaison + "/ai.json"} {
		get(t, c, ts.URL+path)
	}
	req, _ := http.NewRequest("BREW", ts.URL+"/healthz", nil)
	if resp, err := c.Do(req); err == nil {
		resp.Body.Close()
	}
	got := expectSeries(t, m, map[string]float64{
		`vitrine_http_requests_total{code="200",method="GET",route="/healthz"}`:              2,
		`vitrine_http_requests_total{code="401",method="GET",route="/s/:token"}`:             1,
		`vitrine_http_requests_total{code="404",method="GET",route="unmatched"}`:             1,
		`vitrine_http_requests_total{code="405",method="other",route="unmatched"}`:           1,
		`vitrine_http_requests_total{code="200",method="GET",route="/brands/:slug/ai.json"}`: 1,
		`vitrine_http_request_duration_seconds_count{method="GET",route="/healthz"}`:         2,
		`vitrine_http_request_duration_seconds_count{method="GET",route="/s/:token"}`:        1,
	})
	for k := range got {
		if strings.Contains(k, secret) || strings.Contains(k, "/no/such") || strings.Contains(k, "BREW") {
			t.Errorf("a raw path or method became a label: %s", k)
		}
	}
	// The database pools and the Go runtime are there too.
	for _, name := range []string{`go_sql_open_connections{db_name="`, "go_goroutines", "vitrine_visits_pending", "vitrine_webhook_deliveries_pending", "vitrine_pages_waiting"} {
		found := false
		for k := range got {
			found = found || strings.HasPrefix(k, name)
		}
		if !found {
			t.Errorf("no %s in the metrics", name)
		}
	}
}

// TestMetricsCountIngestOutcomes: events are counted by what became of them, and refused batches by reason.
func TestMetricsCountIngestOutcomes(t *testing.T) {
	s, ts, m := newMeteredServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	url := ts.URL + "/api/v1/events"
	body := batch(event("m-1", nil), event("m-2", nil), event("m-bad", map[string]any{"customer": nil}))
	for range 2 { // the second time, both good events are duplicates
		if status, _, b := apiDo(t, http.MethodPost, url, key, "application/json", body); status != http.StatusOK {
			t.Fatalf("batch: status %d: %s", status, b)
		}
	}
	if status, _, _ := apiDo(t, http.MethodPost, url, key, "application/json", []byte(`{"events":[]}`)); status != http.StatusBadRequest {
		t.Fatalf("empty batch: status %d", status)
	}
	if status, _, _ := apiDo(t, http.MethodPost, url, key, "application/json", []byte(`{"events":`)); status != http.StatusBadRequest {
		t.Fatalf("unreadable batch: status %d", status)
	}
	// An event naming a system nobody registered is stored and flagged, and so is the next one naming it: the
	// system now exists, but still undescribed.
	for _, id := range []string{"m-shadow-1", "m-shadow-2"} {
		status, _, b := apiDo(t, http.MethodPost, url, key, "application/json", batch(event(id, map[string]any{"system": "shadow-bot"})))
		if status != http.StatusOK || !strings.Contains(string(b), `"unregistered":true`) {
			t.Fatalf("event %s of an unregistered system: status %d: %s", id, status, b)
		}
	}
	if _, _, b := apiDo(t, http.MethodPost, url, key, "application/json", batch(event("m-3", nil))); strings.Contains(string(b), "unregistered") {
		t.Errorf("an event of a registered system and purpose is answered unregistered: %s", b)
	}
	expectSeries(t, m, map[string]float64{
		`vitrine_ingest_events_total{outcome="accepted"}`:                              5,
		`vitrine_ingest_unregistered_events_total`:                                     2,
		`vitrine_ingest_events_total{outcome="duplicate"}`:                             2,
		`vitrine_ingest_events_total{outcome="rejected"}`:                              2,
		`vitrine_ingest_batches_refused_total{reason="empty"}`:                         1,
		`vitrine_ingest_batches_refused_total{reason="unreadable"}`:                    1,
		`vitrine_http_requests_total{code="200",method="POST",route="/api/v1/events"}`: 5,
	})
}

// TestMetricsCountWebhookDeliveries: the queue depths read the pending deliveries, and each attempt is counted
// by outcome with its time.
func TestMetricsCountWebhookDeliveries(t *testing.T) {
	s, _, m := newMeteredServer(t, nil)
	ctx := context.Background()
	ok := httptest.NewServer(&hookReceiver{})
	defer ok.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer failing.Close()
	b, err := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{ok.URL, failing.URL} {
		ep, err := s.DB.CreateWebhookEndpoint(ctx, b.ID, u+"/hook", "", nil, s.now())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DB.QueueTestDelivery(ctx, b.ID, ep.ID, s.now()); err != nil {
			t.Fatal(err)
		}
	}
	before := scrape(t, m)
	if before["vitrine_webhook_deliveries_pending"] != 2 || before["vitrine_webhook_deliveries_due"] != 2 {
		t.Errorf("before sending: pending %v, due %v; want 2 and 2", before["vitrine_webhook_deliveries_pending"], before["vitrine_webhook_deliveries_due"])
	}
	d := &webhook.Dispatcher{DB: s.DB, Client: webhook.Client(5*time.Second, true), Metrics: m}
	var wg sync.WaitGroup
	d.Step(ctx, make(chan struct{}, 4), &wg)
	wg.Wait()
	expectSeries(t, m, map[string]float64{
		`vitrine_webhook_attempts_total{outcome="delivered"}`:      1,
		`vitrine_webhook_attempts_total{outcome="endpoint_error"}`: 1,
		`vitrine_webhook_attempt_duration_seconds_count`:           2,
		`vitrine_webhook_deliveries_pending`:                       1, // the failed one waits for its retry
		`vitrine_webhook_deliveries_due`:                           0, // not before its retry time
	})
}

// TestMetricsShowPagesWaiting: a page waiting for the page limiter's slot shows in vitrine_pages_waiting.
func TestMetricsShowPagesWaiting(t *testing.T) {
	s, ts, m := newMeteredServer(t, func(s *Server) { s.PageConcurrency = 1 })
	slots := s.slots()
	slots <- struct{}{} // the one slot is taken
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.Get(ts.URL + "/me")
		if err == nil {
			resp.Body.Close()
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for scrape(t, m)["vitrine_pages_waiting"] != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the waiting page never showed in vitrine_pages_waiting")
		}
		time.Sleep(10 * time.Millisecond)
	}
	<-slots
	<-done
	if got := scrape(t, m)["vitrine_pages_waiting"]; got != 0 {
		t.Errorf("after the page was served: vitrine_pages_waiting = %v", got)
	}
}

// TestLogLinesCarryTraceID: every line logged while serving a request carries its request id and trace id; the
// trace id comes from a valid incoming traceparent, and comes back in the answer's traceparent.
func TestLogLinesCarryTraceID(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	_, ts := newIsolatedServer(t, func(s *Server) {
		s.Log = slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, nil))
	})
	const incoming = "4bf92f3577b34da6a3ce929d0e0e4736"
	for _, c := range []struct {
		name, traceparent string
		keep              bool
	}{
		{"valid", "00-" + incoming + "-00f067aa0ba902b7-01", true},
		{"upper case", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", false},
		{"zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", false},
		{"version ff", "ff-" + incoming + "-00f067aa0ba902b7-01", false},
		{"none", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			buf.Reset()
			mu.Unlock()
			var h []string
			if c.traceparent != "" {
				h = []string{"traceparent", c.traceparent}
			}
			_, head, _ := get(t, client(t), ts.URL+"/healthz", h...)
			parts := strings.Split(head.Get("traceparent"), "-")
			if len(parts) != 4 || len(parts[1]) != 32 || len(parts[2]) != 16 {
				t.Fatalf("answer's traceparent %q", head.Get("traceparent"))
			}
			if (parts[1] == incoming) != c.keep {
				t.Errorf("answer's trace id %s, incoming %s: kept %v, want %v", parts[1], incoming, !c.keep, c.keep)
			}
			var line struct {
				Msg, ID string
				TraceID string `json:"trace_id"`
			}
			var logged string
			// The request line is written once the answer is sent: wait a moment for it.
			for deadline := time.Now().Add(3 * time.Second); line.Msg != "request" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				mu.Lock()
				logged = buf.String()
				mu.Unlock()
				for _, l := range strings.Split(strings.TrimSpace(logged), "\n") {
					if err := json.Unmarshal([]byte(l), &line); err == nil && line.Msg == "request" {
						break
					}
				}
			}
			if line.Msg != "request" || line.TraceID != parts[1] || line.ID == "" || line.ID != head.Get("X-Request-ID") {
				t.Errorf("request line %+v, want trace id %s and request id %s; log:\n%s", line, parts[1], head.Get("X-Request-ID"), logged)
			}
		})
	}
}

// lockedWriter lets the server's goroutines and the test share a buffer.
type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}
