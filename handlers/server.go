// Package handlers serves vitrine over HTTP with echo: routes, middleware, and one handler per file.
package handlers

import (
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/metrics"
	"vitrine/store"
)

// Server holds what handlers need: the store, a logger and the public base URL. Its clock is the store's.
type Server struct {
	DB         *store.DB
	Log        *slog.Logger
	BaseURL    string        // public URL of this server, e.g. "http://127.0.0.1:8080"
	SessionTTL time.Duration // how long a customer session lasts after the link is opened

	// APIRate and APIBurst limit requests per API key (per second, and the burst allowed above it).
	// Zero means the defaults: 20 requests a second with bursts of 40.
	APIRate  float64
	APIBurst int

	// AssistantRate and AssistantBurst limit the MCP calls of each customer's assistant grant (per second, and the
	// burst above it). Zero means the defaults: 2 a second with bursts of 30.
	AssistantRate  float64
	AssistantBurst int

	// PageConcurrency is how many customer pages and widgets are built at once; more wait their turn.
	// Zero means twice the number of CPUs the Go runtime uses.
	PageConcurrency int
	// IngestPageSlots is how many of those slots pages keep while an event batch is being written (limit.go);
	// zero means one per CPU the Go runtime uses but one, at least one.
	IngestPageSlots int

	// InsecureWebhooks lets admins register http:// and internal webhook URLs (serve --allow-insecure-webhooks),
	// for local tests only.
	InsecureWebhooks bool

	// Webhooks, when set, is woken after actions that queue a delivery without a change (a test, a replay), so
	// it sends at once; the deliveries of changes reach it through the store (DB.HandDeliveries).
	Webhooks interface{ Wake() }

	// Metrics, when set, counts requests by route, ingest outcomes and the page limiter's line (serve
	// --metrics-addr); nil counts nothing.
	Metrics *metrics.Metrics

	// TrustedProxies are the reverse proxies (serve --trusted-proxies) whose X-Forwarded-For is believed. Empty,
	// the client's address is the socket's and X-Forwarded-For is ignored: any client can write that header, and
	// sign-in throttling and rate limits count by address.
	TrustedProxies []*net.IPNet

	pageOnce    sync.Once
	pageSlots   chan struct{}
	pageWaiting atomic.Int64 // requests waiting for a page slot, for the metrics
	writing     ingestShare  // the page slots held back while event batches are written (limit.go)

	logins loginGate // password checks running at once (login_gate.go)

	sso ssoProviders // each brand's identity provider, discovered at first use (sso.go)

	// MetadataHTTP fetches assistants' Client ID Metadata Documents; nil means the webhook guard's client
	// (webhook.Client), which refuses internal addresses unless InsecureWebhooks.
	MetadataHTTP *http.Client
	metaOnce     sync.Once

	assistantLimits assistantLimiter // calls per assistant grant (mcp_auth.go)
	mcpOnce         sync.Once
	mcpHandler      http.Handler // the MCP server for assistants, built at its first call (mcp_serve.go)
}

// wakeWebhooks asks this process's webhook dispatcher to send now.
func (s *Server) wakeWebhooks() {
	if s.Webhooks != nil {
		s.Webhooks.Wake()
	}
}

// now is the time by the store's clock (store/clock.go): one clock for handlers and store, fixed in tests.
func (s *Server) now() time.Time { return s.DB.Now() }

// secure reports whether cookies must carry the Secure flag: when the public URL is https.
func (s *Server) secure() bool {
	return len(s.BaseURL) > 8 && s.BaseURL[:8] == "https://"
}

// ipExtractor is how c.RealIP() finds the client's address: the socket's, or, behind trusted proxies, the
// right-most X-Forwarded-For address that is not one of them. Echo trusts loopback and private networks by
// default; only the proxies named are trusted here, so a client on the same network cannot choose its address.
func (s *Server) ipExtractor() echo.IPExtractor {
	if len(s.TrustedProxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range s.TrustedProxies {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
