package main

import (
	"strings"
	"testing"
)

// TestParseTrustedProxies checks what --trusted-proxies takes: addresses and CIDR ranges, comma-separated, an
// address being a range of one; anything else is refused with an example rather than silently trusting nobody.
func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		in   string
		want []string // the ranges, as net.IPNet prints them
		err  string
	}{
		{"", nil, ""},
		{"127.0.0.1", []string{"127.0.0.1/32"}, ""},
		{"10.0.0.0/8, 192.168.1.5,::1", []string{"10.0.0.0/8", "192.168.1.5/32", "::1/128"}, ""},
		{"fd00::/8", []string{"fd00::/8"}, ""},
		{"proxy.internal", nil, `"proxy.internal" is neither an address nor a CIDR range`},
		{"10.0.0.0/33", nil, `"10.0.0.0/33" is neither`},
	}
	for _, tt := range tests {
		got, err := parseTrustedProxies(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		var s []string
		for _, n := range got {
			s = append(s, n.String())
		}
		if strings.Join(s, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%q: %v, want %v", tt.in, s, tt.want)
		}
	}
}
