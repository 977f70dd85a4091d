package handlers

import (
	"net/http"
	"runtime"

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
