package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"vitrine/metrics"
	"vitrine/store"
)

// Retry policy. The waits after each failed attempt follow the schedule Standard Webhooks suggests; after the
// last one the wait stays at its last value, until GiveUpAfter from the first attempt.
var (
	RetrySchedule = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour}
	// GiveUpAfter is how long a change keeps being retried before its delivery is marked failed.
	GiveUpAfter = 72 * time.Hour
	// DisableAfter is how long an endpoint may fail every delivery before it is disabled, with the reason shown
	// to the brand's admins.
	DisableAfter = 24 * time.Hour
)

// NextAttempt returns when to try again after the given number of failed attempts of a delivery created at
// created, with ±10% jitter so that many deliveries failing together do not come back together; zero means give
// up.
func NextAttempt(attempts int, created, now time.Time, jitter func() float64) time.Time {
	if attempts < 1 {
		attempts = 1
	}
	wait := RetrySchedule[min(attempts, len(RetrySchedule))-1]
	wait += time.Duration((jitter()*0.2 - 0.1) * float64(wait))
	next := now.Add(wait)
	if next.Sub(created) > GiveUpAfter {
		return time.Time{}
	}
	return next
}

// Dispatcher sends the deliveries of a brand's changes. Every server runs one; they share the work through the
// database. The deliveries of this process's own changes are created in the change's transaction already held
// for this dispatcher and handed to it at commit (store.DB.HandDeliveries), so they leave at once, with no write
// in between; retries, and the deliveries of a server that died before sending, are claimed from the database
// at each poll, with a hold, so two servers never send the same attempt. Sending happens on goroutines of its
// own, bounded, with timeouts: a slow or hanging endpoint never holds up pages or ingest.
type Dispatcher struct {
	DB          *store.DB
	Client      *http.Client
	Log         *slog.Logger
	Concurrency int           // deliveries in flight at once; default 8
	Poll        time.Duration // how often due deliveries are looked for; default 1s
	Lease       time.Duration // how long a delivery is held for this server; longer than an attempt may last; default a minute
	UserAgent   string
	Metrics     *metrics.Metrics // counts attempts by outcome and their time; nil counts nothing

	wake   chan struct{} // look for due deliveries now
	handed chan struct{} // deliveries were handed over at commit
	once   sync.Once
	mu     sync.Mutex
	held   []store.WebhookDelivery // handed over at commit, not yet started
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
		d.handed = make(chan struct{}, 1)
		if d.Concurrency <= 0 {
			d.Concurrency = 8
		}
		if d.Poll <= 0 {
			d.Poll = time.Second
		}
		if d.Lease <= 0 {
			d.Lease = time.Minute
		}
		if d.Log == nil {
			d.Log = slog.Default()
		}
		if d.UserAgent == "" {
			d.UserAgent = "vitrine-webhooks/1"
		}
	})
}

// Attach makes this dispatcher the sender of the deliveries its process's changes create.
func (d *Dispatcher) Attach() {
	d.init()
	d.DB.HandDeliveries(d.Lease, d.hand)
}

// hand takes deliveries held for this dispatcher at commit; they are sent at once.
func (d *Dispatcher) hand(ds []store.WebhookDelivery) {
	d.mu.Lock()
	d.held = append(d.held, ds...)
	d.mu.Unlock()
	select {
	case d.handed <- struct{}{}:
	default:
	}
}

// Wake asks the dispatcher to look for work now rather than at its next poll (after a test message or a replay
// is queued).
func (d *Dispatcher) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends, then waits for the attempts in flight to finish; deliveries not yet started stay in
// the outbox for the next start. What was handed over at commit is sent by a
// loop of its own, so that it never waits behind a poll's claim, a write that can queue behind ingest.
func (d *Dispatcher) Run(ctx context.Context) {
	d.init()
	sem := make(chan struct{}, d.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-d.handed:
				d.sendHeld(ctx, sem, &wg)
			}
		}
	}()
	t := time.NewTicker(d.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.wake:
		}
		d.Step(ctx, sem, &wg)
	}
}

// sendHeld starts sending what was handed over at commit.
func (d *Dispatcher) sendHeld(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup) {
	d.mu.Lock()
	held := d.held
	d.held = nil
	d.mu.Unlock()
	if len(held) > 0 {
		d.start(ctx, held, sem, wg)
	}
}

// Step claims the due deliveries (retries, test messages, replays, and what another server left) and starts
// sending them, without waiting for them (they run under sem and wg).
func (d *Dispatcher) Step(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup) {
	d.init()
	due, err := d.DB.ClaimDue(ctx, d.Lease, 4*d.Concurrency, d.DB.Now())
	if err != nil {
		if ctx.Err() == nil {
			d.Log.Error("webhooks: claim due deliveries", "err", err)
		}
		return
	}
	d.start(ctx, due, sem, wg)
}

// start sends deliveries this server holds, each to its endpoint as it is now: a delivery of an endpoint that
// was disabled or removed meanwhile is left (it was marked failed, or is gone).
func (d *Dispatcher) start(ctx context.Context, ds []store.WebhookDelivery, sem chan struct{}, wg *sync.WaitGroup) {
	eps := map[[2]int64]*store.WebhookEndpoint{}
	for _, dl := range ds {
		key := [2]int64{dl.BrandID, dl.EndpointID}
		ep, ok := eps[key]
		if !ok {
			e, err := d.DB.WebhookEndpoint(ctx, dl.BrandID, dl.EndpointID)
			if err == nil && e.DisabledAt == nil {
				ep = &e
			}
			eps[key] = ep
		}
		if ep == nil {
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			// An attempt under way when the server stops is finished, not cut (the client's timeout bounds it):
			// cut, the endpoint may have acted on it and would get it again.
			d.send(context.WithoutCancel(ctx), *ep, dl)
		}()
	}
}

// send makes one attempt and records its outcome.
func (d *Dispatcher) send(ctx context.Context, ep store.WebhookEndpoint, dl store.WebhookDelivery) {
	now := d.DB.Now()
	timer := d.Metrics.Start()
	o := d.attempt(ctx, ep, dl, now)
	outcome := metrics.HookDelivered
	if !o.OK {
		o.Next = NextAttempt(dl.Attempts+1, dl.CreatedAt, now, rand.Float64)
		outcome = metrics.HookUnreachable
		if o.Code != 0 {
			outcome = metrics.HookRefused
		}
	}
	timer.WebhookAttempt(outcome, !o.OK && o.Next.IsZero())
	// The outcome is recorded even when ctx ended during the attempt (a shutdown): the lease would otherwise hold
	// the delivery back for a minute for nothing.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := d.DB.RecordAttempt(rctx, dl, o, DisableAfter, d.DB.Now()); err != nil {
		d.Log.Error("webhooks: record attempt", "delivery", dl.ID, "err", err)
	}
}

func (d *Dispatcher) attempt(ctx context.Context, ep store.WebhookEndpoint, dl store.WebhookDelivery, now time.Time) store.DeliveryOutcome {
	body := []byte(dl.Payload)
	sig, err := Sign(ep.Secret, dl.MsgID, now, body)
	if err != nil {
		return store.DeliveryOutcome{Err: err.Error()}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return store.DeliveryOutcome{Err: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", d.UserAgent)
	req.Header.Set(HeaderID, dl.MsgID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(HeaderSignature, sig)
	resp, err := d.Client.Do(req)
	if err != nil {
		return store.DeliveryOutcome{Err: err.Error()}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return store.DeliveryOutcome{OK: true, Code: resp.StatusCode}
	}
	return store.DeliveryOutcome{Code: resp.StatusCode, Err: fmt.Sprintf("the endpoint answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))}
}
