package handlers

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/token"
)

// sparkRe reads the widget's small chart: its drawing width, each bar with its month, and the month labels.
var (
	sparkViewBoxRe = regexp.MustCompile(`<svg viewBox="0 0 (\d+) (\d+)"`)
	sparkBarRe     = regexp.MustCompile(`<rect x="(\d+)" y="\d+" width="(\d+)" height="\d+"><title>([^<]*)</title></rect>`)
	sparkLabelRe   = regexp.MustCompile(`<span class="spark-month"[^>]*>([^<]*)</span>`)
)

// TestWidgetSparkMonths checks that the widget's small chart covers the same months as the full page's monthly
// chart, draws every one of them inside its frame, and names the first and last month under the bars, in the
// customer's language.
func TestWidgetSparkMonths(t *testing.T) {
	_, ts := newTestServer(t)
	for _, p := range personas {
		t.Run(p.name, func(t *testing.T) {
			_, _, page := get(t, signIn(t, ts, p.brand, p.id), ts.URL+"/me")
			var want []string
			for _, ax := range list(chartOptions(t, page)["chart-activity"]["xAxis"]) {
				for _, m := range ax["data"].([]any) {
					want = append(want, m.(string))
				}
			}
			if len(want) != 13 {
				t.Fatalf("the overview's chart has %d months, want 13 (a rolling year, both ends partial)", len(want))
			}
			tok := mint(t, p.brand, p.id, token.AudEmbed, 10*time.Minute)
			_, _, body := get(t, client(t), ts.URL+"/embed/v1?token="+url.QueryEscape(tok))
			fig := body[strings.Index(body, `data-testid="spark"`):]
			fig = fig[:strings.Index(fig, "</figure>")]
			vb := sparkViewBoxRe.FindStringSubmatch(fig)
			if vb == nil {
				t.Fatalf("no SVG in the widget's chart: %s", fig)
			}
			var width int
			fmt.Sscan(vb[1], &width)
			var got []string
			for _, b := range sparkBarRe.FindAllStringSubmatch(fig, -1) {
				var x, w int
				fmt.Sscan(b[1], &x)
				fmt.Sscan(b[2], &w)
				month, _, _ := strings.Cut(strings.ReplaceAll(b[3], "\u00a0:", ":"), ":")
				if x < 0 || x+w > width {
					t.Errorf("the bar of %s (x %d, width %d) is outside the %d px wide drawing", month, x, w, width)
				}
				got = append(got, month)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("widget months %q, want the overview's %q", got, want)
			}
			labels := sparkLabelRe.FindAllStringSubmatch(fig, -1)
			if len(labels) < 2 || labels[0][1] != want[0] || labels[len(labels)-1][1] != want[len(want)-1] {
				t.Errorf("month labels under the bars %q, want %q first and %q last", labels, want[0], want[len(want)-1])
			}
		})
	}
}
