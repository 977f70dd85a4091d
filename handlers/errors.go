package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// pageError is a refusal with a catalog message explaining it to a person.
type pageError struct {
	Status int
	Key    string // catalog key prefix: Key+".title", Key+".body"
	Err    error
}

func (e *pageError) Error() string {
	if e.Err != nil {
		return e.Key + ": " + e.Err.Error()
	}
	return e.Key
}

func (e *pageError) Unwrap() error { return e.Err }

func pageErr(status int, key string, err error) error {
	return &pageError{Status: status, Key: key, Err: err}
}

// errorHandler is the one place errors become responses: a plain-language page, or RFC 9457 problem
// details under /api/. Internal errors are logged with the request id and never shown.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var pr *problem
	if errors.As(err, &pr) {
		_ = writeProblem(c, pr)
		return
	}
	status := http.StatusInternalServerError
	key := "error.server"
	var pe *pageError
	var he *echo.HTTPError
	switch {
	case errors.Is(err, store.ErrBusy):
		// Another process held the database's write lock past the busy timeout: nothing was written, and the
		// same request will most likely go through in a few seconds. Say so, and when, rather than fail.
		s.Log.Warn("database busy", "id", c.Response().Header().Get(echo.HeaderXRequestID), "route", c.Path(), "err", err)
		c.Response().Header().Set("Retry-After", strconv.Itoa(busyRetryAfter))
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
			_ = writeProblem(c, &problem{Status: http.StatusServiceUnavailable, RetryAfter: busyRetryAfter, Detail: busyDetail})
			return
		}
		status, key = http.StatusServiceUnavailable, "error.busy"
	case errors.As(err, &pe):
		status, key = pe.Status, pe.Key
	case errors.As(err, &he):
		status = he.Code
		key = keyForStatus(status)
	}
	if status >= 500 && !errors.Is(err, store.ErrBusy) { // a busy database is logged above, as a warning
		s.Log.ErrorContext(c.Request().Context(), "request failed", "route", c.Path(), "err", err)
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		detail := apiDetail[status]
		if detail == "" {
			detail = plain.New("en", nil).T(key + ".body")
		}
		_ = writeProblem(c, &problem{Status: status, Detail: detail})
		return
	}
	locale := anonymousLocale(c)
	brandName := "vitrine"
	var l *plain.Localizer
	var brand *store.Brand
	if cc := currentCustomer(c); cc != nil {
		locale = s.customerLocale(c, cc)
		brand = &cc.Brand
		l = localizer(locale, cc.Brand)
	} else if r, ok := c.Get(refusalKey).(refusal); ok {
		locale, brand = r.locale, &r.brand
		l = localizer(locale, r.brand)
	} else {
		l = plain.New(locale, nil)
	}
	page := views.ErrorPage{
		Page:    views.Page{L: l, Nonce: nonce(c)},
		Status:  status,
		Heading: l.T(key + ".title"),
		Body:    l.T(key + ".body"),
	}
	if brand != nil {
		brandName = brand.Name
		page.Page.Theme = brandTheme(*brand)
		if strings.HasPrefix(key, "error.link_") || key == "error.signed_out" {
			// Say how to get a new link, in the brand's own words where it gave an address.
			page.Body = l.T(key+".body.brand", brand.Name)
			if u := safeDocURL(brand.PortalURL); u != "" {
				page.LinkURL, page.LinkText = u, l.T("error.link.portal", brand.Name)
			}
		}
	}
	page.Title, page.BrandName = page.Heading+" · "+brandName, brandName
	page.LangCode, page.LangSwitch = langSwitch(c, locale)
	page.LangLabel = plain.New(page.LangCode, nil).T("lang.name")
	if c.Request().Method == http.MethodHead {
		c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8) // as the GET's page would
		_ = c.NoContent(status)
		return
	}
	if err := Render(c, status, views.ErrorView(page)); err != nil {
		s.Log.ErrorContext(c.Request().Context(), "render error page", "err", err)
	}
}

// busyRetryAfter is the Retry-After, in seconds, of an answer to a request the busy database could not take.
const busyRetryAfter = 5

// busyDetail explains a 503 of the API.
const busyDetail = "The database is busy with other writes; nothing in this request was stored. Retry after the number of seconds in Retry-After: retries are safe."

// apiDetail explains the statuses the router itself produces on API paths.
var apiDetail = map[int]string{
	http.StatusNotFound:            "No such endpoint. See /api/v1/openapi.json for the API.",
	http.StatusMethodNotAllowed:    "This endpoint does not accept this method. See /api/v1/openapi.json.",
	http.StatusInternalServerError: "Something went wrong on our side; nothing in this request was stored. Retry it: retries are safe.",
}

func keyForStatus(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return "error.not_found"
	case http.StatusUnauthorized:
		return "error.unauthorized"
	case http.StatusForbidden:
		return "error.forbidden"
	case http.StatusBadRequest:
		return "error.bad_request"
	case http.StatusRequestEntityTooLarge:
		return "error.too_large"
	case http.StatusTooManyRequests:
		return "error.too_many"
	}
	if status >= 500 {
		return "error.server"
	}
	return "error.bad_request"
}
