package handlers

import (
	"testing"

	"vitrine/seed"
)

// BenchmarkMCPToolCall measures one tools/call of an assistant over HTTP, token lookup, call record, the per-request
// MCP server and the tool included: summary (the overview's facts) and list_uses (a page of 20 sentences). The
// grant's rate limit is lifted for the loop.
func BenchmarkMCPToolCall(b *testing.B) {
	for _, tool := range []string{"summary", "list_uses"} {
		b.Run(tool, func(b *testing.B) {
			_, ts := newIsolatedServer(b, func(s *Server) { s.AssistantRate, s.AssistantBurst = 1e9, 1e9 })
			browser := signIn(b, ts, seed.BrandMaison, seed.CamilleID)
			tk := authorize(b, ts, browser, registerClient(b, ts, "Bench Assistant"))
			b.ResetTimer()
			for b.Loop() {
				if code, _ := mcpStatus(b, ts, tk.Access, tool); code != 200 {
					b.Fatalf("status %d", code)
				}
			}
		})
	}
}
