package handlers

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The OpenAPI document, loaded and routed once for every test server.
var (
	apiSpecOnce   sync.Once
	apiSpec       *openapi3.T
	apiSpecRouter routers.Router
	apiSpecErr    error
)

// loadAPISpec parses and validates openapi.json with kin-openapi, and builds the router that finds the operation
// of a request.
func loadAPISpec() (*openapi3.T, routers.Router, error) {
	apiSpecOnce.Do(func() {
		// kin-openapi has no decoder for NDJSON by default: an NDJSON request body is documented as a string, and
		// an NDJSON answer by the schema of its lines, each of which must fit it.
		openapi3filter.RegisterBodyDecoder("application/x-ndjson", ndjsonBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/ndjson", ndjsonBodyDecoder)
		doc, err := openapi3.NewLoader().LoadFromData(openAPIDoc)
		if err != nil {
			apiSpecErr = fmt.Errorf("openapi.json does not load: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			apiSpecErr = fmt.Errorf("openapi.json is not a valid OpenAPI document: %w", err)
			return
		}
		apiSpec = doc
		apiSpecRouter, apiSpecErr = gorillamux.NewRouter(doc)
	})
	return apiSpec, apiSpecRouter, apiSpecErr
}

// ndjsonBodyDecoder reads an NDJSON body: as one string when the document says string (request bodies, whose
// lines the server checks itself), otherwise line by line, each line checked against the schema; it then
// returns the last line, which the validator checks again.
func ndjsonBodyDecoder(body io.Reader, h http.Header, schema *openapi3.SchemaRef, enc openapi3filter.EncodingFn) (any, error) {
	if schema == nil || schema.Value == nil || schema.Value.Type.Is("string") {
		return openapi3filter.FileBodyDecoder(body, h, schema, enc)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	var last any
	for i, line := range bytes.Split(raw, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v any
		if err := json.Unmarshal(line, &v); err != nil {
			return nil, fmt.Errorf("NDJSON line %d is not JSON: %w", i+1, err)
		}
		if err := schema.Value.VisitJSON(v); err != nil {
			return nil, fmt.Errorf("NDJSON line %d does not fit the schema: %w", i+1, err)
		}
		last = v
	}
	return last, nil
}

// validateAPI serves h and checks every request under /api/ and its answer against openapi.json, failing t on
// any mismatch, so that the document and the server cannot drift apart: every handler test that calls the API
// through a test server (newTestServer, newIsolatedServer) is also a test of the document.
//   - A request that openapi.json has no operation for must be refused by the router itself (404 or 405);
//     anything else means an endpoint is served but not documented.
//   - A request that does not match the document must be refused (4xx).
//   - Every answer must match the document: its status is listed for the operation, its body fits the schema.
func validateAPI(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	if _, _, err := loadAPISpec(); err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			h.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("%s %s: reading the request body: %v", r.Method, r.URL.Path, err)
		}
		seen := r.Clone(r.Context()) // the router may rewrite r (a trailing slash), the document sees it as sent
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if msg := checkAgainstSpec(seen, body, rec.Result()); msg != "" {
			t.Errorf("%s", msg)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// checkAgainstSpec returns what in a request and its answer openapi.json does not describe, or "".
func checkAgainstSpec(req *http.Request, body []byte, res *http.Response) string {
	_, router, _ := loadAPISpec()
	respBody, _ := io.ReadAll(res.Body)
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(respBody))
		if err != nil {
			return fmt.Sprintf("%s %s: the answer says gzip but is not: %v", req.Method, req.URL.Path, err)
		}
		respBody, _ = io.ReadAll(zr)
	}
	call := fmt.Sprintf("%s %s → %d", req.Method, req.URL.Path, res.StatusCode)
	if req.Method == http.MethodHead || req.Method == http.MethodOptions {
		return "" // answered like GET without a body, or with Allow: the document describes neither
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(req)
	if err != nil {
		if refusedByRouter(res, respBody) {
			return ""
		}
		what := "no path matching " + req.URL.Path
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			what = "no " + req.Method + " operation on the path matching " + req.URL.Path
		}
		return fmt.Sprintf("%s: handlers/openapi.json has %s, but the server serves it: document the endpoint (path, method, "+
			"parameters, request body and every answer) in handlers/openapi.json", call, what)
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: bearerSent},
	}
	var problems []string
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && (res.StatusCode < 400 || res.StatusCode >= 500) && !rejectedEvents(route, res, respBody) {
		problems = append(problems, fmt.Sprintf("the request does not match openapi.json, yet the server did not refuse it: %v", err))
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	out.SetBodyBytes(respBody)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		problems = append(problems, fmt.Sprintf("the answer does not match openapi.json (operation %s): %v\nanswer: %.300s", route.Operation.OperationID, err, respBody))
	}
	if len(problems) == 0 {
		return ""
	}
	return call + ": " + strings.Join(problems, "\n")
}

// rejectedEvents reports whether a batch the document refuses was answered as createEvents documents it: event
// by event, in a 200 whose results reject at least one.
func rejectedEvents(route *routers.Route, res *http.Response, body []byte) bool {
	var a ingestAnswer
	return route.Operation.OperationID == "createEvents" && res.StatusCode == http.StatusOK &&
		json.Unmarshal(body, &a) == nil && a.Rejected > 0
}

// refusedByRouter reports whether the answer is the router's own 404 or 405 problem, which an undocumented path
// or method must get.
func refusedByRouter(res *http.Response, body []byte) bool {
	var p struct{ Detail string }
	_ = json.Unmarshal(body, &p)
	switch res.StatusCode {
	case http.StatusNotFound:
		return p.Detail == apiDetail[http.StatusNotFound]
	case http.StatusMethodNotAllowed:
		return p.Detail == apiDetail[http.StatusMethodNotAllowed] && res.Header.Get("Allow") != ""
	}
	return false
}

// bearerSent is the document's bearerAuth (or an agent's OAuth token, sent the same way) as a client sees it: an "Authorization: Bearer …" header is sent.
// Whether the key is good is the server's business, answered 401.
func bearerSent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "bearerAuth" && in.SecuritySchemeName != "agentOAuth" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	if bearer := in.RequestValidationInput.Request.Header.Get("Authorization"); !strings.HasPrefix(strings.ToLower(bearer), "bearer ") {
		return errors.New("no Authorization: Bearer header")
	}
	return nil
}
