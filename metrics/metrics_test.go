package metrics

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestNilMetricsCountNothing: commands and tests that pass no metrics must be able to call every method.
func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.Start().Request("/healthz", "GET", 200)
	m.Start().WebhookAttempt(HookDelivered, false)
	m.IngestEvents(1, 2, 3, 4, 5)
	m.IngestRefused(RefusedEmpty)
	m.WatchPagesWaiting(func() int { return 1 })
	m.WatchStore(nil)
}

// TestRequestLabelsStayBounded: an unmatched route and an invented method each fall into one series, and two
// servers' metrics do not mix.
func TestRequestLabelsStayBounded(t *testing.T) {
	m, other := New(), New()
	m.Start().Request("", "GET", 404)
	m.Start().Request("", "BREW", 405)
	m.Start().Request("", "PROPFIND", 405)
	if n := testutil.ToFloat64(m.requests.WithLabelValues("unmatched", "other", "405")); n != 2 {
		t.Errorf("invented methods: %v requests under \"other\", want 2", n)
	}
	if n := testutil.CollectAndCount(other.requests); n != 0 {
		t.Errorf("another server's metrics count %d series", n)
	}
	err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(`
# HELP vitrine_http_requests_total HTTP requests answered, by route pattern, method and status code.
# TYPE vitrine_http_requests_total counter
vitrine_http_requests_total{code="404",method="GET",route="unmatched"} 1
vitrine_http_requests_total{code="405",method="other",route="unmatched"} 2
`), "vitrine_http_requests_total")
	if err != nil {
		t.Error(err)
	}
}
