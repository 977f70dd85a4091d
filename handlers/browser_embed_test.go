package handlers

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vitrine/seed"
)

// brandSite starts the pretend brand site on its own port and returns its origin as the browser will see it:
// "localhost", so it is another site than vitrine at 127.0.0.1 and the widget is a true third-party frame.
func brandSite(t *testing.T, s *Server, vitrineURL string) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	port := srv.Listener.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndex(port, ":")+1:]
	origin := "http://localhost:" + port
	srv.Config.Handler = DemoSite(s.DB, vitrineURL, origin, seed.BrandMaison, seed.CamilleID)
	srv.Start()
	t.Cleanup(srv.Close)
	return origin
}

// widgetFrame finds the widget's frame (an out-of-process iframe: another site) and attaches to it.
func widgetFrame(t *testing.T, ctx context.Context, vitrineURL string) (context.Context, bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, vitrineURL+"/embed/v1") {
				fctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				return fctx, true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, false
}

func TestBrowserWidgetInBrandSite(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.DB.SetClock(time.Now) })
	ctx, errs := browser(t, chromedp.Flag("test-third-party-cookie-phaseout", true))
	origin := brandSite(t, s, ts.URL)
	b, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	if err := s.DB.SetEmbedOrigins(context.Background(), b.ID, []string{origin}); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(origin+"/"), chromedp.WaitVisible(`[data-testid="widget-frame"]`)); err != nil {
		t.Fatalf("brand page: %v", err)
	}
	fctx, ok := widgetFrame(t, ctx, ts.URL)
	if !ok {
		t.Fatalf("the widget frame never loaded (errors: %v)", errs())
	}
	if err := chromedp.Do(fctx, chromedp.WaitVisible(`[data-testid="summary"]`)); err != nil {
		t.Fatalf("widget content: %v", err)
	}
	cookies, err := chromedp.Run(fctx, chromedp.Evaluate[string](`document.cookie`))
	if err != nil || cookies != "" {
		t.Errorf("the widget has cookies %q (%v): it must work without them", cookies, err)
	}
	// The resize message reaches the parent page, which sizes the iframe to the widget.
	// Wait until the height has held for three readings: clicking in a frame still being resized can miss.
	var height, last float64
	for i, same := 0, 0; i < 50 && same < 3; i++ {
		height, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('[data-testid="widget-frame"]').getBoundingClientRect().height`))
		if err == nil && height != 400 && height > 100 && height == last {
			same++
		} else {
			same = 0
		}
		last = height
		time.Sleep(100 * time.Millisecond)
	}
	if height == 400 || height <= 100 {
		t.Errorf("iframe height stayed %v: the resize message did not arrive", height)
	}
	// The consent toggle works inside the frame, with third-party cookies blocked.
	tctx, cancel := context.WithTimeout(fctx, 15*time.Second)
	defer cancel()
	err = chromedp.Do(tctx,
		chromedp.Click(`[data-testid="consent-recommendations"] [data-testid="consent-button"]`),
		chromedp.WaitVisible(`[data-testid="notice"]`),
	)
	if err != nil {
		where, _ := chromedp.Run(fctx, chromedp.Evaluate[string](`location.href + " " + document.body.innerText.slice(0, 300)`))
		t.Fatalf("consent toggle in the widget: %v (frame now at %q; errors: %v)", err, where, errs())
	}
	state, err := chromedp.Run(fctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="consent-recommendations"] [data-testid="consent-state"]').dataset.state`))
	if err != nil || state != "refused" {
		t.Errorf("after the toggle the widget shows state %q (%v), want refused", state, err)
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}

func TestBrowserWidgetRefusedOnOtherOrigins(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.DB.SetClock(time.Now) })
	ctx, _ := browser(t)
	allowed := brandSite(t, s, ts.URL)
	other := brandSite(t, s, ts.URL) // a page on an origin the brand did not register
	b, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	s.DB.SetEmbedOrigins(context.Background(), b.ID, []string{allowed})

	if err := chromedp.Do(ctx, chromedp.Navigate(other+"/"), chromedp.WaitVisible(`[data-testid="widget-frame"]`), chromedp.Sleep(1500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if fctx, ok := widgetFrame(t, ctx, ts.URL); ok {
		shown, err := chromedp.Run(fctx, chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="summary"]')`))
		if err == nil && shown {
			t.Fatalf("a page on %s displays the widget, but only %s may frame it", other, allowed)
		}
	}
}
