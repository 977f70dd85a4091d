package store

import "time"

// flusher is a background writer of values gathered in memory (visit times, key uses): a kick asks for a flush
// after a short wait, so that what comes in meanwhile shares one transaction and one fsync, and stop writes what
// is left before it returns. flush reports whether it wrote; when it could not, another round is due even if
// nothing new comes in.
type flusher struct {
	kick, stop, done chan struct{}
}

// startFlusher runs flush every time it is kicked, at most once per wait.
func startFlusher(wait time.Duration, flush func() bool) *flusher {
	f := &flusher{kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		for {
			select {
			case <-f.kick:
				select {
				case <-time.After(wait):
				case <-f.stop:
				}
				if !flush() {
					f.Kick() // try again at the next round
				}
			case <-f.stop:
				flush()
				return
			}
		}
	}()
	return f
}

// Kick asks for a flush soon; it never blocks.
func (f *flusher) Kick() {
	select {
	case f.kick <- struct{}{}:
	default: // a flush is already due
	}
}

// Stop writes what is pending and ends the writer; a nil or stopped flusher does nothing.
func (f *flusher) Stop() {
	if f == nil || f.stop == nil {
		return
	}
	close(f.stop)
	<-f.done
	f.stop = nil
}
