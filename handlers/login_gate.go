package handlers

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// loginSlotWait is how long a sign-in waits for its turn to have its password checked before it is told to try
// again: a check takes some 30 ms, so a sign-in that waits longer is queued behind an attack.
const loginSlotWait = 2 * time.Second

// loginGate bounds the password checks run at once: one per account, and at most one per CPU in all. Each check
// holds 19 MiB for its duration (store/password.go), so thirty wrong passwords sent at once would otherwise cost
// hundreds of megabytes; in line they cost a goroutine each, and those that wait too long are refused. The zero
// value is ready to use.
type loginGate struct {
	mu    sync.Mutex
	all   chan struct{}            // one token per check running, made on first use
	busy  map[string]chan struct{} // the accounts with a check running, closed when it ends
	slots int                      // the size of all; zero means GOMAXPROCS
}

// acquireAccount waits until no other sign-in of key is running, or until ctx ends (false). On true, the caller
// must call releaseAccount(key).
func (g *loginGate) acquireAccount(ctx context.Context, key string) bool {
	for {
		g.mu.Lock()
		if g.busy == nil {
			g.busy = map[string]chan struct{}{}
		}
		done, held := g.busy[key]
		if !held {
			g.busy[key] = make(chan struct{})
			g.mu.Unlock()
			return true
		}
		g.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return false
		}
	}
}

// releaseAccount lets the next sign-in of key in. Accounts without a sign-in running take no memory.
func (g *loginGate) releaseAccount(key string) {
	g.mu.Lock()
	close(g.busy[key])
	delete(g.busy, key)
	g.mu.Unlock()
}

// acquireCheck waits for one of the CPU-wide slots, or until ctx ends (false). On true, the caller must call
// releaseCheck.
func (g *loginGate) acquireCheck(ctx context.Context) bool {
	g.mu.Lock()
	if g.all == nil {
		n := g.slots
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		g.all = make(chan struct{}, n)
	}
	all := g.all
	g.mu.Unlock()
	select {
	case all <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// releaseCheck frees a slot taken by acquireCheck.
func (g *loginGate) releaseCheck() {
	<-g.all
}
