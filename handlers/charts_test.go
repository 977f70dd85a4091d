package handlers

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"vitrine/seed"
)

// chartOptionRe finds the JSON option block of each chart a page draws.
var chartOptionRe = regexp.MustCompile(`(?s)<script id="(chart-[a-z-]+)-option" type="application/json">(.*?)</script>`)

// chartOptions returns the ECharts options a page carries, by chart id.
func chartOptions(t *testing.T, body string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, m := range chartOptionRe.FindAllStringSubmatch(body, -1) {
		var o map[string]any
		if err := json.Unmarshal([]byte(m[2]), &o); err != nil {
			t.Fatalf("chart %s: option is not JSON: %v", m[1], err)
		}
		out[m[1]] = o
	}
	return out
}

// list reads an option field that ECharts accepts as an object or a list of objects.
func list(v any) []map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// seriesColours returns the colour ECharts paints each series with: its own itemStyle colour, or else the
// option's palette taken in series order, as ECharts does.
func seriesColours(o map[string]any) map[string]string {
	var palette []any
	if p, ok := o["color"].([]any); ok {
		palette = p
	}
	out := map[string]string{}
	for i, s := range list(o["series"]) {
		name, _ := s["name"].(string)
		colour := ""
		if st, ok := s["itemStyle"].(map[string]any); ok {
			colour, _ = st["color"].(string)
		}
		if colour == "" && len(palette) > 0 {
			colour, _ = palette[i%len(palette)].(string)
		}
		out[name] = strings.ToUpper(colour)
	}
	return out
}

// itemColours returns the colour of each named item of a pie, the same way.
func itemColours(o map[string]any) map[string]string {
	var palette []any
	if p, ok := o["color"].([]any); ok {
		palette = p
	}
	out := map[string]string{}
	for _, s := range list(o["series"]) {
		for i, d := range list(s["data"]) {
			name, _ := d["name"].(string)
			colour := ""
			if st, ok := d["itemStyle"].(map[string]any); ok {
				colour, _ = st["color"].(string)
			}
			if colour == "" && len(palette) > 0 {
				colour, _ = palette[i%len(palette)].(string)
			}
			out[name] = strings.ToUpper(colour)
		}
	}
	return out
}

// TestChartCountAxesWholeNumbers checks that every bar chart a customer or the privacy team sees counts in
// whole steps: no "0.5 uses" tick on any value axis.
func TestChartCountAxesWholeNumbers(t *testing.T) {
	_, ts := newTestServer(t)
	pages := map[string]string{}
	for _, p := range personas {
		c := signIn(t, ts, p.brand, p.id)
		_, slugs := usedSystems(t, p.brand, p.id)
		for _, path := range []string{"/me", "/me/systems/" + slugs[0]} {
			_, _, pages[p.name+" "+path] = get(t, c, ts.URL+path)
		}
	}
	_, _, pages["admin /admin"] = get(t, staffSignIn(t, ts, privacyA), ts.URL+"/admin", "Accept-Language", "en")
	bars := 0
	for page, body := range pages {
		opts := chartOptions(t, body)
		if len(opts) == 0 {
			t.Errorf("%s draws no chart", page)
		}
		for id, o := range opts {
			isBar := false
			for _, s := range list(o["series"]) {
				isBar = isBar || s["type"] == "bar"
			}
			if !isBar {
				continue
			}
			bars++
			values := 0
			for _, key := range []string{"xAxis", "yAxis"} {
				for _, ax := range list(o[key]) {
					// ECharts makes an axis without data a value axis.
					if ax["type"] == "value" || ax["type"] == nil && ax["data"] == nil {
						values++
						if ax["minInterval"] != 1.0 {
							t.Errorf("%s %s: %s counts in steps of %v, want minInterval 1", page, id, key, ax["minInterval"])
						}
					}
				}
			}
			if values != 1 {
				t.Errorf("%s %s: %d value axes, want 1", page, id, values)
			}
		}
	}
	if bars < 6 {
		t.Errorf("checked %d bar charts, want the customer and governance bar charts (at least 6)", bars)
	}
}

// TestChartColoursFollowTheSystem checks that a system has one colour wherever it is drawn: in the overview's
// monthly chart, in the timeline of its own page and in the governance chart; and that a reason (purpose) has
// one colour in the customer's pie and the governance chart by reason. Two series of one chart never share one.
func TestChartColoursFollowTheSystem(t *testing.T) {
	_, ts := newTestServer(t)
	c := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, slugs := usedSystems(t, seed.BrandMaison, seed.CamilleID)
	_, _, body := get(t, c, ts.URL+"/me?lang=fr")
	overview := chartOptions(t, body)
	_, _, body = get(t, staffSignIn(t, ts, privacyA), ts.URL+"/admin?lang=fr", "Accept-Language", "fr")
	admin := chartOptions(t, body)

	monthly := seriesColours(overview["chart-activity"])
	bySystem := seriesColours(admin["chart-by-system"])
	if len(monthly) < 3 || len(bySystem) < 3 {
		t.Fatalf("want several systems on the overview (%d) and governance (%d) charts", len(monthly), len(bySystem))
	}
	for _, cs := range []map[string]string{monthly, bySystem} {
		seen := map[string]string{}
		for name, colour := range cs {
			if other, dup := seen[colour]; dup {
				t.Errorf("%s and %s are both drawn in %s", name, other, colour)
			}
			seen[colour] = name
		}
	}
	for _, slug := range slugs {
		_, _, page := get(t, c, ts.URL+"/me/systems/"+slug+"?lang=fr")
		timeline := seriesColours(chartOptions(t, page)["chart-timeline"])
		if len(timeline) != 1 {
			t.Errorf("%s: timeline has %d series, want 1", slug, len(timeline))
			continue
		}
		for name, colour := range timeline {
			if monthly[name] != colour {
				t.Errorf("%s is %s on its page but %s on the overview", name, colour, monthly[name])
			}
			if bySystem[name] != colour {
				t.Errorf("%s is %s on its page but %s on the governance overview", name, colour, bySystem[name])
			}
		}
	}

	pie := itemColours(overview["chart-purposes"])
	byPurpose := seriesColours(admin["chart-by-purpose"])
	if len(pie) < 3 {
		t.Fatalf("the reasons pie has %d slices, want several", len(pie))
	}
	for name, colour := range pie {
		if byPurpose[name] != colour {
			t.Errorf("reason %q is %s in the customer's pie but %s on the governance chart", name, colour, byPurpose[name])
		}
	}
}
