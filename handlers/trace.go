package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"

	"github.com/labstack/echo/v4"
)

// headerTraceparent is the W3C Trace Context header (https://www.w3.org/TR/trace-context/).
const headerTraceparent = "traceparent"

// logIDs are the ids every log line written while serving a request carries, from the request's context.
type logIDs struct{ request, trace string }

type logIDsKey struct{}

// traceRequests gives each request a trace id: the one of an incoming W3C traceparent when it is valid, so that
// a brand's own traces and vitrine's logs share it, else a new one. It puts the trace id and the request id in
// the request's context, where the logger finds them (withRequestIDs), and answers with a traceparent naming
// this server's part, so a brand engineer can quote the trace id when asking about a request.
func traceRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		traceID, flags, ok := parseTraceparent(req.Header.Get(headerTraceparent))
		if !ok {
			traceID, flags = randomHex(16), "00"
		}
		c.Response().Header().Set(headerTraceparent, "00-"+traceID+"-"+randomHex(8)+"-"+flags)
		ids := logIDs{request: c.Response().Header().Get(echo.HeaderXRequestID), trace: traceID}
		c.SetRequest(req.WithContext(context.WithValue(req.Context(), logIDsKey{}, ids)))
		return next(c)
	}
}

// parseTraceparent returns the trace id and flags of a traceparent header, and whether it is valid: version,
// trace id, parent id and flags in lowercase hex, ids not all zeros, version not ff. A later version may append
// fields after a dash, which are ignored, as the recommendation says.
func parseTraceparent(h string) (traceID, flags string, ok bool) {
	if len(h) < 55 || (len(h) > 55 && (h[:2] == "00" || h[55] != '-')) {
		return "", "", false
	}
	if h[2] != '-' || h[35] != '-' || h[52] != '-' || h[:2] == "ff" {
		return "", "", false
	}
	version, trace, parent, fl := h[:2], h[3:35], h[36:52], h[53:55]
	for _, part := range []string{version, trace, parent, fl} {
		if !isLowerHex(part) {
			return "", "", false
		}
	}
	if trace == strings.Repeat("0", 32) || parent == strings.Repeat("0", 16) {
		return "", "", false
	}
	return trace, fl, true
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ctxHandler adds the request id ("id") and the trace id ("trace_id") of the request being served to every log
// line written with its context, so that all the lines of one request can be found together: the request line,
// its errors, a panic.
type ctxHandler struct{ slog.Handler }

// withRequestIDs wraps h so that lines logged with a request's context carry its ids.
func withRequestIDs(h slog.Handler) slog.Handler {
	if _, done := h.(ctxHandler); done {
		return h
	}
	return ctxHandler{h}
}

// Handle adds the ids of the request in ctx, if any, then writes the line.
func (h ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	if ids, ok := ctx.Value(logIDsKey{}).(logIDs); ok {
		r = r.Clone()
		r.AddAttrs(slog.String("id", ids.request), slog.String("trace_id", ids.trace))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper around the handler with attributes.
func (h ctxHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return ctxHandler{h.Handler.WithAttrs(as)}
}

// WithGroup keeps the wrapper around the handler with a group.
func (h ctxHandler) WithGroup(name string) slog.Handler { return ctxHandler{h.Handler.WithGroup(name)} }
