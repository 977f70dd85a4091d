package handlers

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// longHistory is how many events TestExportsOfALongHistory gives its customer: more than two of the exports'
// pages.
const longHistory = 2*exportPage + 300

// TestExportsOfALongHistory gives a customer events over more than two of the exports' pages, of every action,
// some sharing their second, some with brand texts JSON escapes, some by a system nobody registered, and checks
// in both languages that export.json parses and holds every event once, newest first as the store keeps them,
// each with the sentence the activity page shows and written byte for byte as encoding/json wrote the export's
// events before they were appended by hand; and that export.csv holds the same events in the same order,
// row for row as they were written before.
func TestExportsOfALongHistory(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	br, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := s.DB.Registry(ctx, br.ID)
	var systems, purposes, cats []string
	for _, sys := range reg.SystemOrder {
		systems = append(systems, sys.Slug)
	}
	systems = append(systems, "shadow-tool") // unregistered: stored, and named in plain words
	for _, p := range reg.PurposeOrder {
		purposes = append(purposes, p.Slug)
	}
	for _, id := range reg.CategoryOrderIDs {
		cats = append(cats, reg.Categories[id].Slug)
	}
	const customer = "LONG-HISTORY"
	custID, err := s.DB.SaveCustomer(ctx, store.Customer{BrandID: br.ID, ExternalID: customer, Name: "Long History"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range reg.PurposeOrder {
		// Refused before any event: the events of these purposes are violations, flagged in the exports.
		if p.LegalBasis == "consent" {
			if _, err := s.DB.RecordConsent(ctx, store.ConsentChange{CustomerID: custID, PurposeID: p.ID, State: store.ConsentRefused,
				Method: "web", At: testNow.AddDate(-1, 0, 0)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var evs []store.EventInput
	for i := range longHistory {
		e := store.EventInput{ID: fmt.Sprintf("long-%04d", i), Customer: customer, System: systems[i%len(systems)],
			Purpose: purposes[i%len(purposes)], Action: store.Actions[i%len(store.Actions)], Channel: "web",
			// Every fifth event shares its second with the one before: the pages break ties by id.
			OccurredAt: testNow.Add(-time.Duration(i-i%5/4) * 3 * time.Hour).Truncate(time.Second)}
		for j := range i % 3 {
			e.DataCategories = append(e.DataCategories, cats[(i+j)%len(cats)])
		}
		switch e.Action {
		case store.ActionTraining:
			e.ModelVersion = fmt.Sprintf("v%d", i%4)
		case store.ActionDecision:
			e.Decision, e.HumanReview = `limit set to £2,000 <"approved"> & noted`, i%2 == 0
		case store.ActionSharing, store.ActionAgentAccess:
			e.Actor, e.OnBehalfOf = "Acme & Co\u2028Analytics", "Camille"
		}
		if e.Action == store.ActionAgentAccess && i%4 == 1 {
			e.Act = &store.Delegation{Sub: "acme-support", Name: "support <agent>", Type: store.ActorVendorAgent, Org: "Acme & Co",
				Act: &store.Delegation{Sub: "ml-team", Name: "support team", Type: store.ActorTeam, Org: "Maison Lumière"}}
		}
		if i%7 == 0 {
			e.Outcome = fmt.Sprintf("suggested %d products — «\u00a0bien\u00a0»", i%5)
		}
		evs = append(evs, e)
	}
	for start := 0; start < len(evs); start += 500 {
		if _, err := s.DB.InsertEvents(ctx, br.ID, evs[start:min(len(evs), start+500)]); err != nil {
			t.Fatal(err)
		}
	}
	reg, _ = s.DB.Registry(ctx, br.ID) // with the system the events brought
	var stored []store.Event
	for cur := (store.Cursor{}); ; {
		page, err := s.DB.Events(ctx, custID, store.EventFilter{}, cur, 500)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, page.Events...)
		if page.Next == nil {
			break
		}
		cur = *page.Next
	}
	violations := 0
	for _, e := range stored {
		if e.Violation {
			violations++
		}
	}
	if len(stored) != longHistory || violations == 0 {
		t.Fatalf("the store pages hold %d events, %d of them violations; want %d, some violations", len(stored), violations, longHistory)
	}

	c := signIn(t, ts, seed.BrandMaison, customer)
	for _, lang := range []string{"en", "fr"} {
		sentences := activitySentences(t, c, ts.URL+"/me/activity?lang="+lang)
		if len(sentences) != longHistory {
			t.Fatalf("%s: the activity pages show %d events, want %d", lang, len(sentences), longHistory)
		}

		status, _, raw := get(t, c, ts.URL+"/me/export.json?lang="+lang)
		var x struct {
			Events []json.RawMessage `json:"events"`
		}
		if err := json.Unmarshal([]byte(raw), &x); status != 200 || err != nil {
			t.Fatalf("%s: export.json: %d %v", lang, status, err)
		}
		if len(x.Events) != longHistory {
			t.Fatalf("%s: export.json holds %d events, want %d", lang, len(x.Events), longHistory)
		}
		for i, e := range stored {
			want, _ := json.Marshal(referenceEvent(reg, e, sentences[i]))
			if string(x.Events[i]) != string(want) {
				t.Fatalf("%s: export.json's event %d:\n got %s\nwant %s", lang, i, x.Events[i], want)
			}
		}

		status, _, raw = get(t, c, ts.URL+"/me/export.csv?lang="+lang)
		rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
		if status != 200 || err != nil {
			t.Fatalf("%s: export.csv: %d %v", lang, status, err)
		}
		var events [][]string
		for _, r := range rows[1:] {
			if r[0] == "event" {
				events = append(events, r)
			}
		}
		if len(events) != longHistory {
			t.Fatalf("%s: export.csv holds %d events, want %d", lang, len(events), longHistory)
		}
		chains := 0
		for i, e := range stored {
			want := referenceRow(reg, e, sentences[i])
			if strings.Join(events[i], "|") != strings.Join(want, "|") {
				t.Fatalf("%s: export.csv's event %d:\n got %q\nwant %q", lang, i, events[i], want)
			}
			if e.Act != nil {
				chains++
				if got := events[i][len(events[i])-1]; got != "support <agent> (vendor_agent, Acme & Co) for support team (team, Maison Lumière)" {
					t.Fatalf("%s: export.csv's agent chain %q", lang, got)
				}
				if !strings.Contains(string(x.Events[i]), `"act":{"sub":"acme-support","name":"support \u003cagent\u003e","type":"vendor_agent","org":"Acme \u0026 Co","act":{"sub":"ml-team"`) {
					t.Fatalf("%s: export.json's chain in %s", lang, x.Events[i])
				}
			}
		}
		if chains == 0 {
			t.Fatalf("%s: no event with a delegation chain in the exports", lang)
		}
	}
}

var (
	sentenceRe = regexp.MustCompile(`<p class="sentence">([^<]*)</p>`)
	nextRe     = regexp.MustCompile(`<a href="([^"]*)" rel="next"`)
)

// activitySentences follows the activity pages from url to the last and returns the sentences they show.
func activitySentences(t *testing.T, c *http.Client, url string) []string {
	t.Helper()
	var out []string
	base := url[:strings.Index(url, "/me/")]
	for url != "" {
		status, _, body := get(t, c, url)
		if status != 200 {
			t.Fatalf("%s: %d", url, status)
		}
		for _, m := range sentenceRe.FindAllStringSubmatch(body, -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		url = ""
		if m := nextRe.FindStringSubmatch(body); m != nil {
			url = base + html.UnescapeString(m[1])
		}
	}
	return out
}

// exportEventRef is how export.json's events were written before they were appended by hand: the reference
// the hand-written events must match byte for byte.
type exportEventRef struct {
	ID               string            `json:"id"`
	OccurredAt       time.Time         `json:"occurred_at"`
	System           string            `json:"system"`
	Purpose          string            `json:"purpose"`
	Action           string            `json:"action"`
	DataCategories   []string          `json:"data_categories"`
	Sentence         string            `json:"sentence"`
	Outcome          string            `json:"outcome,omitempty"`
	ModelVersion     string            `json:"model_version,omitempty"`
	Decision         string            `json:"decision,omitempty"`
	Actor            string            `json:"actor,omitempty"`
	OnBehalfOf       string            `json:"on_behalf_of,omitempty"`
	Act              *store.Delegation `json:"act,omitempty"`
	ConsentViolation bool              `json:"consent_violation,omitempty"`
}

// referenceEvent builds e's event of export.json as it was built before.
func referenceEvent(reg *store.Registry, e store.Event, sentence string) exportEventRef {
	x := exportEventRef{ID: e.Key, OccurredAt: e.OccurredAt, Action: e.Action, Outcome: e.Outcome, ModelVersion: e.ModelVersion,
		Decision: e.Decision, Actor: e.Actor, OnBehalfOf: e.OnBehalfOf, Act: e.Act, ConsentViolation: e.Violation, DataCategories: []string{},
		Sentence: sentence}
	if s := reg.Systems[e.SystemID]; s != nil {
		x.System = s.Slug
	}
	if p := reg.Purposes[e.PurposeID]; p != nil {
		x.Purpose = p.Slug
	}
	for _, id := range e.CategoryIDs {
		if d := reg.Categories[id]; d != nil {
			x.DataCategories = append(x.DataCategories, d.Slug)
		}
	}
	return x
}

// referenceRow builds e's row of export.csv as it was built before, as a CSV reader reads it back.
func referenceRow(reg *store.Registry, e store.Event, sentence string) []string {
	x := referenceEvent(reg, e, sentence)
	basis := ""
	if p := reg.Purposes[e.PurposeID]; p != nil {
		basis = p.LegalBasis
	}
	row := []string{"event", x.ID, x.OccurredAt.Format(time.RFC3339), x.System, x.Purpose, basis, x.Action,
		strings.Join(x.DataCategories, " "), x.Sentence, x.Outcome, x.ModelVersion, strconv.FormatBool(x.ConsentViolation), ""}
	if e.Act != nil {
		// The chain in words a reader follows: who, their kind and organisation, "for" whom.
		row[len(row)-1] = e.Act.String()
	}
	for i, cell := range row {
		row[i] = csvCell(cell)
	}
	return row
}
