package handlers

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestCompress checks what the browser gets back through the gzip middleware: big pages compressed and intact,
// small answers and clients that don't ask left alone, and error and panic pages still readable.
func TestCompress(t *testing.T) {
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e := echo.New()
	e.HTTPErrorHandler = s.errorHandler
	e.Use(s.recoverPanics)
	g := e.Group("", compress())
	big := strings.Repeat("<p>Your purchase history was used to suggest products.</p>\n", 200)
	g.GET("/big", func(c echo.Context) error { return c.HTML(http.StatusOK, big) })
	g.GET("/small", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	g.GET("/fails", func(c echo.Context) error { return errors.New("database is gone") })
	g.GET("/missing", func(c echo.Context) error { return &pageError{Status: http.StatusNotFound, Key: "error.not_found"} })
	g.GET("/panics", func(c echo.Context) error { panic("boom") })

	tests := []struct {
		path, accept string
		status       int
		gzipped      string // "yes", "no", or "any" for error pages, which sit near the 1 KB threshold
		contains     string
	}{
		{"/big", "gzip", 200, "yes", "suggest products"},
		{"/big", "", 200, "no", "suggest products"},
		{"/big", "br", 200, "no", "suggest products"},
		{"/small", "gzip", 200, "no", "ok"},
		{"/fails", "gzip", 500, "any", "</html>"},
		{"/missing", "gzip", 404, "any", "</html>"},
		{"/panics", "gzip", 500, "any", "</html>"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.accept, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			body := rec.Body.Bytes()
			gzipped := rec.Header().Get("Content-Encoding") == "gzip"
			if tt.gzipped != "any" && gzipped != (tt.gzipped == "yes") {
				t.Fatalf("gzipped %v, want %s (headers %v)", gzipped, tt.gzipped, rec.Header())
			}
			if gzipped {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatalf("not gzip: %v", err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatalf("truncated gzip: %v", err)
				}
				if tt.path == "/big" && rec.Body.Len() > len(big)/10 {
					t.Errorf("compressed to %d of %d bytes", rec.Body.Len(), len(big))
				}
			}
			if !strings.Contains(string(body), tt.contains) {
				t.Errorf("body lacks %q: %.200s", tt.contains, body)
			}
			if tt.path == "/big" && tt.accept == "" && string(body) != big {
				t.Errorf("uncompressed body altered")
			}
		})
	}
}
