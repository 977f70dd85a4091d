package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

func apiDo(t testing.TB, method, url, key, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// event returns a valid event JSON object with the given id, with fields overridden by extra.
func event(id string, extra map[string]any) map[string]any {
	e := map[string]any{
		"id": id, "customer": seed.CamilleID, "system": "product-recommender", "purpose": "recommendations",
		"action": "inference", "data_categories": []string{"user.behavior.purchase_history"},
		"occurred_at": testNow.Add(-time.Hour).Format(time.RFC3339), "outcome": "suggested 4 products", "channel": "web",
	}
	for k, v := range extra {
		if v == nil {
			delete(e, k)
		} else {
			e[k] = v
		}
	}
	return e
}

func batch(events ...map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"events": events})
	return b
}

type answer struct {
	Accepted, Duplicates, Rejected int
	Violations                     int `json:"consent_violations"`
	Results                        []struct {
		Index            int
		ID               string
		Status           string
		ConsentViolation bool `json:"consent_violation"`
		Errors           []struct{ Field, Message string }
	}
}

func decodeAnswer(t testing.TB, body []byte) answer {
	t.Helper()
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("answer %s: %v", body, err)
	}
	return a
}

func TestAPIEventsRefusalsAreProblems(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	revoked := apiKey(t, s, seed.BrandMaison)
	b, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	keys, _ := s.DB.APIKeys(context.Background(), b.ID)
	for _, k := range keys {
		if strings.HasPrefix(revoked, k.Prefix) {
			s.DB.RevokeAPIKey(context.Background(), b.ID, k.ID)
		}
	}
	many := make([]map[string]any, 1001)
	for i := range many {
		many[i] = event(fmt.Sprintf("m-%d", i), nil)
	}
	huge := bytes.Repeat([]byte(" "), 6<<20)
	cases := []struct {
		name, key, ct string
		body          []byte
		status        int
		detail        string
	}{
		{"no key", "", "application/json", batch(event("a", nil)), 401, "Bearer"},
		{"unknown key", "vtr_nope", "application/json", batch(event("a", nil)), 401, "not known"},
		{"revoked key", revoked, "application/json", batch(event("a", nil)), 401, "revoked"},
		{"malformed JSON", key, "application/json", []byte(`{"events":[{"id":`), 400, ""},
		{"not a batch", key, "application/json", []byte(`"hello"`), 400, ""},
		{"empty batch", key, "application/json", []byte(`{"events":[]}`), 400, "no event"},
		{"too many events", key, "application/json", batch(many...), 413, "at most 1000"},
		{"body too large", key, "application/json", huge, 413, "larger than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, h, body := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", c.key, c.ct, c.body)
			if status != c.status {
				t.Fatalf("status %d, want %d: %s", status, c.status, body)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
				t.Fatalf("content type %q, want problem+json", ct)
			}
			var p map[string]any
			if err := json.Unmarshal(body, &p); err != nil || p["status"] != float64(c.status) || p["detail"] == "" {
				t.Fatalf("not a problem document: %s", body)
			}
			if !strings.Contains(fmt.Sprint(p["detail"]), c.detail) {
				t.Errorf("detail %q lacks %q", p["detail"], c.detail)
			}
		})
	}
	// Nothing of the refused requests was stored.
	var n int
	s.DB.Reader().QueryRow(`SELECT count(*) FROM usage_events WHERE event_key IN ('a', 'm-0')`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d events stored from refused requests", n)
	}
}

func TestAPIEventsBadEventsAreRefusedOneByOne(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	body := batch(
		event("ok-1", nil),
		event("bad-action", map[string]any{"action": "peeking"}),
		event("bad-time", map[string]any{"occurred_at": "yesterday"}),
		event("future", map[string]any{"occurred_at": testNow.Add(48 * time.Hour).Format(time.RFC3339)}),
		event("bad-type", map[string]any{"data_categories": "user.behavior.purchase_history"}),
		event("missing", map[string]any{"customer": nil}),
		event("long", map[string]any{"outcome": strings.Repeat("x", 501)}),
		event("ok-1", nil),
		event("ok-2", map[string]any{"system": "brand-new-tool"}),
	)
	// Invalid UTF-8 inside a string, spliced into the raw body.
	at := bytes.LastIndex(body, []byte(`suggested 4 products`))
	body = append(body[:at:at], append([]byte("suggested \xff products"), body[at+len("suggested 4 products"):]...)...)
	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", body)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, raw)
	}
	a := decodeAnswer(t, raw)
	want := map[int]struct{ status, field string }{
		0: {"accepted", ""}, 1: {"rejected", "action"}, 2: {"rejected", "occurred_at"}, 3: {"rejected", "occurred_at"},
		4: {"rejected", "data_categories"}, 5: {"rejected", "customer"}, 6: {"rejected", "outcome"}, 7: {"rejected", "id"},
		8: {"rejected", "outcome"},
	}
	if len(a.Results) != 9 {
		t.Fatalf("%d results, want 9", len(a.Results))
	}
	for i, w := range want {
		r := a.Results[i]
		if r.Index != i || r.Status != w.status {
			t.Errorf("event %d: index %d status %s, want %s (%+v)", i, r.Index, r.Status, w.status, r.Errors)
			continue
		}
		if w.field != "" && (len(r.Errors) == 0 || r.Errors[0].Field != w.field || r.Errors[0].Message == "") {
			t.Errorf("event %d: errors %+v, want field %s", i, r.Errors, w.field)
		}
	}
	if a.Accepted != 1 || a.Rejected != 8 {
		t.Errorf("accepted %d rejected %d, want 1 and 8", a.Accepted, a.Rejected)
	}
}

// A decision's explanation is checked with the event and kept beside it: a good one is stored as sent (tags in
// their canonical form), a bad one rejects its event alone, naming the field inside the explanation.
func TestAPIEventsDecisionExplanation(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	decision := func(id, direction string) map[string]any {
		return event(id, map[string]any{"action": "decision", "decision": "a limit of £2,000", "explanation": map[string]any{
			"factors": []any{
				map[string]any{"factor": "income_12m", "direction": "raised", "weight": 0.6},
				map[string]any{"label": map[string]string{"en": "Two late payments in 2025", "FR": "Deux retards de paiement en 2025"},
					"data_category": "user.financial.account", "direction": direction},
			},
			"counterfactuals": []any{
				map[string]any{"factor": "late_payments_12m", "value": "0", "result": map[string]string{"en": "a limit of £4,000"}},
			},
		}})
	}
	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json",
		batch(decision("explained", "lowered"), decision("bad-direction", "down")))
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, raw)
	}
	a := decodeAnswer(t, raw)
	if a.Accepted != 1 || a.Rejected != 1 || len(a.Results) != 2 || a.Results[0].Status != "accepted" {
		t.Fatalf("answer %s, want the first accepted and the second rejected", raw)
	}
	if e := a.Results[1].Errors; a.Results[1].Status != "rejected" || len(e) != 1 || e[0].Field != "explanation.factors[1].direction" ||
		e[0].Message != "must be one of raised, lowered, required, excluded" {
		t.Fatalf("rejected event's errors %+v, want explanation.factors[1].direction", e)
	}
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	x, err := s.DB.ExplanationOf(ctx, b.ID, "explained")
	if err != nil {
		t.Fatal(err)
	}
	weight := 0.6
	want := &store.Explanation{
		Factors: []store.Factor{
			{Key: "income_12m", Direction: "raised", Weight: &weight},
			{Labels: map[string]string{"en": "Two late payments in 2025", "fr": "Deux retards de paiement en 2025"},
				DataCategory: "user.financial.account", Direction: "lowered"},
		},
		Counterfactuals: []store.Counterfactual{{Factor: "late_payments_12m", Value: "0", Results: map[string]string{"en": "a limit of £4,000"}}},
	}
	if !reflect.DeepEqual(x, want) {
		got, _ := json.Marshal(x)
		t.Errorf("stored explanation %s", got)
	}
	if x, err := s.DB.ExplanationOf(ctx, b.ID, "bad-direction"); err != nil || x != nil {
		t.Errorf("the rejected event's explanation was stored: %+v, %v", x, err)
	}
}

func TestAPIEventsRetriesNeverDoubleCount(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	var evs []map[string]any
	for i := range 300 {
		evs = append(evs, event(fmt.Sprintf("r-%d", i), map[string]any{
			"customer": fmt.Sprintf("NEW-%d", i%7), "system": "shadow-scorer", "purpose": "recommendations",
			"occurred_at": testNow.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339)}))
	}
	body := batch(evs...)
	var wg sync.WaitGroup
	results := make([]answer, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", body)
			if status != http.StatusOK {
				t.Errorf("status %d: %s", status, raw)
				return
			}
			results[i] = decodeAnswer(t, raw)
		}()
	}
	wg.Wait()
	accepted, dup := 0, 0
	for _, r := range results {
		accepted += r.Accepted
		dup += r.Duplicates
	}
	if accepted != 300 || dup != 900 {
		t.Fatalf("racing retries accepted %d and found %d duplicates, want 300 and 900", accepted, dup)
	}
	if err := s.DB.VerifyRollups(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	c, err := s.DB.CustomerByExternalID(ctx, b.ID, "NEW-3")
	if err != nil {
		t.Fatalf("a customer seen for the first time was not created: %v", err)
	}
	reg, _ := s.DB.Registry(ctx, b.ID)
	if sys := reg.SystemBySlug["shadow-scorer"]; sys == nil || sys.Registered {
		t.Fatalf("unregistered system = %+v, want kept and flagged", sys)
	}
	u, _ := s.DB.UsageBySystem(ctx, b.ID, c.ID, windowStart(testNow))
	if len(u) != 1 || u[0].Count == 0 {
		t.Fatalf("usage of the new customer = %+v", u)
	}
	// NDJSON carries the same events; all are duplicates now.
	var nd bytes.Buffer
	for _, e := range evs[:10] {
		line, _ := json.Marshal(e)
		nd.Write(line)
		nd.WriteString("\n")
	}
	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/x-ndjson", nd.Bytes())
	if a := decodeAnswer(t, raw); status != 200 || a.Duplicates != 10 {
		t.Fatalf("NDJSON retry: status %d, %+v", status, a)
	}
}

func TestAPIEventsFlagConsentViolations(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	c, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
	reg, _ := s.DB.Registry(ctx, b.ID)
	training := reg.PurposeBySlug["model-training"]
	if _, err := s.DB.RecordConsent(ctx, store.ConsentChange{CustomerID: c.ID, PurposeID: training.ID, State: store.ConsentRefused, Method: "web", At: testNow.Add(-2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", batch(
		event("train-after-refusal", map[string]any{"action": "training", "purpose": "model-training", "model_version": "13"}),
	))
	a := decodeAnswer(t, raw)
	if status != 200 || a.Accepted != 1 || !a.Results[0].ConsentViolation || a.Violations != 1 {
		t.Fatalf("status %d answer %+v: want stored and flagged", status, a)
	}
}

func TestAPIRateLimit(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.APIRate, s.APIBurst = 0.5, 2 })
	key := apiKey(t, s, seed.BrandMaison)
	var last int
	var h http.Header
	for range 4 {
		last, h, _ = apiDo(t, http.MethodGet, ts.URL+"/api/v1/customers/"+seed.CamilleID+"/usage", key, "", nil)
	}
	if last != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Fatalf("status %d Retry-After %q, want 429 with Retry-After", last, h.Get("Retry-After"))
	}
}

func TestAPISessionsAndUsage(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	otherKey := apiKey(t, s, seed.BrandNorthwind)

	status, _, raw := apiDo(t, http.MethodPost, ts.URL+"/api/v1/sessions", key, "application/json", []byte(`{"customer":"C-1001"}`))
	var sess struct {
		URL       string    `json:"url"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	if err := json.Unmarshal(raw, &sess); status != http.StatusCreated || err != nil || !strings.HasPrefix(sess.URL, ts.URL+"/s/") {
		t.Fatalf("session: %d %s", status, raw)
	}
	if d := sess.ExpiresAt.Sub(testNow); d <= 0 || d > time.Hour {
		t.Fatalf("link lives %s", d)
	}
	c := client(t)
	if st, h, _ := get(t, c, sess.URL); st != http.StatusSeeOther || h.Get("Location") != "/me" {
		t.Fatalf("opening the link: %d", st)
	}
	if st, _, body := get(t, c, ts.URL+"/me"); st != 200 || !strings.Contains(body, "Maison Lumière") {
		t.Fatalf("/me after the link: %d", st)
	}
	if st, _, _ := get(t, client(t), sess.URL); st != http.StatusUnauthorized {
		t.Fatalf("second use of the link: %d, want 401", st)
	}
	status, _, raw = apiDo(t, http.MethodPost, ts.URL+"/api/v1/sessions", key, "application/json", []byte(`{"customer":"","ttl_seconds":99999}`))
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(raw), "ttl_seconds") || !strings.Contains(string(raw), "customer") {
		t.Fatalf("bad session request: %d %s", status, raw)
	}

	status, _, raw = apiDo(t, http.MethodGet, ts.URL+"/api/v1/customers/C-1001/usage?lang=en", key, "", nil)
	var u struct {
		Customer    string `json:"customer"`
		TotalEvents int    `json:"total_events"`
		Systems     []struct {
			Slug, Name string
			Count      int
		} `json:"systems"`
		Purposes []struct {
			Slug, Name string
			Count      int
		} `json:"purposes"`
		DataCategories []struct {
			Slug, Name string
			Count      int
		} `json:"data_categories"`
	}
	if err := json.Unmarshal(raw, &u); status != 200 || err != nil {
		t.Fatalf("usage: %d %s", status, raw)
	}
	sum := 0
	for _, x := range u.Systems {
		sum += x.Count
		if x.Slug == "" || x.Name == "" {
			t.Errorf("system without slug or name: %+v", x)
		}
	}
	if u.Customer != "C-1001" || u.TotalEvents == 0 || sum != u.TotalEvents || len(u.Purposes) == 0 || len(u.DataCategories) == 0 {
		t.Fatalf("usage = %+v", u)
	}
	// Another brand's key cannot read Camille.
	if st, _, _ := apiDo(t, http.MethodGet, ts.URL+"/api/v1/customers/C-1001/usage", otherKey, "", nil); st != http.StatusNotFound {
		t.Fatalf("another brand's key read C-1001: %d", st)
	}
	if st, _, raw := apiDo(t, http.MethodGet, ts.URL+"/api/v1/openapi.json", "", "", nil); st != 200 || !json.Valid(raw) {
		t.Fatalf("openapi.json: %d", st)
	}
}
