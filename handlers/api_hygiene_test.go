package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"vitrine/seed"
)

// TestMethodsAndUnknownPaths checks what a client gets for a method a path does not take (405 and the methods it
// does take, in Allow), and for an API path that does not exist (404 problem, even without a key).
func TestMethodsAndUnknownPaths(t *testing.T) {
	_, ts := newTestServer(t)
	cases := []struct {
		method, path string
		status       int
		allow        string
		problem      bool
	}{
		{http.MethodGet, "/api/v1/events", 405, "POST, OPTIONS", true},
		{http.MethodDelete, "/api/v1/customers/C-1001/consents", 405, "GET, HEAD, POST, OPTIONS", true},
		{http.MethodPost, "/api/v1/openapi.json", 405, "GET, HEAD, OPTIONS", true},
		{http.MethodHead, "/api/v1/events", 405, "POST, OPTIONS", true},
		{http.MethodOptions, "/api/v1/events", 204, "POST, OPTIONS", false},
		{http.MethodGet, "/api/v1/nowhere", 404, "", true},
		{http.MethodPost, "/api/v1/customers/C-1001/usage/more", 404, "", true},
		{http.MethodGet, "/api/v2/events", 404, "", true},
		{http.MethodPut, "/me/consents", 405, "GET, HEAD, POST, OPTIONS", false},
		{http.MethodPost, "/healthz", 405, "GET, HEAD, OPTIONS", false},
		{http.MethodDelete, "/staff/login", 405, "GET, HEAD, POST, OPTIONS", false},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, ts.URL+c.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %.200s", res.StatusCode, c.status, body)
			}
			if got := res.Header.Get("Allow"); got != c.allow {
				t.Errorf("Allow %q, want %q", got, c.allow)
			}
			if !c.problem {
				return
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			if c.method == http.MethodHead {
				return
			}
			var p struct {
				Status int
				Detail string
			}
			if err := json.Unmarshal(body, &p); err != nil || p.Status != c.status || p.Detail == "" {
				t.Errorf("problem %s: want status %d and a detail", body, c.status)
			}
		})
	}
}

// TestHeadWhereGet checks that HEAD answers as GET does, without the body, on pages, files and the API.
func TestHeadWhereGet(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, page := get(t, camille, ts.URL+"/me")
	css := between(page, `href="/static/`, `"`)
	if css == "" {
		t.Fatal("no stylesheet link on /me")
	}
	cases := []struct {
		name, path string
		c          *http.Client
		header     []string
	}{
		{"health", "/healthz", http.DefaultClient, nil},
		{"openapi", "/api/v1/openapi.json", http.DefaultClient, nil},
		{"usage", "/api/v1/customers/" + seed.CamilleID + "/usage", http.DefaultClient, []string{"Authorization", "Bearer " + key}},
		{"usage without key", "/api/v1/customers/" + seed.CamilleID + "/usage", http.DefaultClient, nil},
		{"customer page", "/me", camille, nil},
		{"signed out", "/me", client(t), nil},
		{"registry", "/brands/" + seed.BrandMaison + "/ai.json", http.DefaultClient, nil},
		{"static file", "/static/" + css, http.DefaultClient, nil},
		{"staff sign-in", "/staff/login", client(t), nil},
		{"missing page", "/nowhere", http.DefaultClient, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			do := func(method string) (*http.Response, []byte) {
				req, _ := http.NewRequest(method, ts.URL+c.path, nil)
				for i := 0; i+1 < len(c.header); i += 2 {
					req.Header.Set(c.header[i], c.header[i+1])
				}
				res, err := c.c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res, b
			}
			g, gbody := do(http.MethodGet)
			h, hbody := do(http.MethodHead)
			if h.StatusCode != g.StatusCode {
				t.Fatalf("HEAD %d, GET %d", h.StatusCode, g.StatusCode)
			}
			if h.Header.Get("Content-Type") != g.Header.Get("Content-Type") {
				t.Errorf("HEAD Content-Type %q, GET %q", h.Header.Get("Content-Type"), g.Header.Get("Content-Type"))
			}
			if len(hbody) != 0 {
				t.Errorf("HEAD sent a body of %d bytes", len(hbody))
			}
			if len(gbody) == 0 && g.StatusCode != http.StatusSeeOther {
				t.Errorf("GET sent no body: the comparison proves nothing")
			}
		})
	}
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	out, _, _ := strings.Cut(rest, to)
	return out
}

// TestAPIRateLimitUnverifiedBearers checks that made-up keys are limited per address, with 429 and Retry-After,
// and that a brand's key sent from that same address keeps its own allowance meanwhile.
func TestAPIRateLimitUnverifiedBearers(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.APIRate, s.APIBurst = 0.5, 5 })
	key := apiKey(t, s, seed.BrandMaison)
	usage := ts.URL + "/api/v1/customers/" + seed.CamilleID + "/usage"
	if st, _, raw := apiDo(t, http.MethodGet, usage, key, "", nil); st != http.StatusOK {
		t.Fatalf("first use of the key: %d %s", st, raw)
	}
	counts := map[int]int{}
	var retryAfter string
	for i := range 80 {
		st, h, _ := apiDo(t, http.MethodGet, usage, fmt.Sprintf("vtr_random%02d", i), "", nil)
		counts[st]++
		if st == http.StatusTooManyRequests {
			retryAfter = h.Get("Retry-After")
		}
	}
	// The address had 5 requests in its burst, one spent by the key's first, unverified use.
	if counts[http.StatusUnauthorized] != 4 || counts[http.StatusTooManyRequests] != 76 || retryAfter == "" {
		t.Fatalf("80 random bearers: %v, Retry-After %q; want 4 × 401 then 429s with Retry-After", counts, retryAfter)
	}
	if st, _, _ := apiDo(t, http.MethodGet, usage, "", "", nil); st != http.StatusTooManyRequests {
		t.Errorf("no key from the flooded address: %d, want 429", st)
	}
	// The key spent 1 of its 5: 4 more pass, then its own limit answers.
	var got []int
	for range 5 {
		st, _, _ := apiDo(t, http.MethodGet, usage, key, "", nil)
		got = append(got, st)
	}
	if fmt.Sprint(got) != "[200 200 200 200 429]" {
		t.Fatalf("the brand's key from the flooded address: %v, want 4 × 200 then its own 429", got)
	}
}

// TestAPIConsentPreviousState checks the guard against overwriting a newer choice, and that leaving
// previous_state out records the choice without the check.
func TestAPIConsentPreviousState(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	url := ts.URL + "/api/v1/customers/" + seed.CamilleID + "/consents"
	steps := []struct {
		name, body string
		status     int
		state      string
	}{
		{"no previous_state: recorded", `{"purpose":"model-training","state":"refused"}`, 201, "refused"},
		{"stale previous_state: refused", `{"purpose":"model-training","state":"granted","previous_state":"granted"}`, 409, ""},
		{"same as previous_state: refused", `{"purpose":"model-training","state":"refused","previous_state":"refused"}`, 409, ""},
		{"right previous_state: recorded", `{"purpose":"model-training","state":"granted","previous_state":"refused"}`, 201, "granted"},
		{"no previous_state, same state: recorded again", `{"purpose":"model-training","state":"granted"}`, 201, "granted"},
		{"no previous_state, bad state", `{"purpose":"model-training","state":"maybe"}`, 422, ""},
	}
	for _, st := range steps {
		status, _, raw := apiDo(t, http.MethodPost, url, key, "application/json", []byte(st.body))
		if status != st.status {
			t.Fatalf("%s: status %d, want %d: %s", st.name, status, st.status, raw)
		}
		if st.state == "" {
			continue
		}
		var a consentAPIAnswer
		if err := json.Unmarshal(raw, &a); err != nil || a.State != st.state || a.Method != "api" || a.ReceiptID == "" {
			t.Errorf("%s: answer %s", st.name, raw)
		}
	}
}

// TestOpenAPIDocumentLints loads openapi.json with kin-openapi and validates it as an OpenAPI document.
func TestOpenAPIDocumentLints(t *testing.T) {
	doc, _, err := loadAPISpec()
	if err != nil {
		t.Fatal(err)
	}
	events := doc.Paths.Find("/api/v1/events").Post.RequestBody.Value.Content.Get("application/json").Schema
	if events.Ref != "#/components/schemas/EventBatch" {
		t.Errorf("createEvents takes %q, want the one EventBatch schema (a oneOf makes generated clients send {})", events.Ref)
	}
}

// TestSpecValidationCatchesDrift checks that the validation every API test goes through fails on what it must:
// an endpoint served but not documented (naming the path and method), an answer unlike the document, and an
// invalid request the server accepted.
func TestSpecValidationCatchesDrift(t *testing.T) {
	if _, _, err := loadAPISpec(); err != nil {
		t.Fatal(err)
	}
	answer := func(status int, ct, body string) *http.Response {
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", ct)
		rec.WriteHeader(status)
		rec.WriteString(body)
		return rec.Result()
	}
	request := func(method, path, body string) *http.Request {
		r := httptest.NewRequest(method, "http://vitrine.test"+path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer vtr_x")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return r
	}
	usage := `{"customer":"C-1001"}`
	cases := []struct {
		name string
		req  *http.Request
		res  *http.Response
		want string // "" when the exchange matches the document
	}{
		{"undocumented path", request("GET", "/api/v1/widgets", ""), answer(200, "application/json", `{"items":[]}`),
			"handlers/openapi.json has no path matching /api/v1/widgets, but the server serves it"},
		{"undocumented method", request("DELETE", "/api/v1/customers/C-1001/consents", ""), answer(200, "application/json", `{}`),
			"handlers/openapi.json has no DELETE operation on the path matching /api/v1/customers/C-1001/consents"},
		{"undocumented, refused by the router", request("GET", "/api/v1/widgets", ""),
			answer(404, "application/problem+json", `{"status":404,"detail":"`+apiDetail[404]+`"}`), ""},
		{"undocumented status", request("GET", "/api/v1/customers/C-1001/usage", ""), answer(409, "application/problem+json", `{"status":409}`),
			"status is not supported"},
		{"answer unlike its schema", request("GET", "/api/v1/customers/C-1001/usage", ""), answer(200, "application/json", usage),
			"the answer does not match openapi.json"},
		{"invalid request accepted", request("POST", "/api/v1/sessions", `{"ttl_seconds":60}`), answer(201, "application/json", `{}`),
			"the request does not match openapi.json, yet the server did not refuse it"},
		{"invalid request refused", request("POST", "/api/v1/sessions", `{"ttl_seconds":60}`),
			answer(422, "application/problem+json", `{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"customer: missing","errors":[{"field":"customer","message":"missing"}]}`), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, _ := io.ReadAll(c.req.Body)
			c.req.Body = io.NopCloser(bytes.NewReader(body))
			got := checkAgainstSpec(c.req, body, c.res)
			if c.want == "" && got != "" {
				t.Fatalf("a matching exchange was reported: %s", got)
			}
			if !strings.Contains(got, c.want) {
				t.Fatalf("report %q, want it to say %q", got, c.want)
			}
		})
	}
}
