package handlers

import (
	"net/http"
	"testing"

	"vitrine/seed"
)

// BenchmarkCustomerPages measures each customer page for Camille, end to end through the router.
func BenchmarkCustomerPages(b *testing.B) {
	_, ts := newTestServer(b)
	c := signIn(b, ts, seed.BrandMaison, seed.CamilleID)
	for _, path := range []string{"/me", "/me/systems/product-recommender", "/me/activity"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if status, _, _ := get(b, c, ts.URL+path); status != http.StatusOK {
					b.Fatalf("%s: %d", path, status)
				}
			}
		})
	}
}
