package handlers

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"vitrine/token"
)

// ring is the focused element's ring colours and the colour behind the ring.
type ring struct {
	Where   string   `json:"where"`
	Tag     string   `json:"tag"`
	Colours []string `json:"colours"`
	Behind  string   `json:"behind"`
}

var rgbRe = regexp.MustCompile(`rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)`)

// luminance is WCAG 2's relative luminance of a CSS rgb() colour; ok is false for a colour it cannot read or a
// see-through one.
func luminance(css string) (float64, bool) {
	m := rgbRe.FindStringSubmatch(css)
	if m == nil || m[4] != "" && m[4] != "1" {
		return 0, false
	}
	var lin [3]float64
	for i := range 3 {
		c, _ := strconv.ParseFloat(m[i+1], 64)
		c /= 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2], true
}

// contrast is the WCAG contrast ratio of two CSS colours.
func contrast(a, b string) float64 {
	la, oka := luminance(a)
	lb, okb := luminance(b)
	if !oka || !okb {
		return 0
	}
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestContrastMatchesWCAG pins the contrast helper the focus test relies on to known values.
func TestContrastMatchesWCAG(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{{"rgb(0, 0, 0)", "rgb(255, 255, 255)", 21}, {"rgb(26, 95, 180)", "rgb(122, 59, 94)", 1.28}, {"rgb(118, 118, 118)", "rgb(255, 255, 255)", 4.54}} {
		if got := contrast(c.a, c.b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.2f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

// focusRing reads the ring of the focused element: its outline and box-shadow colours, and the first opaque
// background behind the element (the ring is drawn outside it).
const focusRing = `(() => {
	const el = document.activeElement, cs = getComputedStyle(el), colours = [];
	if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) colours.push(cs.outlineColor);
	for (const c of (cs.boxShadow === 'none' ? '' : cs.boxShadow).match(/rgba?\([^)]*\)/g) || []) colours.push(c);
	let n = el.parentElement, behind = '';
	while (n && !behind) {
		const b = getComputedStyle(n).backgroundColor;
		if (b && b !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(b)) behind = b;
		n = n.parentElement;
	}
	return {where: el.closest('header.site') ? 'header' : el.closest('main') ? 'main' : 'other', tag: el.tagName,
		colours, behind: behind || 'rgb(255, 255, 255)'};
})()`

// TestBrowserFocusRingContrast tabs to a header link and to a link or button of the page's content, with the
// brand colours of real brands (a plum, a dark navy, a light yellow, a mid grey), in light and dark mode, and
// checks that one of the ring's colours stands out from the background behind it by 3:1 or more.
func TestBrowserFocusRingContrast(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	camille := personas[0]
	link := ts.URL + "/s/" + mint(t, camille.brand, camille.id, token.AudSession, 10*time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitReady("main")); err != nil {
		t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		for _, brand := range []string{"#7a3b5e", "#1f3a5f", "#f4d35e", "#8a8a8a"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/me/consents"), chromedp.WaitReady("main")); err != nil {
				t.Fatal(err)
			}
			// The layout sets --brand from the brand's theme; a script-set property is allowed by the page's CSP.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.documentElement.style.setProperty('--brand', %q), true`, brand))); err != nil {
				t.Fatal(err)
			}
			found := map[string]bool{}
			for i := 0; i < 40 && len(found) < 2; i++ {
				if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
					t.Fatal(err)
				}
				r, err := chromedp.Run(ctx, chromedp.Evaluate[ring](focusRing))
				if err != nil {
					t.Fatal(err)
				}
				if r.Where == "other" || found[r.Where] || r.Tag != "A" && r.Tag != "BUTTON" {
					continue
				}
				found[r.Where] = true
				best := 0.0
				for _, c := range r.Colours {
					best = math.Max(best, contrast(c, r.Behind))
				}
				if best < 3 {
					t.Errorf("%s mode, brand %s: the focus ring of a %s %s (%v) stands out from %s by only %.2f:1, want 3:1",
						scheme, brand, r.Where, r.Tag, r.Colours, r.Behind, best)
				}
			}
			if !found["header"] || !found["main"] {
				t.Errorf("%s mode, brand %s: Tab reached header %v, main %v", scheme, brand, found["header"], found["main"])
			}
		}
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
