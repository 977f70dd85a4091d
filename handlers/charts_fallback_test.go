package handlers

import (
	"regexp"
	"strings"
	"testing"
)

// chartFallbackRe finds what a chart's box says before the chart script draws in it.
var chartFallbackRe = regexp.MustCompile(`(?s)<div class="chart[^"]*" id="chart-[a-z-]+"[^>]*>(.*?)</div>`)

// TestChartBoxSaysWhereTheFiguresAre checks that, without JavaScript, a chart's box is not left blank: it says
// in the page's language that the figures are in the table below.
func TestChartBoxSaysWhereTheFiguresAre(t *testing.T) {
	_, ts := newTestServer(t)
	want := map[string]string{"fr": "Les chiffres de ce graphique sont dans le tableau ci-dessous.",
		"en": "The figures of this chart are in the table below."}
	for _, p := range personas {
		c := signIn(t, ts, p.brand, p.id)
		for lang, text := range want {
			_, _, body := get(t, c, ts.URL+"/me?lang="+lang)
			boxes := chartFallbackRe.FindAllStringSubmatch(body, -1)
			if len(boxes) != 3 {
				t.Fatalf("%s %s: %d chart boxes, want 3", p.name, lang, len(boxes))
			}
			for _, b := range boxes {
				if !strings.Contains(b[1], text) {
					t.Errorf("%s %s: a chart box says %q, want %q", p.name, lang, strings.TrimSpace(b[1]), text)
				}
			}
		}
	}
}
