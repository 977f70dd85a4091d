package handlers

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vitrine/ingest"
	"vitrine/store"
)

// apiRoutes are the routes routes.go registers under /api/v1, in OpenAPI path syntax.
var apiRoutes = []struct{ method, path string }{
	{http.MethodPost, "/api/v1/events"},
	{http.MethodPost, "/api/v1/sessions"},
	{http.MethodGet, "/api/v1/customers/{external_id}/usage"},
	{http.MethodPost, "/api/v1/customers/{external_id}/consents"},
	{http.MethodGet, "/api/v1/openapi.json"},
	{http.MethodGet, "/api/v1/event.schema.json"},
	{http.MethodGet, "/api/v1/customers/{external_id}/consents"},
	{http.MethodPost, "/api/v1/consents/check"},
	{http.MethodGet, "/api/v1/purposes/{slug}/excluded"},
	{http.MethodGet, "/api/v1/changes"},
	{http.MethodGet, "/api/v1/reviews"},
	{http.MethodPost, "/api/v1/reviews/{id}"},
	{http.MethodGet, "/api/v1/rights-requests"},
	{http.MethodPost, "/api/v1/rights-requests/{id}"},
}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

func TestOpenAPIVersionAndInfo(t *testing.T) {
	doc := loadOpenAPI(t)
	v, _ := doc["openapi"].(string)
	if !strings.HasPrefix(v, "3.") {
		t.Fatalf("openapi = %q, want 3.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] != "vitrine API" || info["version"] != "1" {
		t.Errorf("info = %v %v, want title \"vitrine API\" and version \"1\"", info["title"], info["version"])
	}
	schemes, _ := dig(doc, "components", "securitySchemes", "bearerAuth").(map[string]any)
	if schemes["type"] != "http" || schemes["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v, want an HTTP bearer scheme", schemes)
	}
}

func TestOpenAPIPathsCoverRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	paths, _ := doc["paths"].(map[string]any)
	for _, r := range apiRoutes {
		item, ok := paths[r.path].(map[string]any)
		if !ok {
			t.Errorf("paths has no %s", r.path)
			continue
		}
		if _, ok := item[strings.ToLower(r.method)].(map[string]any); !ok {
			t.Errorf("paths[%s] has no %s operation", r.path, r.method)
		}
	}

	// The hard-coded list above must stay in step with the router: every /api/v1 route it serves is listed.
	e := New(&Server{DB: sharedDB, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	param := regexp.MustCompile(`:([A-Za-z0-9_]+)`)
	served := 0
	for _, rt := range e.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/") || strings.HasPrefix(rt.Method, "echo_") { // echo_route_not_found: group catch-alls
			continue
		}
		served++
		path := param.ReplaceAllString(rt.Path, "{$1}")
		if !slices.ContainsFunc(apiRoutes, func(r struct{ method, path string }) bool { return r.method == rt.Method && r.path == path }) {
			t.Errorf("router serves %s %s, missing from apiRoutes (and maybe from openapi.json)", rt.Method, path)
		}
	}
	if served < len(apiRoutes) {
		t.Errorf("the router serves %d /api/v1 routes, apiRoutes lists %d: a route was removed, update both lists", served, len(apiRoutes))
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := loadOpenAPI(t)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "$ref" {
					refs = append(refs, s)
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if len(refs) == 0 {
		t.Fatal("no $ref found: the walk is broken")
	}
	for _, ref := range refs {
		if !strings.HasPrefix(ref, "#/components/") {
			t.Errorf("$ref %q does not point into #/components", ref)
			continue
		}
		var keys []string
		for _, k := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			keys = append(keys, strings.ReplaceAll(strings.ReplaceAll(k, "~1", "/"), "~0", "~"))
		}
		if dig(doc, keys...) == nil {
			t.Errorf("$ref %q resolves to nothing", ref)
		}
	}
}

// TestOpenAPISchemasMatchStructs checks that each schema lists exactly the JSON fields of the Go type the
// handlers encode, and for answers, that a field is required exactly when it is never omitted.
func TestOpenAPISchemasMatchStructs(t *testing.T) {
	doc := loadOpenAPI(t)
	cases := []struct {
		schema string
		typ    reflect.Type
		answer bool // encoded by the server: non-omitempty fields are always present, so required
	}{
		{"IngestAnswer", reflect.TypeOf(ingestAnswer{}), true},
		{"EventResult", reflect.TypeOf(eventResult{}), true},
		{"FieldError", reflect.TypeOf(ingest.FieldError{}), true},
		{"SessionRequest", reflect.TypeOf(sessionRequest{}), false},
		{"SessionAnswer", reflect.TypeOf(sessionAnswer{}), true},
		{"Usage", reflect.TypeOf(usageAnswer{}), true},
		{"UsageWindow", reflect.TypeOf(usageWindow{}), true},
		{"UsageSystem", reflect.TypeOf(usageSystem{}), true},
		{"UsagePurpose", reflect.TypeOf(usagePurpose{}), true},
		{"UsageCategory", reflect.TypeOf(usageCategory{}), true},
		{"UsageTraining", reflect.TypeOf(usageTraining{}), true},
		{"ConsentRequest", reflect.TypeOf(consentAPIRequest{}), false},
		{"ConsentAnswer", reflect.TypeOf(consentAPIAnswer{}), true},
		{"CustomerConsents", reflect.TypeOf(consentsAnswer{}), true},
		{"ConsentState", reflect.TypeOf(consentStateAnswer{}), true},
		{"ConsentCheckRequest", reflect.TypeOf(consentCheckRequest{}), false},
		{"ConsentCheck", reflect.TypeOf(consentCheck{}), false},
		{"ConsentCheckAnswer", reflect.TypeOf(consentCheckAnswer{}), true},
		{"ConsentCheckResult", reflect.TypeOf(consentCheckResult{}), true},
		{"Exclusion", reflect.TypeOf(exclusionLine{}), true},
		{"ExclusionEnd", reflect.TypeOf(exclusionEnd{}), true},
		{"Changes", reflect.TypeOf(changesAnswer{}), true},
		{"Change", reflect.TypeOf(changeItem{}), true},
		{"Reviews", reflect.TypeOf(reviewsAnswer{}), true},
		{"Review", reflect.TypeOf(store.ReviewChangeData{}), true},
		{"ReviewAnswerRequest", reflect.TypeOf(reviewAPIRequest{}), false},
		{"RightsRequestList", reflect.TypeOf(rightsAPIList{}), true},
		{"RightsRequest", reflect.TypeOf(rightsAPIItem{}), true},
		{"RightsStep", reflect.TypeOf(rightsAPIStep{}), true},
		{"RightsUpdateRequest", reflect.TypeOf(rightsAPIUpdate{}), false},
	}
	for _, tc := range cases {
		t.Run(tc.schema, func(t *testing.T) {
			schema, ok := dig(doc, "components", "schemas", tc.schema).(map[string]any)
			if !ok {
				t.Fatalf("components.schemas has no %s", tc.schema)
			}
			props, _ := schema["properties"].(map[string]any)
			required := map[string]bool{}
			if list, _ := schema["required"].([]any); list != nil {
				for _, r := range list {
					name, _ := r.(string)
					required[name] = true
					if _, ok := props[name]; !ok {
						t.Errorf("%s requires %q, which is not among its properties", tc.schema, name)
					}
				}
			}
			fields := jsonFields(tc.typ)
			if len(fields) == 0 {
				t.Fatalf("%s has no JSON fields", tc.typ)
			}
			for name, omitempty := range fields {
				if _, ok := props[name]; !ok {
					t.Errorf("%s.%s (from %s) is missing from the schema's properties", tc.schema, name, tc.typ)
					continue
				}
				if tc.answer && required[name] == omitempty {
					t.Errorf("%s.%s: required = %v, but the field is omitempty = %v", tc.schema, name, required[name], omitempty)
				}
			}
			for name := range props {
				if _, ok := fields[name]; !ok {
					t.Errorf("%s.%s is in the schema but %s has no such JSON field", tc.schema, name, tc.typ)
				}
			}
		})
	}
}

// TestOpenAPIServed checks that the document is served as JSON without an API key.
func TestOpenAPIServed(t *testing.T) {
	_, ts := newTestServer(t)
	res, err := http.Get(ts.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("served document is not JSON: %v", err)
	}
	if _, ok := doc["paths"].(map[string]any)["/api/v1/events"]; !ok {
		t.Errorf("served document has no /api/v1/events path")
	}
}

// jsonFields maps each JSON field name of a struct type to whether it is omitempty.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = slices.Contains(strings.Split(opts, ","), "omitempty")
	}
	return out
}

// dig follows keys (object members, or array indexes) through decoded JSON; nil when a step is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
