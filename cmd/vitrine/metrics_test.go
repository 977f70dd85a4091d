package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/store/storetest"
)

var (
	listeningRe = regexp.MustCompile(`vitrine is listening on (http://\S+)`)
	metricsRe   = regexp.MustCompile(`Metrics and profiling \(keep private\) on (http://[^/\s]+)/metrics`)
)

// startServe runs `vitrine serve` on a fresh database and port 0 with extra flags until the test ends; it
// returns the public URL once serving, what serve prints, and what it logs.
func startServe(t *testing.T, extra ...string) (base string, out, logged *syncBuffer) {
	t.Helper()
	out, logged = &syncBuffer{}, &syncBuffer{}
	logOutput = logged
	t.Cleanup(func() { logOutput = os.Stderr })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := append([]string{"--db", storetest.DSN(t, "m"), "--memory-limit", "0", "--addr", "127.0.0.1:0"}, extra...)
	go func() { done <- cmdServe(ctx, args, out) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	client := &http.Client{Timeout: 5 * time.Second}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, out)
		default:
		}
		if m := listeningRe.FindStringSubmatch(out.String()); m != nil {
			// serve prints its address once bound; the metrics line, if any, follows at once.
			if resp, err := client.Get(m[1] + "/healthz"); err == nil {
				resp.Body.Close()
				return m[1], out, logged
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", out)
		}
	}
}

// fetch GETs u and returns the status and body.
func fetch(t *testing.T, u string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestServeMetricsOnPrivateAddress: --metrics-addr serves /metrics and /debug/pprof/ there, and the public
// address has neither.
func TestServeMetricsOnPrivateAddress(t *testing.T) {
	base, out, _ := startServe(t, "--metrics-addr", "127.0.0.1:0")
	var private string
	for deadline := time.Now().Add(5 * time.Second); private == ""; time.Sleep(20 * time.Millisecond) {
		if m := metricsRe.FindStringSubmatch(out.String()); m != nil {
			private = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve did not print the metrics address:\n%s", out)
		}
	}
	if strings.HasSuffix(private, ":0") || private == base {
		t.Fatalf("metrics at %s, public at %s", private, base)
	}
	// The request that found serve up is counted once answered, which may be just after its client has the
	// answer: look again for a moment.
	var status int
	var body string
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		status, _, body = fetch(t, private+"/metrics")
		if strings.Contains(body, `vitrine_http_requests_total{code="200",method="GET",route="/healthz"}`) || time.Now().After(deadline) {
			break
		}
	}
	if status != http.StatusOK || !strings.Contains(body, `vitrine_http_requests_total{code="200",method="GET",route="/healthz"}`) ||
		!strings.Contains(body, "go_goroutines") || !strings.Contains(body, `go_sql_open_connections{db_name="`) {
		t.Errorf("%s/metrics: status %d, body %.600s", private, status, body)
	}
	if status, _, body := fetch(t, private+"/debug/pprof/"); status != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("%s/debug/pprof/: status %d, body %.300s", private, status, body)
	}
	if status, _, body := fetch(t, private+"/debug/pprof/goroutine?debug=1"); status != http.StatusOK || !strings.Contains(body, "goroutine profile") {
		t.Errorf("goroutine profile: status %d, body %.300s", status, body)
	}
	for _, path := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/goroutine?debug=1", "/debug/pprof/cmdline"} {
		if status, _, _ := fetch(t, base+path); status != http.StatusNotFound {
			t.Errorf("public %s: status %d, want 404", path, status)
		}
	}
}

// TestServeMetricsOff: --metrics-addr off opens no listener but the public one.
func TestServeMetricsOff(t *testing.T) {
	before := listeningSockets(t)
	_, out, logged := startServe(t, "--metrics-addr", "off")
	if strings.Contains(out.String(), "Metrics") || strings.Contains(logged.String(), "metrics") {
		t.Errorf("serve spoke of metrics with --metrics-addr off:\n%s\nlog:\n%s", out, logged)
	}
	if opened := listeningSockets(t) - before; opened != 1 {
		t.Errorf("serve opened %d listeners, want 1 (the public address)", opened)
	}
}

// TestServeMetricsPortBusy: a metrics address already in use is logged, and the server serves on; a request's
// log line carries the trace id of its traceparent.
func TestServeMetricsPortBusy(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	busy := taken.Addr().String()
	base, out, logged := startServe(t, "--metrics-addr", busy)
	const trace = "0af7651916cd43dd8448eb211c80319c"
	status, head, _ := fetch(t, base+"/healthz", "traceparent", "00-"+trace+"-b7ad6b7169203331-01")
	if status != http.StatusOK {
		t.Fatalf("/healthz with the metrics port busy: %d", status)
	}
	if !strings.HasPrefix(head.Get("traceparent"), "00-"+trace+"-") {
		t.Errorf("answer's traceparent %q, want trace id %s", head.Get("traceparent"), trace)
	}
	if strings.Contains(out.String(), "Metrics and profiling") {
		t.Errorf("serve printed a metrics address it could not bind:\n%s", out)
	}
	want := "serve: cannot listen on " + busy + " for metrics (--metrics-addr): address already in use"
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logged.String(), `"trace_id":"`+trace+`"`); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no log line carries trace id %s:\n%s", trace, logged)
		}
	}
	if !strings.Contains(logged.String(), want) {
		t.Errorf("log does not say %q:\n%s", want, logged)
	}
}

// listeningSockets counts the TCP sockets this process listens on: its socket descriptors whose inode
// /proc/net/tcp lists in the LISTEN state (0A).
func listeningSockets(t *testing.T) int {
	t.Helper()
	listening := map[string]bool{}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			if fs := strings.Fields(line); len(fs) > 9 && fs[3] == "0A" {
				listening[fs[9]] = true
			}
		}
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc: cannot count listeners")
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink("/proc/self/fd/" + fd.Name())
		if inode, ok := strings.CutPrefix(target, "socket:["); err == nil && ok && listening[strings.TrimSuffix(inode, "]")] {
			n++
		}
	}
	return n
}
