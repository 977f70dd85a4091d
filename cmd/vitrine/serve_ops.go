package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// parseTrustedProxies reads --trusted-proxies: addresses or CIDR ranges, comma-separated. A bare address is a
// range of one.
func parseTrustedProxies(s string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			ip := net.ParseIP(part)
			if ip == nil {
				return nil, fmt.Errorf("serve: --trusted-proxies: %q is neither an address nor a CIDR range such as 10.0.0.0/8", part)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("serve: --trusted-proxies: %q is neither an address nor a CIDR range such as 10.0.0.0/8", part)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

// drain stops the servers gracefully once a signal came: they stop accepting connections and the requests in
// flight are answered (for at most timeout; past it the rest are cut and the error says so). What happens next
// — webhooks in flight, then the pending visit times and the database — is the callers' deferred closing, in
// that order, logged by logStep.
func drain(log *slog.Logger, timeout time.Duration, servers ...*http.Server) error {
	log.Info("shutdown: stopped accepting connections; answering the requests in flight", "timeout", timeout.String())
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var errs []error
	for _, s := range servers {
		if s == nil {
			continue
		}
		if err := s.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		log.Error("shutdown: requests still in flight were cut", "after", time.Since(start).String(), "err", err)
		return fmt.Errorf("serve: requests still in flight after --shutdown-timeout %s were cut: %w", timeout, err)
	}
	log.Info("shutdown: every request in flight was answered", "took", time.Since(start).String())
	return nil
}

// logStep runs one step of the shutdown and logs it, with how long it took.
func logStep(log *slog.Logger, what string, fn func() error) error {
	start := time.Now()
	err := fn()
	if err != nil {
		log.Error("shutdown: "+what, "took", time.Since(start).String(), "err", err)
		return err
	}
	log.Info("shutdown: "+what, "took", time.Since(start).String())
	return nil
}
