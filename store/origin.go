package store

import (
	"errors"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ErrBadOrigin is wrapped by every OriginError.
var ErrBadOrigin = errors.New("store: not a site origin")

// OriginError says which embed origin was refused and why; Reason is one of the OriginReason constants, for
// the admin form to explain in the admin's language.
type OriginError struct {
	Origin string
	Reason string
}

// Why an origin is refused.
const (
	OriginScheme   = "scheme"   // not https (http only for this computer)
	OriginWildcard = "wildcard" // a * anywhere
	OriginHost     = "host"     // not a DNS name of valid labels nor an IP address
	OriginPort     = "port"     // not a number from 1 to 65535
	OriginExtra    = "extra"    // a path, query, fragment, user name or character outside an origin
)

// Error names the origin and the reason, for logs.
func (e *OriginError) Error() string {
	return "store: origin " + strconv.Quote(e.Origin) + ": " + e.Reason
}

// Unwrap makes every OriginError an ErrBadOrigin.
func (e *OriginError) Unwrap() error { return ErrBadOrigin }

// CanonicalOrigin checks that s is a site origin a browser can match in frame-ancestors, and returns it rebuilt
// from its parsed parts: the scheme, https (or http for this computer: localhost, 127.0.0.0/8, ::1), a host
// that is a DNS name of valid labels or an IP address, in lower case, and a port from 1 to 65535 unless it is
// the scheme's default. Nothing typed beyond those parts is kept, so nothing can reach the header but them: a
// ";" would otherwise start a directive of its own, and a "*" allow any site. A trailing "/" is dropped; any
// other path, a query, a fragment or a user name is refused.
func CanonicalOrigin(s string) (string, error) {
	bad := func(reason string) (string, error) { return "", &OriginError{Origin: s, Reason: reason} }
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == ';' || r == ',' || r == '\'' || r == '"' }) {
		return bad(OriginExtra)
	}
	if strings.Contains(s, "*") {
		return bad(OriginWildcard)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r > 0x7f }) {
		return bad(OriginHost) // a name in another script is written in its xn-- form
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return bad(OriginScheme)
	}
	scheme = strings.ToLower(scheme)
	if scheme != "https" && scheme != "http" {
		return bad(OriginScheme)
	}
	u, err := url.Parse(scheme + "://" + rest)
	if err != nil {
		if strings.Contains(err.Error(), "port") {
			return bad(OriginPort)
		}
		return bad(OriginHost)
	}
	if u.User != nil || u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(rest, "#") {
		return bad(OriginExtra)
	}
	host := strings.ToLower(u.Hostname())
	if strings.HasSuffix(u.Host, ":") {
		return bad(OriginPort)
	}
	loopback := host == "localhost" || strings.HasSuffix(host, ".localhost")
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Zone() != "" || (ip.Is6() && !strings.HasPrefix(u.Host, "[")) {
			return bad(OriginHost)
		}
		loopback = ip.IsLoopback()
		host = ip.String()
		if ip.Is6() {
			host = "[" + host + "]"
		}
	} else if strings.HasPrefix(u.Host, "[") || !dnsName(host) {
		return bad(OriginHost)
	}
	if scheme == "http" && !loopback {
		return bad(OriginScheme)
	}
	out := scheme + "://" + host
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 || len(p) > 5 {
			return bad(OriginPort)
		}
		if (scheme == "https" && n != 443) || (scheme == "http" && n != 80) {
			out += ":" + strconv.Itoa(n)
		}
	}
	return out, nil
}

// dnsName reports a host name of labels of 1 to 63 letters, digits and hyphens, not starting or ending with a
// hyphen, at most 253 bytes, whose last label is not all digits (a browser would read that as an IPv4 address).
func dnsName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	return strings.Trim(last, "0123456789") != ""
}

// CanonicalOrigins rebuilds each origin (CanonicalOrigin), dropping repeats; the error names every refused
// origin, joined.
func CanonicalOrigins(in []string) ([]string, error) {
	var out []string
	var errs []error
	for _, o := range in {
		c, err := CanonicalOrigin(o)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}
