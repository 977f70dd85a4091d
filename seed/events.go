package seed

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"vitrine/store"
)

// batch is a slice of one brand's events, inserted in one transaction.
type batch struct {
	brand  *brandPlan
	events []store.EventInput
}

// generate streams every event of the plan, brand by brand and customer by customer, in batches of at most
// size events, and stops early when send returns false. Only one customer-month is held in memory at a time.
func (p *plan) generate(size int, send func(batch) bool) {
	for _, b := range p.brands {
		cur := batch{brand: b, events: make([]store.EventInput, 0, size)}
		seq := 0
		flush := func() bool {
			if len(cur.events) == 0 {
				return true
			}
			ok := send(cur)
			cur = batch{brand: b, events: make([]store.EventInput, 0, size)}
			return ok
		}
		emit := func(ev store.EventInput) bool {
			seq++
			ev.ID = b.spec.eventPfx + "-" + pad6(seq)
			cur.events = append(cur.events, ev)
			if len(cur.events) == size {
				return flush()
			}
			return true
		}
		for _, c := range b.customers {
			if !c.generate(uint64(p.opt.Seed), emit) {
				return
			}
		}
		if !flush() {
			return
		}
	}
}

func pad6(n int) string {
	s := strconv.Itoa(n)
	if len(s) < 6 {
		s = "000000"[len(s):] + s
	}
	return s
}

// generate emits the customer's events month by month in time order: ordinary visits drawn from the brand's
// rhythms, plus the planned training runs and special events of that month.
func (c *custPlan) generate(seed uint64, emit func(store.EventInput) bool) bool {
	b := c.brand
	r := rand.New(rand.NewPCG(seed, c.key))
	planned := make([]store.EventInput, 0, len(c.specials)+len(c.training))
	planned = append(append(planned, c.specials...), c.training...)
	slices.SortStableFunc(planned, func(x, y store.EventInput) int { return x.OccurredAt.Compare(y.OccurredAt) })

	// Share the ordinary events among the months in proportion to the brand's calendar, from the day after joining.
	nb := len(b.months) - 1
	counts := make([]int, nb)
	first := c.joinDay + 1
	if c.regular > 0 && first < len(b.days) {
		type frac struct {
			i int
			f float64
		}
		total := b.cum[len(b.days)] - b.cum[first]
		fracs := make([]frac, 0, nb)
		given := 0
		for i := range nb {
			d0, d1 := max(b.months[i], first), b.months[i+1]
			if d1 <= d0 {
				continue
			}
			x := float64(c.regular) * (b.cum[d1] - b.cum[d0]) / total
			counts[i] = int(x)
			given += counts[i]
			fracs = append(fracs, frac{i, x - float64(counts[i])})
		}
		slices.SortStableFunc(fracs, func(a, b frac) int { return cmp.Compare(b.f, a.f) })
		for k := 0; len(fracs) > 0 && k < c.regular-given; k++ {
			counts[fracs[k%len(fracs)].i]++
		}
	}

	var buf []store.EventInput
	next := 0
	end := b.start[len(b.days)]
	for i := range nb {
		buf = buf[:0]
		d0, d1 := max(b.months[i], first), b.months[i+1]
		for made := 0; made < counts[i]; {
			// One visit: a few events a minute or two apart, on one channel.
			day := b.sampleDay(r, d0, d1)
			sec := b.sampleHour(r, b.days[day].weekend)*3600 + r.IntN(3600)
			channel := pickWeighted(r, b.spec.channels)
			visit := 1
			for visit < 8 && r.Float64() < 0.55 {
				visit++
			}
			for k := 0; k < visit && made < counts[i]; k++ {
				t := b.at(day, 0, 0, sec)
				if t.Unix() >= end {
					t = time.Unix(end-int64(visit-k), 0).In(b.loc)
				}
				buf = append(buf, c.visitEvent(r, day, t, channel))
				made++
				sec += 15 + r.IntN(200)
			}
		}
		limit := b.start[b.months[i+1]]
		for next < len(planned) && planned[next].OccurredAt.Unix() < limit {
			buf = append(buf, planned[next])
			next++
		}
		slices.SortStableFunc(buf, func(x, y store.EventInput) int { return x.OccurredAt.Compare(y.OccurredAt) })
		for _, ev := range buf {
			if !emit(ev) {
				return false
			}
		}
	}
	for ; next < len(planned); next++ { // cannot happen: planned events lie inside the window
		if !emit(planned[next]) {
			return false
		}
	}
	return true
}

// visitEvent draws what an AI system did during a visit at time t, among the activities the customer's
// consent allowed at that moment; scheduled jobs (an email send time) run at their own hour that day.
func (c *custPlan) visitEvent(r *rand.Rand, day int, t time.Time, channel string) store.EventInput {
	b := c.brand
	acts := b.spec.activities
	a := &acts[b.spec.fallback]
	at := t
	for range 4 {
		u := r.Float64() * b.actCum[len(b.actCum)-1]
		i, _ := slices.BinarySearch(b.actCum, u)
		cand := &acts[min(i, len(acts)-1)]
		when := t
		if cand.hour > 0 {
			when = b.at(day, cand.hour, r.IntN(60), r.IntN(60))
		}
		if c.allowed(cand.purpose, when.Unix()) {
			a, at = cand, when
			break
		}
	}
	ev := store.EventInput{Customer: c.ext, System: a.system, Purpose: a.purpose, Action: a.action,
		DataCategories: a.cats, OccurredAt: at, Channel: channel}
	if a.channel != "" {
		ev.Channel = a.channel
	}
	if b.learns[a.system] {
		ev.ModelVersion = b.version(at.Unix())
	}
	if a.fill != nil {
		a.fill(r, c, &ev)
	}
	return ev
}

// insertEvents streams the generated events into the store: one goroutine generates batches while this one
// inserts them, so generation overlaps with SQLite's work and memory stays flat at any size.
func (p *plan) insertEvents(ctx context.Context, db *store.DB, progress func(done, total int)) (events, violations int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 4)
	go func() {
		defer close(batches)
		p.generate(batchSize, func(bt batch) bool {
			select {
			case batches <- bt:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	for bt := range batches {
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			continue // drain so the generator can stop
		}
		for i := range bt.events {
			// The brand writes its outcomes and decisions in its own language, and says so.
			bt.events[i].Lang = bt.brand.spec.brandLoc
		}
		res, ierr := db.InsertEvents(ctx, bt.brand.id, bt.events)
		if ierr != nil {
			err = ierr
			cancel()
			continue
		}
		for _, r := range res {
			if r.Status == store.StatusAccepted {
				events++
			}
			if r.Violation {
				violations++
			}
		}
		if progress != nil {
			progress(events, max(p.total, events))
		}
	}
	return events, violations, err
}
