// Package handlers serves vitrine over HTTP with echo: routes, middleware, and one handler per file.
package handlers

import (
	"log/slog"
	"sync"
	"time"

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

	// PageConcurrency is how many customer pages and widgets are built at once; more wait their turn.
	// Zero means twice the number of CPUs the Go runtime uses.
	PageConcurrency int

	// InsecureWebhooks lets admins register http:// and internal webhook URLs (serve --allow-insecure-webhooks),
	// for local tests only.
	InsecureWebhooks bool

	// Webhooks, when set, is woken after actions that queue a delivery without a change (a test, a replay), so
	// it sends at once; the deliveries of changes reach it through the store (DB.HandDeliveries).
	Webhooks interface{ Wake() }

	pageOnce  sync.Once
	pageSlots chan struct{}

	sso ssoProviders // each brand's identity provider, discovered at first use (sso.go)
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
