package handlers

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"

	"vitrine/seed"
	"vitrine/token"
)

// browser starts headless Chromium for one test and collects every console error, uncaught exception and
// browser-reported error (CSP refusals included). Without Chromium the test is skipped on a developer machine
// and fails when VITRINE_REQUIRE_BROWSER is set, as it is in CI.
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) (context.Context, func() []string) {
	t.Helper()
	required := os.Getenv("VITRINE_REQUIRE_BROWSER") != ""
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	switch {
	case path == "" && required:
		t.Fatal("VITRINE_REQUIRE_BROWSER is set but no Chromium was found")
	case path == "":
		t.Skip("no Chromium on this machine; install it (apt-get install chromium) to run browser tests")
	case testing.Short() && !required:
		t.Skip("browser tests skipped in -short mode")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	var mu sync.Mutex
	var errs []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				mu.Lock()
				errs = append(errs, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

func TestBrowserOverviewDrawsCharts(t *testing.T) {
	_, ts := newTestServer(t)
	ctx, errs := browser(t)
	link := ts.URL + "/s/" + mint(t, seed.BrandMaison, seed.CamilleID, token.AudSession, 10*time.Minute)
	err := chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(`[data-testid="summary"]`),
		chromedp.WaitReady(`#chart-activity canvas`),
		chromedp.WaitReady(`#chart-purposes canvas`),
		chromedp.WaitReady(`#chart-categories canvas`),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("browse /me: %v (errors so far: %v)", err, errs())
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := chromedp.Run(ctx, chromedp.Evaluate[map[string][]float64](`Object.fromEntries(['chart-activity','chart-purposes','chart-categories'].map(id => {
			const c = document.querySelector('#' + id + ' canvas'); const r = c.getBoundingClientRect();
			return [id, [r.width, r.height]]; }))`))
	if err != nil {
		t.Fatalf("measure charts: %v", err)
	}
	if !strings.HasSuffix(url, "/me") {
		t.Errorf("the session link landed on %s, want /me", url)
	}
	for id, wh := range sizes {
		if len(wh) != 2 || wh[0] < 100 || wh[1] < 100 {
			t.Errorf("%s drawn at %v, want a visible canvas", id, wh)
		}
	}
	if len(sizes) != 3 {
		t.Errorf("found %d charts, want 3", len(sizes))
	}
	if e := errs(); len(e) > 0 {
		t.Errorf("browser reported errors:\n%s", strings.Join(e, "\n"))
	}
}
