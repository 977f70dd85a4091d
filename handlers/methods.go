package handlers

import (
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// routeTable knows which method and route pattern pairs the product really serves. Echo answers 405 only when
// nothing else matches a path, but every group with middleware adds a catch-all route that does, and runs the
// group's middleware first: without this table an unknown method on /api/v1/events asked for an API key, and an
// unknown API path too. The table is built at the first request, once every route is registered.
type routeTable struct {
	e    *echo.Echo
	once sync.Once
	real map[string]bool // "METHOD /pattern"
}

// methodsTried are the methods an Allow header can list; HEAD is listed wherever GET is.
var methodsTried = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

func (t *routeTable) serves(method, pattern string) bool {
	t.once.Do(func() {
		t.real = map[string]bool{}
		for _, r := range t.e.Routes() {
			if !strings.HasPrefix(r.Method, "echo_") { // echo_route_not_found: the groups' catch-alls
				t.real[r.Method+" "+r.Path] = true
			}
		}
	})
	return t.real[method+" "+pattern]
}

// match reports whether a real route serves method on the request's path.
func (t *routeTable) match(req *http.Request, method string) bool {
	c := t.e.NewContext(req, nil)
	t.e.Router().Find(method, echo.GetPath(req), c)
	return t.serves(method, c.Path())
}

const headKey = "head-as-get"

// headAsGet serves HEAD wherever GET is served, on every page and the API. Echo routes on the method of the
// request as it came in, so the method is GET while the router looks, and HEAD again (restoreHead) before any
// handler runs: the HTTP server, which reads the method when the body is written, then sends the headers alone.
func (t *routeTable) headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method == http.MethodHead && t.match(req, http.MethodGet) {
			req.Method = http.MethodGet
			c.Set(headKey, true)
		}
		return next(c)
	}
}

// restoreHead gives a HEAD request routed as a GET its own method back; see headAsGet.
func restoreHead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Get(headKey) != nil {
			c.Request().Method = http.MethodHead
		}
		return next(c)
	}
}

// allowMethods runs after routing and before any group's middleware. A request that reached a catch-all gets
// 405 with the Allow header when the path is served with other methods (OPTIONS gets 204 and the same header),
// and an unknown path under /api/ gets its 404 problem before any key is asked for. Other unknown paths go on to
// the catch-all, which answers them as before.
func (t *routeTable) allowMethods(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if t.serves(req.Method, c.Path()) || c.Get(headKey) != nil {
			return next(c)
		}
		var allow []string
		for _, m := range methodsTried {
			if t.match(req, m) {
				allow = append(allow, m)
				if m == http.MethodGet {
					allow = append(allow, http.MethodHead)
				}
			}
		}
		switch {
		case len(allow) > 0:
			c.Response().Header().Set(echo.HeaderAllow, strings.Join(append(allow, http.MethodOptions), ", "))
			if req.Method == http.MethodOptions {
				return c.NoContent(http.StatusNoContent)
			}
			return echo.ErrMethodNotAllowed
		case strings.HasPrefix(req.URL.Path, "/api/"):
			return echo.ErrNotFound
		}
		return next(c)
	}
}
