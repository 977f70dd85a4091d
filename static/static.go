// Package static embeds vitrine's CSS, JavaScript and vendored libraries so that every asset is served from our own binary and no page ever calls a third party.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// files holds the served assets. From vendor/ only the built files and their
// licenses are embedded: the build recipe (entry.js, package*.json, build.sh)
// is not served, and a node_modules left there by hand can never be embedded.
//
//go:embed css js img vendor/*/*.min.js vendor/*/LICENSE* vendor/*/NOTICE
var files embed.FS

// prefix is the URL path under which Handler is mounted.
const prefix = "/static/"

// cacheControl is sent with every asset: a fingerprinted URL never changes
// content, so browsers may keep it for a year without revalidating.
const cacheControl = "public, max-age=31536000, immutable"

// asset is one embedded file, ready to serve.
type asset struct {
	name   string // embedded name, e.g. "js/charts.js"
	public string // fingerprinted name under prefix, e.g. "js/charts.3fa2b91c0d.js"
	ctype  string
	etag   string // strong ETag of the identity body
	body   []byte
	gz     []byte // gzip body; nil when gzip would not make it smaller
	gzSize int    // gzip size, whether or not gz is served
}

var (
	byName   = map[string]*asset{} // embedded name -> asset
	byPublic = map[string]*asset{} // fingerprinted name -> asset
)

func init() {
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		gz := compress(body)
		a := &asset{
			name:   name,
			public: fingerprint(name, hash),
			ctype:  contentType(name),
			etag:   `"` + hash + `"`,
			body:   body,
			gzSize: len(gz),
		}
		// Serve gzip only where it saves something worth a decompression.
		if len(gz) < len(body)*9/10 {
			a.gz = gz
		}
		byName[name] = a
		byPublic[a.public] = a
		return nil
	})
	if err != nil {
		panic("static: reading embedded assets: " + err.Error())
	}
}

// fingerprint inserts hash before the last extension of name:
// "js/charts.js" -> "js/charts.<hash>.js", "vendor/echarts/LICENSE" ->
// "vendor/echarts/LICENSE.<hash>".
func fingerprint(name, hash string) string {
	ext := path.Ext(name)
	if ext == path.Base(name) { // dotfile-like name: no extension
		ext = ""
	}
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// compress gzips b at the best compression level. It runs once per asset at
// init, so the level costs nothing per request.
func compress(b []byte) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		panic("static: " + err.Error())
	}
	if _, err := zw.Write(b); err != nil {
		panic("static: " + err.Error())
	}
	if err := zw.Close(); err != nil {
		panic("static: " + err.Error())
	}
	return buf.Bytes()
}

// contentType picks the Content-Type of an asset from its extension.
func contentType(name string) string {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".txt", "":
		// LICENSE and NOTICE files have no extension.
		return "text/plain; charset=utf-8"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// Path returns the public, fingerprinted URL of the embedded asset name
// (relative to the static directory), e.g.
// Path("js/charts.js") == "/static/js/charts.3fa2b91c0d.js".
// For an unknown name it returns "/static/"+name, which Handler answers
// with 404.
func Path(name string) string {
	if a, ok := byName[name]; ok {
		return prefix + a.public
	}
	return prefix + name
}

// GzipSize reports the gzipped size in bytes of the embedded asset name
// (compressed at the best level, as served), for budget tests and
// benchmarks. It returns -1 for an unknown name.
func GzipSize(name string) int {
	if a, ok := byName[name]; ok {
		return a.gzSize
	}
	return -1
}

// Handler serves "/static/*" requests. Only the exact fingerprinted names
// returned by Path resolve: an unfingerprinted or stale name, or any other
// path, is 404. Responses carry a Content-Type by extension, a year-long
// immutable Cache-Control, a strong ETag (If-None-Match gives 304) and
// X-Content-Type-Options: nosniff; a gzip body, compressed once at init, is
// sent when Accept-Encoding allows it. Only GET and HEAD are allowed.
//
// The handler accepts request paths with the "/static/" prefix (as routed by
// echo.WrapHandler on "/static/*") or with it already stripped.
func Handler() http.Handler { return handler{} }

type handler struct{}

func (handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")

	p := r.URL.Path
	if strings.HasPrefix(p, prefix) {
		p = p[len(prefix):]
	} else {
		p = strings.TrimPrefix(p, "/")
	}
	a, ok := byPublic[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}

	body, etag := a.body, a.etag
	if a.gz != nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			body = a.gz
			// A different representation needs its own strong ETag.
			etag = strings.TrimSuffix(a.etag, `"`) + `-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match, HEAD and Range requests.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether Accept-Encoding header values allow gzip:
// "gzip" (or "x-gzip") with a non-zero q, or "*" with a non-zero q when gzip
// is not listed.
func acceptsGzip(values []string) bool {
	star := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			q := 1.0
			for _, param := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(param), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil {
						f = 0
					}
					q = f
				}
			}
			switch coding {
			case "gzip", "x-gzip":
				return q > 0
			case "*":
				star = q > 0
			}
		}
	}
	return star
}

// Content returns the bytes of an embedded asset, for the few files that must also be served under a stable
// name (the resize script brands copy into their pages).
func Content(name string) ([]byte, bool) {
	a, ok := byName[name]
	if !ok {
		return nil, false
	}
	return a.body, true
}
