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

// TestIngestHoldsPageSlotsBack checks that while an event batch is written pages get IngestPageSlots of their
// slots, the others being held back as they come free, and that all of them are theirs again once the last
// of two overlapping batches is done.
func TestIngestHoldsPageSlotsBack(t *testing.T) {
	s := &Server{PageConcurrency: 3, IngestPageSlots: 1}
	slots := s.slots()
	busy := func() int { return len(slots) }
	doneA := s.ingesting()
	doneB := s.ingesting() // a second batch at the same time: one set of slots held
	deadline := time.Now().Add(5 * time.Second)
	for busy() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := busy(); got != 2 {
		t.Fatalf("%d slots held while batches are written, want 2 of 3", got)
	}
	select {
	case slots <- struct{}{}: // a page takes the one slot left
	default:
		t.Fatal("no slot left for pages while a batch is written")
	}
	select {
	case slots <- struct{}{}:
		t.Fatal("a second page got a slot while a batch is written")
	default:
	}
	<-slots // that page is done
	doneA()
	if got := busy(); got != 2 {
		t.Errorf("%d slots held after the first of two batches, want 2", got)
	}
	doneB()
	if got := busy(); got != 0 {
		t.Errorf("%d slots still held once every batch is done, want 0", got)
	}

	// Pages busy when the batch starts: their slots are held back as they finish, not taken from them.
	slots <- struct{}{}
	slots <- struct{}{}
	slots <- struct{}{}
	done := s.ingesting()
	<-slots // a page finishes: its slot goes to the batch's hold, the queue stays full
	deadline = time.Now().Add(5 * time.Second)
	for busy() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := busy(); got != 3 {
		t.Errorf("%d slots taken after a page finished during a batch, want 3 (2 pages, 1 held)", got)
	}
	done()
	if got := busy(); got != 2 {
		t.Errorf("%d slots taken once the batch is done, want the 2 pages'", got)
	}
}
