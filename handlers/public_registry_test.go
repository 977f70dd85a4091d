package handlers

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestPublicRegistry(t *testing.T) {
	_, ts := newTestServer(t)
	status, h, body := get(t, client(t), ts.URL+"/brands/maison-lumiere/ai.json")
	var r struct {
		Brand    string `json:"brand"`
		Systems  []map[string]any
		Purposes []map[string]any
	}
	if err := json.Unmarshal([]byte(body), &r); status != 200 || err != nil {
		t.Fatalf("ai.json: %d %v", status, err)
	}
	if h.Get("Cache-Control") == "" || r.Brand != "maison-lumiere" || len(r.Systems) < 5 || len(r.Purposes) < 5 {
		t.Fatalf("ai.json = %+v", r)
	}
	for _, p := range r.Purposes {
		if !strings.HasPrefix(p["dpv:hasLegalBasis"].(string), "dpv:") {
			t.Errorf("purpose %v has no DPV legal basis", p["slug"])
		}
	}
	if strings.Contains(body, "Camille") || strings.Contains(body, "sentiment-tagger") {
		t.Error("the public registry shows customer data or unregistered systems")
	}
	if st, _, _ := get(t, client(t), ts.URL+"/brands/nope/ai.json"); st != http.StatusNotFound {
		t.Errorf("unknown brand: %d", st)
	}
}
