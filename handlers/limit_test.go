package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestLimitPages checks the line in front of page building: past PageConcurrency pages at once the next one
// waits for a slot, gets it when a page finishes, and a visitor who gives up while waiting leaves the line
// without taking a slot.
func TestLimitPages(t *testing.T) {
	s := &Server{PageConcurrency: 1}
	release := make(chan struct{})
	started := make(chan string, 4)
	e := echo.New()
	e.GET("/page", func(c echo.Context) error {
		started <- c.QueryParam("who")
		if c.QueryParam("who") == "first" {
			<-release
		}
		return c.String(http.StatusOK, "ok")
	}, s.limitPages)
	serve := func(ctx context.Context, who string) chan int {
		done := make(chan int, 1)
		go func() {
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/page?who="+who, nil).WithContext(ctx))
			done <- rec.Code
		}()
		return done
	}

	first := serve(context.Background(), "first")
	if who := <-started; who != "first" {
		t.Fatalf("%s started first", who)
	}
	// A visitor who gives up while the only slot is taken: turned away, and the slot is still the first's.
	ctx, cancel := context.WithCancel(context.Background())
	quitter := serve(ctx, "quitter")
	time.Sleep(20 * time.Millisecond)
	cancel()
	if code := <-quitter; code != http.StatusServiceUnavailable {
		t.Errorf("visitor who gave up: %d, want 503", code)
	}
	second := serve(context.Background(), "second")
	select {
	case who := <-started:
		t.Fatalf("%s was built while the only slot was taken", who)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if code := <-first; code != http.StatusOK {
		t.Errorf("first page: %d", code)
	}
	select {
	case who := <-started:
		if who != "second" {
			t.Errorf("%s got the freed slot, want second", who)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiting page never got the freed slot")
	}
	if code := <-second; code != http.StatusOK {
		t.Errorf("second page: %d", code)
	}
}
