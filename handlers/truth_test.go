package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

// rawWindow counts a customer's events over the window of now straight from usage_events: in all, by system, by
// system and purpose, by purpose, by category, and the decisions by system.
type rawWindow struct {
	total      int
	bySys      map[string]int
	bySysPur   map[[2]string]int
	byPur      map[string]int
	byCat      map[string]int
	decisions  map[string]int
	systemsIDs map[string]int64
}

func countRaw(t *testing.T, db *store.DB, customerID int64, now time.Time) rawWindow {
	t.Helper()
	r := rawWindow{bySys: map[string]int{}, bySysPur: map[[2]string]int{}, byPur: map[string]int{}, byCat: map[string]int{},
		decisions: map[string]int{}, systemsIDs: map[string]int64{}}
	rows, err := db.Reader().Query(`SELECT s.slug, s.id, p.slug, e.action, e.category_ids FROM usage_events e
		JOIN ai_systems s ON s.id = e.system_id JOIN purposes p ON p.id = e.purpose_id
		WHERE e.customer_id = ? AND e.occurred_at >= ?`, customerID, store.WindowStart(now).Unix())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cats := map[string]string{}
	crows, _ := db.Reader().Query(`SELECT id, slug FROM data_categories`)
	for crows.Next() {
		var id, slug string
		crows.Scan(&id, &slug)
		cats[id] = slug
	}
	crows.Close()
	for rows.Next() {
		var sys, pur, action, catIDs string
		var sysID int64
		if err := rows.Scan(&sys, &sysID, &pur, &action, &catIDs); err != nil {
			t.Fatal(err)
		}
		r.total++
		r.bySys[sys]++
		r.bySysPur[[2]string{sys, pur}]++
		r.byPur[pur]++
		r.systemsIDs[sys] = sysID
		if action == store.ActionDecision {
			r.decisions[sys]++
		}
		if catIDs != "" {
			for _, id := range strings.Split(catIDs, ",") {
				r.byCat[cats[id]]++
			}
		}
	}
	return r
}

var (
	dataEventsRe = regexp.MustCompile(`data-testid="summary" data-events="(\d+)"`)
	cardRe       = regexp.MustCompile(`<article class="card" data-testid="system-([^"]+)">`)
	usesRe       = regexp.MustCompile(`data-testid="uses" data-count="(\d+)"`)
	purposeRe    = regexp.MustCompile(`data-testid="purpose" data-count="(\d+)"><strong>([^<]+)</strong>`)
	embedSysRe   = regexp.MustCompile(`data-testid="embed-system" data-count="(\d+)"`)
	embedMoreRe  = regexp.MustCompile(`data-testid="embed-more" data-count="(\d+)"`)
	decisionHRe  = regexp.MustCompile(`<h2 id="decisions" tabindex="-1">([^<]*)</h2>`)
)

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEveryNumberIsACountOfRawEvents is the property every figure a customer reads must have: on /me, each system
// page, the widget and the usage API, for light and heavy customers, with late events and across the turn of a
// month, every number equals a count over the raw events of the same window.
func TestEveryNumberIsACountOfRawEvents(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	db := s.DB
	brand, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := db.Registry(ctx, brand.ID)
	key := apiKey(t, s, seed.BrandMaison)

	// Customers of every shape beside the demo's: a heavy one with years of history, one seen once, one at the
	// edges of the window (the second before it, the first second of it).
	r := rand.New(rand.NewPCG(7, 13))
	clock := testNow
	db.SetClock(func() time.Time { return clock })
	systems := []string{"product-recommender", "search-ranking", "fraud-screening", "email-send-time"}
	purposes := map[string]string{"product-recommender": "recommendations", "search-ranking": "search", "fraud-screening": "fraud-prevention", "email-send-time": "email-timing"}
	actions := map[string]string{"product-recommender": store.ActionInference, "search-ranking": store.ActionInference, "fraud-screening": store.ActionDecision, "email-send-time": store.ActionInference}
	event := func(id, cust string, at time.Time) store.EventInput {
		sys := systems[r.IntN(len(systems))]
		return store.EventInput{ID: id, Customer: cust, System: sys, Purpose: purposes[sys], Action: actions[sys],
			DataCategories: []string{"user.behavior.purchase_history"}, OccurredAt: at, Decision: "order accepted"}
	}
	var batch []store.EventInput
	for i := range 2500 {
		batch = append(batch, event(fmt.Sprintf("heavy-%d", i), "P-HEAVY", testNow.Add(-time.Duration(r.Int64N(int64(500*24*time.Hour))))))
	}
	batch = append(batch, event("light-1", "P-LIGHT", testNow.Add(-40*24*time.Hour)))
	ws := store.WindowStart(testNow)
	// The customer at the edges had decisions just outside and just inside the window: lists must follow counts.
	decision := func(id string, at time.Time) store.EventInput {
		e := event(id, "P-EDGE", at)
		e.System, e.Purpose, e.Action = "fraud-screening", "fraud-prevention", store.ActionDecision
		return e
	}
	batch = append(batch, decision("edge-decision-before", ws.Add(-time.Second)), decision("edge-decision-first", ws))
	batch = append(batch, event("edge-before", "P-EDGE", ws.Add(-time.Second)), event("edge-first", "P-EDGE", ws),
		event("edge-month", "P-EDGE", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)), event("edge-last", "P-EDGE", time.Date(2026, 10, 31, 23, 59, 59, 0, time.UTC)))
	for i := 0; i < len(batch); i += 500 {
		if _, err := db.InsertEvents(ctx, brand.ID, batch[i:min(i+500, len(batch))]); err != nil {
			t.Fatal(err)
		}
	}
	customers := []string{seed.CamilleID, "P-HEAVY", "P-LIGHT", "P-EDGE"}
	var demo []string
	rows, _ := db.Reader().Query(`SELECT external_id FROM customers WHERE brand_id = ? AND external_id LIKE 'C-%' ORDER BY id LIMIT 4 OFFSET 1`, brand.ID)
	for rows.Next() {
		var ext string
		rows.Scan(&ext)
		demo = append(demo, ext)
	}
	rows.Close()
	customers = append(customers, demo...)

	check := func(when string, ext string) {
		t.Helper()
		cust, err := db.CustomerByExternalID(ctx, brand.ID, ext)
		if err != nil {
			t.Fatal(err)
		}
		raw := countRaw(t, db, cust.ID, clock)
		label := when + " " + ext
		c := signIn(t, ts, seed.BrandMaison, ext)

		// The overview: the summary, each card's uses and each purpose line.
		_, _, body := get(t, c, ts.URL+"/me")
		assertNoRawText(t, label+" /me", body)
		if m := dataEventsRe.FindStringSubmatch(body); m == nil || atoiT(t, m[1]) != raw.total {
			t.Errorf("%s /me summary %v, raw %d", label, m, raw.total)
		}
		cards := cardRe.FindAllStringSubmatchIndex(body, -1)
		if len(cards) != len(raw.bySys) {
			t.Errorf("%s /me has %d cards, raw events come from %d systems", label, len(cards), len(raw.bySys))
		}
		for i, idx := range cards {
			slug := body[idx[2]:idx[3]]
			end := len(body)
			if i+1 < len(cards) {
				end = cards[i+1][0]
			}
			card := body[idx[0]:end]
			if m := usesRe.FindStringSubmatch(card); m == nil || atoiT(t, m[1]) != raw.bySys[slug] {
				t.Errorf("%s /me card %s uses %v, raw %d", label, slug, m, raw.bySys[slug])
			}
			sum := 0
			for _, m := range purposeRe.FindAllStringSubmatch(card, -1) {
				sum += atoiT(t, m[1])
			}
			if sum != raw.bySys[slug] {
				t.Errorf("%s /me card %s purposes add up to %d, raw %d", label, slug, sum, raw.bySys[slug])
			}
		}

		// Each system page: uses, purposes, and the decisions heading against its list.
		for slug, n := range raw.bySys {
			_, _, page := get(t, c, ts.URL+"/me/systems/"+slug)
			assertNoRawText(t, label+" /me/systems/"+slug, page)
			if m := usesRe.FindStringSubmatch(page); m == nil || atoiT(t, m[1]) != n {
				t.Errorf("%s /me/systems/%s uses %v, raw %d", label, slug, m, n)
			}
			for _, m := range purposeRe.FindAllStringSubmatch(page, -1) {
				var pslug string
				for _, p := range reg.PurposeOrder {
					if strings.Contains(m[2], strings.ReplaceAll(p.Text("fr", "fr").Name, "'", "&#39;")) {
						pslug = p.Slug
					}
				}
				if got := atoiT(t, m[1]); pslug != "" && got != raw.bySysPur[[2]string{slug, pslug}] {
					t.Errorf("%s /me/systems/%s purpose %s: %d, raw %d", label, slug, pslug, got, raw.bySysPur[[2]string{slug, pslug}])
				}
			}
			if d := raw.decisions[slug]; d > 0 {
				h := decisionHRe.FindStringSubmatch(page)
				listed := strings.Count(page[strings.Index(page, `data-testid="decisions"`):], `<li>`)
				if h == nil || (d > 1 && !strings.Contains(h[1], " "+strconv.Itoa(d)+" ")) {
					t.Errorf("%s /me/systems/%s decisions heading %v, raw %d", label, slug, h, d)
				}
				if want := min(d, systemPageEvents); listed != want {
					t.Errorf("%s /me/systems/%s lists %d decisions, raw %d (shows up to %d)", label, slug, listed, d, systemPageEvents)
				}
				if d > systemPageEvents && !strings.Contains(page, `data-testid="decisions-note"`) {
					t.Errorf("%s /me/systems/%s shows %d of %d decisions without saying so", label, slug, systemPageEvents, d)
				}
			}
		}

		// The widget: the summary, each system listed, and the ones counted as "more".
		tok := mintIn(t, db, seed.BrandMaison, ext, token.AudEmbed, 10*time.Minute)
		_, _, widget := get(t, client(t), ts.URL+"/embed/v1?token="+tok)
		assertNoRawText(t, label+" widget", widget)
		if m := dataEventsRe.FindStringSubmatch(widget); m == nil || atoiT(t, m[1]) != raw.total {
			t.Errorf("%s widget summary %v, raw %d", label, m, raw.total)
		}
		shown, sum := 0, 0
		for _, m := range embedSysRe.FindAllStringSubmatch(widget, -1) {
			shown++
			sum += atoiT(t, m[1])
		}
		more := 0
		if m := embedMoreRe.FindStringSubmatch(widget); m != nil {
			more = atoiT(t, m[1])
		}
		if shown+more != len(raw.bySys) || (more == 0 && sum != raw.total) {
			t.Errorf("%s widget lists %d systems and %d more (%d uses), raw %d systems, %d uses", label, shown, more, sum, len(raw.bySys), raw.total)
		}

		// The usage API.
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/customers/"+ext+"/usage", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var u struct {
			Total   int `json:"total_events"`
			Systems []struct {
				Slug  string `json:"slug"`
				Count int    `json:"count"`
			} `json:"systems"`
			Purposes []struct {
				Slug  string `json:"slug"`
				Count int    `json:"count"`
			} `json:"purposes"`
			Categories []struct {
				Slug  string `json:"slug"`
				Count int    `json:"count"`
			} `json:"data_categories"`
			Window struct {
				From time.Time `json:"from"`
			} `json:"window"`
		}
		json.NewDecoder(resp.Body).Decode(&u)
		resp.Body.Close()
		if u.Total != raw.total || !u.Window.From.Equal(store.WindowStart(clock)) {
			t.Errorf("%s API total %d from %v, raw %d from %v", label, u.Total, u.Window.From, raw.total, store.WindowStart(clock))
		}
		for _, x := range u.Systems {
			if x.Count != raw.bySys[x.Slug] {
				t.Errorf("%s API system %s: %d, raw %d", label, x.Slug, x.Count, raw.bySys[x.Slug])
			}
		}
		for _, x := range u.Purposes {
			if x.Count != raw.byPur[x.Slug] {
				t.Errorf("%s API purpose %s: %d, raw %d", label, x.Slug, x.Count, raw.byPur[x.Slug])
			}
		}
		for _, x := range u.Categories {
			if x.Count != raw.byCat[x.Slug] {
				t.Errorf("%s API category %s: %d, raw %d", label, x.Slug, x.Count, raw.byCat[x.Slug])
			}
		}
	}

	for _, ext := range customers {
		check("on "+clock.Format(time.DateTime), ext)
	}
	// Late events in closed months, after the pages were read (and memoised): the next view counts them.
	late := []store.EventInput{event("late-1", "P-HEAVY", testNow.AddDate(0, -3, 0)), event("late-2", "P-EDGE", ws.Add(time.Hour)),
		event("late-3", seed.CamilleID, testNow.AddDate(0, -1, -2))}
	if _, err := db.InsertEvents(ctx, brand.ID, late); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"P-HEAVY", "P-EDGE", seed.CamilleID} {
		check("after late events", ext)
	}
	// Across the turn of the month and of the window's first day: the clock moves on, the pages follow.
	for _, at := range []time.Time{time.Date(2026, 11, 30, 23, 59, 30, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 30, 0, time.UTC), time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)} {
		clock = at
		for _, ext := range []string{"P-HEAVY", "P-EDGE", seed.CamilleID} {
			check("on "+at.Format(time.DateTime), ext)
		}
	}
}
