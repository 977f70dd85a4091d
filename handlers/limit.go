package handlers

import (
	"net/http"
	"runtime"
	"sync"

	"github.com/labstack/echo/v4"
)

// limitPages lets at most PageConcurrency customer pages and widgets be built at once; the others wait in line.
// Pages are CPU work: past a few per core, running more at once only shares the cores more thinly, so every page
// takes longer and the request that ingests events, one goroutine among many, gets a small share of the CPU
// (issue 9: with 16 clients on the overview, a batch of 500 events took 16 s). Waiting in line keeps the same
// throughput with a shorter tail and leaves ingest its share. A request whose client gives up leaves the line.
func (s *Server) limitPages(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		slots := s.slots()
		select {
		case slots <- struct{}{}: // a free slot: no wait, nothing to count
		default:
			s.pageWaiting.Add(1)
			select {
			case slots <- struct{}{}:
				s.pageWaiting.Add(-1)
			case <-c.Request().Context().Done():
				s.pageWaiting.Add(-1)
				return echo.NewHTTPError(http.StatusServiceUnavailable)
			}
		}
		defer func() { <-slots }()
		return next(c)
	}
}

func (s *Server) slots() chan struct{} {
	s.pageOnce.Do(func() {
		n := s.PageConcurrency
		if n <= 0 {
			n = 2 * runtime.GOMAXPROCS(0)
		}
		s.pageSlots = make(chan struct{}, n)
	})
	return s.pageSlots
}

// ingestShare holds some page slots back while event batches are being written. The writer is one goroutine
// among the pages': with every slot busy it got a fifth of the CPU, and a batch of 500 events beside 16 readers
// took 1.5 s instead of 0.3 s (issue 20), which a brand's API client meets as a stalled pipeline. While a batch is
// written, pages keep IngestPageSlots of their slots (by default one per CPU but one, at least one): the others are
// taken out of the line as they come free, and given back when the last batch is done. On 2 cores, keeping 2 slots
// gave ingest 933–1,400 events/s beside 16 readers at 10M events, keeping 1 gave 1,500–1,633 with the readers' p99
// at 40–45 ms; only the memo's worst case (every batch aimed at the viewed customers) saw its p99 rise, to 67–75 ms.
type ingestShare struct {
	mu      sync.Mutex
	writers int
	stop    chan struct{}
	parked  chan int // how many slots the parking goroutine took, once told to stop
}

// ingesting marks an event batch as being written until the returned func is called.
func (s *Server) ingesting() (done func()) {
	slots := s.slots()
	keep := s.IngestPageSlots
	if keep <= 0 {
		keep = runtime.GOMAXPROCS(0) - 1 // the writer is one goroutine: one core is all it can use, and it gets it
	}
	park := cap(slots) - max(1, keep)
	if park <= 0 {
		return func() {}
	}
	g := &s.writing
	g.mu.Lock()
	g.writers++
	if g.writers == 1 {
		stop, parked := make(chan struct{}), make(chan int, 1)
		g.stop, g.parked = stop, parked
		go func() {
			n := 0
			for n < park {
				select {
				case slots <- struct{}{}: // a slot came free: held back from the pages
					n++
				case <-stop:
					parked <- n
					return
				}
			}
			<-stop
			parked <- n
		}()
	}
	g.mu.Unlock()
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.writers--; g.writers > 0 {
			return
		}
		close(g.stop)
		for range <-g.parked {
			<-slots // give a held slot back
		}
	}
}
