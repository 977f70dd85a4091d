package handlers

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"vitrine/seed"
)

// TestExportCSVNeutralisesFormulas sends events whose texts start like spreadsheet formulas and checks that
// the customer's CSV download shows each as text, a single quote before it, and never as a formula.
func TestExportCSVNeutralisesFormulas(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	key := apiKey(t, s, seed.BrandMaison)
	dangerous := []string{`=HYPERLINK("https://evil.example","Click")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"}
	var events []map[string]any
	for i, d := range dangerous {
		ev := event(fmt.Sprintf("=formula-%d", i), map[string]any{"outcome": d})
		if !strings.ContainsAny(d[:1], "\t\r") { // ids refuse control characters; model versions are ids
			ev["model_version"] = d
		}
		events = append(events, ev)
	}
	status, _, body := apiDo(t, http.MethodPost, ts.URL+"/api/v1/events", key, "application/json", batch(events...))
	if a := decodeAnswer(t, body); status != http.StatusOK || a.Accepted != len(events) {
		t.Fatalf("ingest: %d %s", status, body)
	}

	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	status, _, raw := get(t, c, ts.URL+"/me/export.csv")
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if status != http.StatusOK || err != nil {
		t.Fatalf("export.csv: %d %v", status, err)
	}
	found := map[string]bool{}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
			for _, d := range dangerous {
				// Ingest trims a leading tab or carriage return; what is left starts with = and is quoted.
				if cell == "'"+strings.TrimSpace(d) {
					found[d] = true
				}
			}
		}
	}
	for _, d := range dangerous {
		if !found[d] {
			t.Errorf("the outcome %q is not in the export as text", d)
		}
	}
}

// TestCSVCell covers the leading characters ingest never lets through (it trims tab and carriage return), in
// case another CSV ever carries text from elsewhere.
func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"\t=1+1": "'\t=1+1", "\r=1+1": "'\r=1+1", "=1": "'=1", "+1": "'+1", "-1": "'-1", "@A1": "'@A1",
		"": "", "plain text": "plain text", "2026-11-29T12:00:00Z": "2026-11-29T12:00:00Z", "a=b": "a=b",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}
