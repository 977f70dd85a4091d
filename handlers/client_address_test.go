package handlers

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"vitrine/seed"
)

// forwardedFor adds an X-Forwarded-For header to every request, as a client forging it (or a proxy) would.
type forwardedFor struct{ addr *string }

func (f forwardedFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if *f.addr != "" {
		r.Header.Set("X-Forwarded-For", *f.addr)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestClientAddressBehindProxies checks which address sign-in throttling counts: the socket's unless the request
// came through a trusted proxy, so that a client cannot dodge the per-address limit by writing X-Forwarded-For,
// and a server behind a proxy does not throttle all its customers as one.
func TestClientAddressBehindProxies(t *testing.T) {
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	tests := []struct {
		name      string
		trusted   []*net.IPNet
		forge     func(i int) string // the X-Forwarded-For of the i-th attempt
		throttled bool               // whether the address is stopped after loginAddressMax failures
	}{
		{"no trusted proxy: a forged header changes nothing", nil, func(i int) string { return "203.0.113." + strconv.Itoa(i+1) }, true},
		{"trusted proxy: each forwarded client counts apart", []*net.IPNet{loopback}, func(i int) string { return "203.0.113." + strconv.Itoa(i+1) }, false},
		{"trusted proxy: one forwarded client is stopped", []*net.IPNet{loopback}, func(int) string { return "203.0.113.7" }, true},
		{"trusted proxy: the client cannot prepend its own address", []*net.IPNet{loopback}, func(i int) string { return "198.51.100." + strconv.Itoa(i+1) + ", 203.0.113.7" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ts := newIsolatedServer(t, func(s *Server) { s.TrustedProxies = tt.trusted })
			xff := ""
			c := client(t)
			c.Transport = forwardedFor{&xff}
			for i := range loginAddressMax {
				xff = tt.forge(i)
				email := "guess" + strconv.Itoa(i) + "@maison-lumiere.example"
				if status, _, _ := staffSubmit(t, c, ts.URL+"/staff/login", ts.URL+"/staff/login", url.Values{"email": {email}, "password": {"wrong"}}); status != http.StatusUnauthorized {
					t.Fatalf("attempt %d: status %d, want 401", i+1, status)
				}
			}
			xff = tt.forge(loginAddressMax)
			status, _, _ := staffSubmit(t, c, ts.URL+"/staff/login", ts.URL+"/staff/login", url.Values{"email": {privacyA}, "password": {seed.StaffPassword}})
			if tt.throttled && status != http.StatusTooManyRequests {
				t.Fatalf("after %d failures from one client: status %d, want 429", loginAddressMax, status)
			}
			if !tt.throttled && status != http.StatusSeeOther {
				t.Fatalf("a client of its own was throttled for others' failures: status %d, want 303", status)
			}
		})
	}
}
