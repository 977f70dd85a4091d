package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"
)

const echartsBundle = "vendor/echarts/echarts.min.js"

// serve sends one request through Handler and returns the recorded response.
func serve(t testing.TB, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec
}

// hashOf is the fingerprint expected for the file at name on disk.
func hashOf(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:10]
}

func TestPath(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"js/charts.js", "/static/js/charts." + hashOf(t, "js/charts.js") + ".js"},
		{"js/embed-resize.js", "/static/js/embed-resize." + hashOf(t, "js/embed-resize.js") + ".js"},
		{"js/embed-child.js", "/static/js/embed-child." + hashOf(t, "js/embed-child.js") + ".js"},
		{"css/app.css", "/static/css/app." + hashOf(t, "css/app.css") + ".css"},
		{echartsBundle, "/static/vendor/echarts/echarts.min." + hashOf(t, echartsBundle) + ".js"},
		{"vendor/echarts/LICENSE", "/static/vendor/echarts/LICENSE." + hashOf(t, "vendor/echarts/LICENSE")},
		{"js/missing.js", "/static/js/missing.js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Path(tt.name); got != tt.want {
				t.Errorf("Path(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestServeFingerprinted(t *testing.T) {
	tests := []struct {
		name  string
		ctype string
	}{
		{"js/charts.js", "text/javascript; charset=utf-8"},
		{"js/embed-resize.js", "text/javascript; charset=utf-8"},
		{"js/embed-child.js", "text/javascript; charset=utf-8"},
		{"css/app.css", "text/css; charset=utf-8"},
		{echartsBundle, "text/javascript; charset=utf-8"},
		{"vendor/echarts/LICENSE", "text/plain; charset=utf-8"},
		{"vendor/echarts/NOTICE", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := os.ReadFile(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			rec := serve(t, http.MethodGet, Path(tt.name), nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			h := rec.Header()
			checks := map[string]string{
				"Content-Type":           tt.ctype,
				"Cache-Control":          "public, max-age=31536000, immutable",
				"X-Content-Type-Options": "nosniff",
				"Content-Encoding":       "",
			}
			for k, v := range checks {
				if got := h.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if h.Get("ETag") == "" {
				t.Error("no ETag")
			}
			if !bytes.Equal(rec.Body.Bytes(), want) {
				t.Error("body differs from the file on disk")
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	charts := Path("js/charts.js")
	stale := strings.Replace(charts, hashOf(t, "js/charts.js"), "0123456789", 1)
	otherHash := strings.Replace(charts, hashOf(t, "js/charts.js"), hashOf(t, "css/app.css"), 1)
	tests := []struct {
		name   string
		target string
	}{
		{"unfingerprinted", "/static/js/charts.js"},
		{"unfingerprinted vendor", "/static/vendor/echarts/echarts.min.js"},
		{"stale fingerprint", stale},
		{"another file's fingerprint", otherHash},
		{"upper-case fingerprint", strings.Replace(charts, hashOf(t, "js/charts.js"), strings.ToUpper(hashOf(t, "js/charts.js")), 1)},
		{"fingerprint with suffix", charts + "x"},
		{"directory", "/static/js/"},
		{"root", "/static/"},
		{"build recipe not served", "/static/vendor/echarts/entry.js"},
		{"build script not served", "/static/vendor/echarts/build.sh"},
		{"go source not served", "/static/static.go"},
		{"dot-dot", "/static/../static.go"},
		{"dot-dot inside", "/static/js/../static.go"},
		{"dot-dot to fingerprinted", "/static/css/../" + strings.TrimPrefix(charts, "/static/")},
		{"encoded dot-dot", "/static/%2e%2e/static.go"},
		{"encoded slash", "/static/js%2f..%2f..%2fstatic.go"},
		{"double slash", "/static//" + strings.TrimPrefix(charts, "/static/")},
		{"backslash", "/static/js\\..\\static.go"},
		{"absolute", "/static//etc/passwd"},
		{"dot segment", "/static/./" + strings.TrimPrefix(charts, "/static/")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, http.MethodGet, tt.target, nil)
			if rec.Code != http.StatusNotFound {
				t.Errorf("GET %s: status = %d, want 404", tt.target, rec.Code)
			}
			if got := rec.Header().Get("Cache-Control"); got != "" {
				t.Errorf("404 has Cache-Control %q", got)
			}
		})
	}
}

func TestGzip(t *testing.T) {
	tests := []struct {
		name           string
		file           string
		acceptEncoding string
		wantGzip       bool
	}{
		{"gzip", "js/charts.js", "gzip", true},
		{"browser list", echartsBundle, "gzip, deflate, br, zstd", true},
		{"x-gzip", "js/charts.js", "x-gzip", true},
		{"star", "js/charts.js", "*", true},
		{"q weight", "js/charts.js", "br;q=1.0, gzip;q=0.8", true},
		{"refused", "js/charts.js", "gzip;q=0", false},
		{"refused with star", "js/charts.js", "gzip;q=0, *", false},
		{"none", "js/charts.js", "", false},
		{"identity", echartsBundle, "identity", false},
		{"other only", "js/charts.js", "br", false},
		{"too small to gain", "img/favicon.svg", "gzip", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var hdr map[string]string
			if tt.acceptEncoding != "" {
				hdr = map[string]string{"Accept-Encoding": tt.acceptEncoding}
			}
			rec := serve(t, http.MethodGet, Path(tt.file), hdr)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			gotGzip := rec.Header().Get("Content-Encoding") == "gzip"
			if gotGzip != tt.wantGzip {
				t.Fatalf("Content-Encoding = %q, want gzip: %v", rec.Header().Get("Content-Encoding"), tt.wantGzip)
			}
			if tt.file != "img/favicon.svg" && rec.Header().Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", rec.Header().Get("Vary"))
			}
			body := rec.Body.Bytes()
			if gotGzip {
				if len(body) != GzipSize(tt.file) {
					t.Errorf("gzip body is %d bytes, GzipSize says %d", len(body), GzipSize(tt.file))
				}
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(body, want) {
				t.Error("body does not match the original file")
			}
		})
	}
}

func TestConditionalAndMethods(t *testing.T) {
	p := Path("js/charts.js")
	plain := serve(t, http.MethodGet, p, nil).Header().Get("ETag")
	gz := serve(t, http.MethodGet, p, map[string]string{"Accept-Encoding": "gzip"}).Header().Get("ETag")
	if plain == gz {
		t.Fatalf("identity and gzip share ETag %s", plain)
	}
	tests := []struct {
		name     string
		method   string
		header   map[string]string
		wantCode int
		wantBody bool
	}{
		{"if-none-match", http.MethodGet, map[string]string{"If-None-Match": plain}, http.StatusNotModified, false},
		{"if-none-match gzip", http.MethodGet, map[string]string{"If-None-Match": gz, "Accept-Encoding": "gzip"}, http.StatusNotModified, false},
		{"if-none-match other", http.MethodGet, map[string]string{"If-None-Match": `"nope"`}, http.StatusOK, true},
		{"head", http.MethodHead, nil, http.StatusOK, false},
		{"post", http.MethodPost, nil, http.StatusMethodNotAllowed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, tt.method, p, tt.header)
			if rec.Code != tt.wantCode {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantCode)
			}
			if got := rec.Body.Len() > 0; got != tt.wantBody {
				t.Errorf("body present = %v, want %v", got, tt.wantBody)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", got)
			}
		})
	}
}

func TestStrippedPrefix(t *testing.T) {
	h := http.StripPrefix("/static", Handler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Path("js/charts.js"), nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
}

func TestBudget(t *testing.T) {
	const maxGzip = 200 * 1024
	raw, err := os.ReadFile(echartsBundle)
	if err != nil {
		t.Fatal(err)
	}
	gz := GzipSize(echartsBundle)
	t.Logf("%s: %d bytes raw, %d bytes gzip", echartsBundle, len(raw), gz)
	if gz <= 0 || gz >= maxGzip {
		t.Errorf("%s gzip size = %d, want under %d", echartsBundle, gz, maxGzip)
	}
	if got := GzipSize("js/nope.js"); got != -1 {
		t.Errorf("GzipSize(unknown) = %d, want -1", got)
	}
}

func TestAssetsPresent(t *testing.T) {
	for _, name := range []string{"js/charts.js", "js/embed-resize.js", "js/embed-child.js", "css/app.css", echartsBundle, "vendor/echarts/LICENSE", "vendor/echarts/NOTICE"} {
		if Path(name) == "/static/"+name {
			t.Errorf("%s is not embedded", name)
		}
	}
}

// TestNoThirdParty guards the privacy promise: no script or stylesheet we
// serve names a remote URL.
func TestNoThirdParty(t *testing.T) {
	for name, a := range byName {
		switch path.Ext(name) {
		case ".js", ".css":
		default:
			continue
		}
		s := strings.ReplaceAll(string(a.body), "http://www.w3.org/", "")
		for _, bad := range []string{"http://", "https://", "//cdn"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

func BenchmarkHandlerGzip(b *testing.B) {
	h := Handler()
	req := httptest.NewRequest(http.MethodGet, Path(echartsBundle), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.SetBytes(int64(GzipSize(echartsBundle)))
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
