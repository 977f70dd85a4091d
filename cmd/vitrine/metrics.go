package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"vitrine/metrics"
	"vitrine/store"
)

// logOutput is where `vitrine serve` writes its JSON log lines; tests read them.
var logOutput io.Writer = os.Stderr

// newMetrics makes the server's metrics, reading db's pools and queues, unless addr is "off": then nothing is
// counted.
func newMetrics(addr string, db *store.DB) *metrics.Metrics {
	if addr == "off" || addr == "" {
		return nil
	}
	m := metrics.New()
	m.WatchStore(db)
	return m
}

// serveMetrics serves /metrics and /debug/pprof/ on the private address addr, and returns what stops it. A port
// that cannot be bound is logged and the server goes on without metrics: they must never keep the product
// down. Profiles run up to the seconds asked for (30 by default), so there is no write timeout.
func serveMetrics(addr string, m *metrics.Metrics, log *slog.Logger, out io.Writer) (stop func()) {
	if m == nil {
		return func() {}
	}
	ln, err := listen(addr, " for metrics (--metrics-addr)")
	if err != nil {
		log.Error("metrics and profiling are off", "err", err.Error())
		return func() {}
	}
	fmt.Fprintf(out, "Metrics and profiling (keep private) on http://%s/metrics and /debug/pprof/\n", boundAddr(addr, ln))
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
}
