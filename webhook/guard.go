package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrUnsafeURL is returned for an endpoint URL vitrine will not call: not https, or a host in a loopback,
// private, link-local or otherwise internal range. Without this rule a webhook would be a way for anyone with
// an admin account to make vitrine call into the network it runs in (server-side request forgery).
var ErrUnsafeURL = errors.New("webhook: unsafe URL")

// CheckURL checks an endpoint URL when it is registered: an absolute https URL with a host and no user info.
// With insecure (local tests, --allow-insecure-webhooks) http and internal hosts are allowed too. Addresses are
// checked again at every connection (see Client), since a name can resolve elsewhere later.
func CheckURL(raw string, insecure bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%w: %q is not an absolute URL", ErrUnsafeURL, raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: the URL must not hold a user name or password", ErrUnsafeURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !insecure {
			return nil, fmt.Errorf("%w: the URL must start with https://", ErrUnsafeURL)
		}
	default:
		return nil, fmt.Errorf("%w: the URL must start with https://", ErrUnsafeURL)
	}
	if insecure {
		return u, nil
	}
	host := u.Hostname()
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".internal") || strings.HasSuffix(host, ".local") {
		return nil, fmt.Errorf("%w: %s is an internal name", ErrUnsafeURL, host)
	}
	if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
		return nil, fmt.Errorf("%w: %s is not a public address", ErrUnsafeURL, host)
	}
	return u, nil
}

// internalPrefixes are ranges that are not the public internet, beyond what netip's predicates cover.
var internalPrefixes = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("64:ff9b::/96"),  // NAT64, which can reach IPv4 internals
	netip.MustParsePrefix("2001:db8::/32"), // documentation
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved
	netip.MustParsePrefix("255.255.255.255/32"),
}

// publicAddr reports whether an address is on the public internet.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range internalPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Client returns the HTTP client deliveries go through: a short timeout, no redirects (a redirect could point
// inside), no proxy from the environment, and, unless insecure, a dialer that refuses internal addresses at the
// moment of connecting, after name resolution, so a name that resolves inside is refused too.
func Client(timeout time.Duration, insecure bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout}
	if !insecure {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrUnsafeURL, address)
			}
			if !publicAddr(ap.Addr()) {
				return fmt.Errorf("%w: %s is not a public address", ErrUnsafeURL, ap.Addr())
			}
			return nil
		}
	}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
