package handlers

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"vitrine/token"
)

// openOverview signs the persona in and opens /me in lang, waiting until every chart is drawn.
func openOverview(t *testing.T, ctx context.Context, url string, p persona, lang string) {
	t.Helper()
	link := url + "/s/" + mint(t, p.brand, p.id, token.AudSession, 10*time.Minute)
	err := chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.Navigate(url+"/me?lang="+lang),
		chromedp.WaitReady(`#chart-activity[data-chart-ready]`),
		chromedp.WaitReady(`#chart-purposes[data-chart-ready]`),
		chromedp.WaitReady(`#chart-categories[data-chart-ready]`),
		chromedp.Sleep(200*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("%s: open /me: %v", p.name, err)
	}
}

// chartName is what a drawn chart says to assistive technology, beside what the server wrote.
type chartName struct {
	ID       string `json:"id"`
	Role     string `json:"role"`
	Label    string `json:"label"`
	Summary  string `json:"summary"`
	Fallback bool   `json:"fallback"`
	Canvas   bool   `json:"canvas"`
}

// TestBrowserChartsKeepTheirLocalisedName checks that once ECharts has drawn, each chart is still one image named
// by the server's sentence in the page's language (not ECharts' English "It consists of 10 series…"), and that
// the text saying where the figures are has given way to the chart.
func TestBrowserChartsKeepTheirLocalisedName(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	for _, p := range personas {
		openOverview(t, ctx, ts.URL, p, p.lang)
		names, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartName](`[...document.querySelectorAll('[data-chart]')].map(el => ({
				id: el.id, role: el.getAttribute('role'), label: el.getAttribute('aria-label'),
				summary: el.closest('figure').querySelector('figcaption p').textContent,
				fallback: !!el.querySelector('[data-chart-fallback]'), canvas: !!el.querySelector('canvas')}))`))
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 3 {
			t.Fatalf("%s: %d charts, want 3", p.name, len(names))
		}
		for _, n := range names {
			if n.Role != "img" || n.Label != n.Summary {
				t.Errorf("%s %s: role %q, name %q; want img named %q", p.name, n.ID, n.Role, n.Label, n.Summary)
			}
			if !n.Canvas || n.Fallback {
				t.Errorf("%s %s: drawn %v, fallback text still there %v", p.name, n.ID, n.Canvas, n.Fallback)
			}
		}
		if p.lang == "fr" && !strings.HasPrefix(names[0].Label, "Vos données") {
			t.Errorf("%s: the monthly chart is named %q, want the French sentence", p.name, names[0].Label)
		}
		if p.lang == "en" && !strings.HasPrefix(names[0].Label, "Your data") {
			t.Errorf("%s: the monthly chart is named %q, want the English sentence", p.name, names[0].Label)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}

// TestBrowserChartWithoutScript checks that with JavaScript off each chart's box says, in the page's language,
// that the figures are in the table below, and that the table is there to open.
func TestBrowserChartWithoutScript(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, _ := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"fr": "Les chiffres de ce graphique sont dans le tableau ci-dessous.", "en": "The figures of this chart are in the table below."}
	for _, p := range personas {
		link := ts.URL + "/s/" + mint(t, p.brand, p.id, token.AudSession, 10*time.Minute)
		if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitReady(`#chart-activity`)); err != nil {
			t.Fatal(err)
		}
		type box struct {
			Text   string  `json:"text"`
			Height float64 `json:"height"`
			Table  bool    `json:"table"`
			Canvas bool    `json:"canvas"`
		}
		boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]box](`[...document.querySelectorAll('[data-chart]')].map(el => ({
				text: el.innerText.trim(), height: el.querySelector('[data-chart-fallback]')?.getBoundingClientRect().height || 0,
				table: !!el.closest('figure').querySelector('details table'), canvas: !!el.querySelector('canvas')}))`))
		if err != nil {
			t.Fatal(err)
		}
		if len(boxes) != 3 {
			t.Fatalf("%s: %d chart boxes, want 3", p.name, len(boxes))
		}
		for i, b := range boxes {
			if b.Text != want[p.lang] || b.Height < 10 || !b.Table || b.Canvas {
				t.Errorf("%s chart %d without JavaScript: says %q (%.0f px high), table %v, canvas %v; want %q shown", p.name, i, b.Text, b.Height, b.Table, b.Canvas, want[p.lang])
			}
		}
	}
}

// TestBrowserLegendPages checks that a chart with many series pages its legend (one row with arrows and
// "1/3") instead of piling rows of names over the bars, on a phone and on a desktop.
func TestBrowserLegendPages(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	camille := personas[0]
	for _, width := range []int64{320, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		openOverview(t, ctx, ts.URL, camille, "fr")
		type legend struct {
			Series int    `json:"series"`
			Type   string `json:"type"`
			Page   string `json:"page"`
		}
		// The legend's page counter ("1/3") is drawn on the canvas; the scroll legend's view keeps it as text.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[legend](`(() => {
				const chart = echarts.getInstanceByDom(document.getElementById('chart-activity'));
				const model = chart.getModel().getComponent('legend');
				const view = (chart._componentsViews || []).find(v => v.type === 'legend.scroll');
				const page = view && view._controllerGroup && view._controllerGroup.childOfName('pageText');
				return {series: chart.getOption().series.length, type: model ? model.type : '',
					page: page && !page.ignore && page.style ? String(page.style.text) : ''};
			})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got.Series < 8 {
			t.Fatalf("Camille's monthly chart has %d series, want many", got.Series)
		}
		m := regexp.MustCompile(`^(\d+)/(\d+)$`).FindStringSubmatch(got.Page)
		if got.Type != "legend.scroll" || m == nil || m[1] != "1" || m[2] == "1" {
			t.Errorf("at %d px, %d series: legend %q shows page %q, want a scroll legend on page 1 of several", width, got.Series, got.Type, got.Page)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}

// TestBrowserChartTablesScrollAt320 opens each chart's table on a 320 px screen: no number or word in a cell is
// broken over two lines, the page itself does not scroll sideways, and the wide monthly table scrolls inside
// its own frame instead.
func TestBrowserChartTablesScrollAt320(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatal(err)
	}
	for _, p := range personas {
		openOverview(t, ctx, ts.URL, p, p.lang)
		type report struct {
			Broken     []string `json:"broken"`
			Cells      int      `json:"cells"`
			PageOver   float64  `json:"pageOver"`
			WideScroll bool     `json:"wideScroll"`
		}
		// A word (or number) broken over two lines has more than one line box: a Range over it returns one
		// rectangle per line. A line may still end after a hyphen ("anti-|fraude"), as in any text.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[report](`(() => {
				document.querySelectorAll('details.chart-table').forEach(d => d.open = true);
				const broken = []; let cells = 0;
				for (const cell of document.querySelectorAll('.chart-table th, .chart-table td')) {
					const text = cell.firstChild;
					if (!text || text.nodeType !== Node.TEXT_NODE) continue;
					cells++;
					const re = /[^\s-]+/g; let m;
					while ((m = re.exec(text.data))) {
						const r = document.createRange();
						r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
						const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
						if (lines.size > 1) broken.push(cell.tagName + ' ' + JSON.stringify(m[0]));
					}
					if (cell.tagName === 'TD') {
						const r = document.createRange(); r.selectNodeContents(cell);
						const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
						if (lines.size > 1) broken.push('TD ' + JSON.stringify(text.data) + ' on ' + lines.size + ' lines');
					}
				}
				const wrap = document.querySelector('#chart-activity').closest('figure').querySelector('.table-wrap');
				return {broken, cells, pageOver: document.documentElement.scrollWidth - window.innerWidth,
					wideScroll: wrap.scrollWidth > wrap.clientWidth};
			})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got.Cells < 30 {
			t.Fatalf("%s: measured %d cells, want the three tables", p.name, got.Cells)
		}
		if len(got.Broken) > 0 {
			t.Errorf("%s at 320 px: %d cells broken over lines: %s", p.name, len(got.Broken), strings.Join(got.Broken[:min(8, len(got.Broken))], ", "))
		}
		if got.PageOver > 1 {
			t.Errorf("%s at 320 px: the page is %.0f px wider than the screen", p.name, got.PageOver)
		}
		if !got.WideScroll {
			t.Errorf("%s at 320 px: the monthly table does not scroll in its frame (so it was squeezed to fit)", p.name)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}

// TestBrowserLyingBarsHaveRoomOnAPhone checks that on a 320 px screen the names beside the data chart's lying
// bars are cut short rather than squeezing the bars into a sliver: the bars get at least 40 % of the chart's width.
func TestBrowserLyingBarsHaveRoomOnAPhone(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatal(err)
	}
	for _, p := range personas {
		openOverview(t, ctx, ts.URL, p, p.lang)
		share, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
				const chart = echarts.getInstanceByDom(document.getElementById('chart-categories'));
				const grid = chart.getModel().getComponent('grid').coordinateSystem.getRect();
				return grid.width / chart.getWidth();
			})()`))
		if err != nil {
			t.Fatal(err)
		}
		if share < 0.4 {
			t.Errorf("%s at 320 px: the bars of the data chart get %.0f %% of its width, want 40 %% or more", p.name, share*100)
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
