// Package metrics counts what vitrine serves and exports it in the Prometheus text format, with pprof, on a private address.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/pprof"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds vitrine's collectors on a registry of its own, not Prometheus's global one, so that each server
// (and each test) counts for itself. A nil *Metrics counts nothing: commands and tests that need no metrics
// pass none.
//
// Labels are bounded on purpose: a route is its pattern ("/s/:token"), never the path, which carries tokens and
// customer ids; no label names a brand or a customer.
type Metrics struct {
	reg *prometheus.Registry

	requests       *prometheus.CounterVec
	requestSeconds *prometheus.HistogramVec
	ingestEvents   *prometheus.CounterVec
	ingestRefused  *prometheus.CounterVec
	violations     prometheus.Counter
	unregistered   prometheus.Counter
	hookAttempts   *prometheus.CounterVec
	hookSeconds    prometheus.Histogram
	hookGaveUp     prometheus.Counter

	pagesWaiting atomic.Pointer[func() int]
}

// Outcomes of a webhook attempt, the values of vitrine_webhook_attempts_total's outcome label.
const (
	HookDelivered   = "delivered"      // the endpoint answered 2xx
	HookRefused     = "endpoint_error" // the endpoint answered, but not 2xx
	HookUnreachable = "unreachable"    // no answer: connection refused, timeout, TLS or DNS failure
)

// Reasons a whole ingest batch is refused, the values of vitrine_ingest_batches_refused_total's reason label.
const (
	RefusedTooLarge   = "too_large"
	RefusedTooMany    = "too_many"
	RefusedEmpty      = "empty"
	RefusedUnreadable = "unreadable"
)

// New makes the collectors, with the Go runtime and process collectors, on a fresh registry.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vitrine_http_requests_total", Help: "HTTP requests answered, by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	// Buckets from 5 ms to 10 s: pages take tens of milliseconds, a batch of 500 events up to a second.
	m.requestSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "vitrine_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern and method.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	m.ingestEvents = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vitrine_ingest_events_total", Help: "Events received by POST /api/v1/events, by outcome: accepted, duplicate (sent before, counted once) or rejected (an invalid field).",
	}, []string{"outcome"})
	m.ingestRefused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vitrine_ingest_batches_refused_total", Help: "Batches refused as a whole, none of their events looked at, by reason.",
	}, []string{"reason"})
	m.violations = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "vitrine_ingest_consent_violations_total", Help: "Accepted events whose purpose needed a consent the customer had not given.",
	})
	m.unregistered = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "vitrine_ingest_unregistered_events_total", Help: "Accepted events naming a system or purpose the brand's registry does not describe (stored, flagged as a coverage gap).",
	})
	m.hookAttempts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "vitrine_webhook_attempts_total", Help: "Webhook delivery attempts, by outcome: delivered, endpoint_error (answered, not 2xx) or unreachable.",
	}, []string{"outcome"})
	m.hookSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "vitrine_webhook_attempt_duration_seconds", Help: "Time a webhook endpoint took to answer an attempt (or to fail).",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	})
	m.hookGaveUp = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "vitrine_webhook_deliveries_failed_total", Help: "Webhook deliveries given up after their last retry, marked failed.",
	})
	pagesWaiting := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "vitrine_pages_waiting", Help: "Customer pages and widgets waiting for a turn to be built (the page limiter's line).",
	}, func() float64 {
		if f := m.pagesWaiting.Load(); f != nil {
			return float64((*f)())
		}
		return 0
	})
	m.reg.MustRegister(m.requests, m.requestSeconds, m.ingestEvents, m.ingestRefused, m.violations, m.unregistered,
		m.hookAttempts, m.hookSeconds, m.hookGaveUp, pagesWaiting,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where the collectors are registered; tests read it with prometheus/testutil.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics of m, and pprof's profiles under /debug/pprof/. It is meant for a private address
// only: profiles show the program's internals and cost CPU. The pprof handlers are mounted on this mux alone;
// the public server is echo, which never falls back to http.DefaultServeMux, where importing net/http/pprof
// also puts them.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Timer measures one request or attempt by the wall clock. It is not the store's clock, which tests fix: a
// latency must be real time whatever the date the product believes it is.
type Timer struct {
	m     *Metrics
	start time.Time
}

// Start starts timing.
func (m *Metrics) Start() Timer {
	if m == nil {
		return Timer{}
	}
	return Timer{m: m, start: time.Now()}
}

// methods are the methods counted by name; others (whatever a client invents) count as "other", which keeps
// the method label bounded.
var methods = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true}

// Request records a request answered: route is the route pattern (echo's c.Path()), "" when no route matched.
func (t Timer) Request(route, method string, status int) {
	if t.m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	if !methods[method] {
		method = "other"
	}
	t.m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	t.m.requestSeconds.WithLabelValues(route, method).Observe(time.Since(t.start).Seconds())
}

// WebhookAttempt records an attempt's outcome (HookDelivered, HookRefused or HookUnreachable) and its time;
// gaveUp says the delivery was marked failed after it.
func (t Timer) WebhookAttempt(outcome string, gaveUp bool) {
	if t.m == nil {
		return
	}
	t.m.hookAttempts.WithLabelValues(outcome).Inc()
	t.m.hookSeconds.Observe(time.Since(t.start).Seconds())
	if gaveUp {
		t.m.hookGaveUp.Inc()
	}
}

// IngestEvents counts the events of a stored batch by outcome, and those of the accepted that broke a consent or
// name a system or purpose nobody registered.
func (m *Metrics) IngestEvents(accepted, duplicates, rejected, violations, unregistered int) {
	if m == nil {
		return
	}
	m.ingestEvents.WithLabelValues("accepted").Add(float64(accepted))
	m.ingestEvents.WithLabelValues("duplicate").Add(float64(duplicates))
	m.ingestEvents.WithLabelValues("rejected").Add(float64(rejected))
	m.violations.Add(float64(violations))
	m.unregistered.Add(float64(unregistered))
}

// IngestRefused counts a batch refused as a whole, for one of the Refused* reasons.
func (m *Metrics) IngestRefused(reason string) {
	if m == nil {
		return
	}
	m.ingestRefused.WithLabelValues(reason).Inc()
}

// WatchPagesWaiting makes vitrine_pages_waiting read f at each scrape.
func (m *Metrics) WatchPagesWaiting(f func() int) {
	if m == nil {
		return
	}
	m.pagesWaiting.Store(&f)
}

// Store is what the metrics read from the database at scrape time: cheap sources only, a count over an index
// and in-memory counters, never a scan of events.
type Store interface {
	// Pools names the database/sql pools whose statistics are exported.
	Pools() map[string]*sql.DB
	// PendingVisits is the number of visit times waiting for the background writer.
	PendingVisits() int
	// WebhookQueue counts the pending webhook deliveries, and those of them due now.
	WebhookQueue(ctx context.Context) (pending, due int64, err error)
}

// WatchStore exports the database's pool statistics (go_sql_* by db_name) and its queues.
func (m *Metrics) WatchStore(s Store) {
	if m == nil {
		return
	}
	for name, p := range s.Pools() {
		m.reg.MustRegister(collectors.NewDBStatsCollector(p, name))
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "vitrine_visits_pending", Help: "Customer visit times waiting for the background writer.",
	}, func() float64 { return float64(s.PendingVisits()) }), &queueCollector{s: s})
}

var (
	pendingDesc = prometheus.NewDesc("vitrine_webhook_deliveries_pending", "Webhook deliveries not yet delivered or given up (waiting for a retry, or due).", nil, nil)
	dueDesc     = prometheus.NewDesc("vitrine_webhook_deliveries_due", "Pending webhook deliveries whose time has come: a growing number means the dispatcher falls behind.", nil, nil)
)

// queueCollector reads both webhook queue depths with one query at each scrape.
type queueCollector struct{ s Store }

func (q *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- pendingDesc; ch <- dueDesc }

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	pending, due, err := q.s.WebhookQueue(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(pendingDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(pending))
	ch <- prometheus.MustNewConstMetric(dueDesc, prometheus.GaugeValue, float64(due))
}
