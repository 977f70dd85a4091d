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

// Dispatcher turns the brand's change feed into deliveries and sends them. Every server runs one; they share
// the work through the database: fanning out moves an endpoint's cursor only from the value read, and a
// delivery is claimed with a lease before it is sent, so two servers never send the same attempt. Sending
// happens on its own goroutines, bounded, with timeouts: a slow or hanging endpoint never holds up pages or
// ingest.
type Dispatcher struct {
	DB          *store.DB
	Client      *http.Client
	Log         *slog.Logger
	Concurrency int           // deliveries in flight at once; default 8
	Poll        time.Duration // how often the feed and due deliveries are looked at; default 1s
	Lease       time.Duration // how long a claimed delivery is held; default a minute
	UserAgent   string

	wake chan struct{}
	once sync.Once
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
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

// Wake asks the dispatcher to look at the feed now rather than at its next poll: called after a change commits
// in this process, so its webhook leaves within milliseconds. Changes made by other servers wait for the poll.
func (d *Dispatcher) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.init()
	sem := make(chan struct{}, d.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(d.Poll)
	defer t.Stop()
	for {
		d.Step(ctx, sem, &wg)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.wake:
		}
	}
}

// Step fans out every active endpoint's new changes and starts sending the due deliveries, without waiting for
// them (they run under sem and wg).
func (d *Dispatcher) Step(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup) {
	d.init()
	eps, err := d.DB.ActiveWebhookEndpoints(ctx)
	if err != nil {
		if ctx.Err() == nil {
			d.Log.Error("webhooks: endpoints", "err", err)
		}
		return
	}
	byID := map[[2]int64]store.WebhookEndpoint{}
	for _, ep := range eps {
		byID[[2]int64{ep.BrandID, ep.ID}] = ep
		for {
			n, err := d.DB.FanOut(ctx, ep, 500, d.DB.Now())
			if err != nil {
				if ctx.Err() == nil {
					d.Log.Error("webhooks: fan out", "endpoint", ep.ID, "err", err)
				}
				break
			}
			if n == 0 {
				break
			}
			if ep, err = d.DB.WebhookEndpoint(ctx, ep.BrandID, ep.ID); err != nil {
				break
			}
		}
	}
	due, err := d.DB.DueDeliveries(ctx, d.DB.Now(), 4*d.Concurrency)
	if err != nil {
		if ctx.Err() == nil {
			d.Log.Error("webhooks: due deliveries", "err", err)
		}
		return
	}
	for _, dl := range due {
		ep, ok := byID[[2]int64{dl.BrandID, dl.EndpointID}]
		if !ok {
			continue // disabled or removed: its deliveries wait (or were failed when it was disabled)
		}
		claimed, err := d.DB.ClaimDelivery(ctx, dl, d.Lease, d.DB.Now())
		if err != nil || !claimed {
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
			d.send(ctx, ep, dl)
		}()
	}
}

// send makes one attempt and records its outcome.
func (d *Dispatcher) send(ctx context.Context, ep store.WebhookEndpoint, dl store.WebhookDelivery) {
	now := d.DB.Now()
	o := d.attempt(ctx, ep, dl, now)
	if !o.OK {
		o.Next = NextAttempt(dl.Attempts+1, dl.CreatedAt, now, rand.Float64)
	}
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
