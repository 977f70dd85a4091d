// Package seed fills an empty vitrine database with deterministic demo data: two brands, their AI registries, customers, consent histories and a year of usage events.
package seed

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"vitrine/store"
)

// Demo brands and personas, as the README and the tests name them.
const (
	BrandMaison    = "maison-lumiere" // Maison Lumière, a French beauty and fashion retailer
	BrandNorthwind = "northwind-bank" // Northwind Bank, a British retail bank
	CamilleID      = "C-1001"         // Camille Martin, camille.martin@example.com, fr, maison-lumiere
	SamID          = "N-2001"         // Sam Patel, sam.patel@example.com, en, northwind-bank
)

// Defaults used when Options fields are zero.
const (
	DefaultCustomers = 300
	DefaultEvents    = 40000
	DefaultSeed      = 1
)

// batchSize is the number of events inserted per transaction.
const batchSize = 1000

// Options sizes and fixes the demo data. Zero values mean the demo defaults.
type Options struct {
	Customers int                   // total across both brands (at least the 2 personas); default 300
	Events    int                   // total usage events, within a few percent; default 40000
	Seed      int64                 // default 1
	Now       time.Time             // reference date; default the store's clock; the 12 months before its day hold the data
	Progress  func(done, total int) // optional, called after each batch of events is inserted
}

// Result says what Demo wrote and how long it took.
type Result struct {
	Brands, Customers, Events, Violations int
	Duration                              time.Duration
}

func (o Options) withDefaults() Options {
	if o.Customers <= 0 {
		o.Customers = DefaultCustomers
	}
	o.Customers = max(o.Customers, 2)
	if o.Events <= 0 {
		o.Events = DefaultEvents
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	return o
}

// Demo fills an EMPTY database (it returns an error if a brand exists) with both brands, their registries,
// customers, consent histories, model versions and a year of events, deterministically for (Seed, the UTC day
// of Now): the same options give the same customers, consents and event ids, times and contents.
// Consent receipt ids, signing keys and ingestion times are made by the store and differ from run to run.
func Demo(ctx context.Context, db *store.DB, opt Options) (Result, error) {
	began := time.Now()
	opt = opt.withDefaults()
	if opt.Now.IsZero() {
		opt.Now = db.Now()
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return Result{}, err
	}
	if !empty {
		return Result{}, errors.New("seed: the database already holds brands; demo data only goes into an empty database")
	}
	p, err := newPlan(opt)
	if err != nil {
		return Result{}, err
	}
	var res Result
	for _, b := range p.brands {
		if err := b.saveRegistry(ctx, db); err != nil {
			return res, err
		}
		res.Brands++
	}
	for _, b := range p.brands {
		n, err := b.saveCustomers(ctx, db)
		res.Customers += n
		if err != nil {
			return res, err
		}
	}
	res.Events, res.Violations, err = p.insertEvents(ctx, db, opt.Progress)
	if err == nil {
		err = p.saveStaff(ctx, db)
	}
	res.Duration = time.Since(began)
	return res, err
}

// saveRegistry creates the brand with its data categories, purposes, AI systems and model versions.
func (b *brandPlan) saveRegistry(ctx context.Context, db *store.DB) error {
	br, err := db.CreateBrand(ctx, b.spec.brand)
	if err != nil {
		return err
	}
	b.id = br.ID
	for _, d := range b.spec.categories {
		d.BrandID = b.id
		if _, err := db.SaveCategory(ctx, d); err != nil {
			return err
		}
	}
	for _, pu := range b.spec.purposes {
		pu.BrandID, pu.Registered = b.id, true
		if _, err := db.SavePurpose(ctx, pu); err != nil {
			return err
		}
	}
	for _, s := range b.spec.systems {
		s.BrandID, s.Status, s.Registered = b.id, "active", true
		id, err := db.SaveSystem(ctx, s)
		if err != nil {
			return err
		}
		b.systemIDs[s.Slug] = id
	}
	// One version per monthly run, each trained on the 3 calendar months before it; the newest is live.
	for _, l := range b.spec.learners {
		for i, run := range b.runs {
			t := time.Unix(run, 0).In(b.loc)
			m := store.ModelVersion{
				SystemID:    b.systemIDs[l.system],
				Version:     strconv.Itoa(i + 1),
				TrainedAt:   t,
				WindowStart: time.Date(t.Year(), t.Month()-3, 1, 0, 0, 0, 0, b.loc),
				WindowEnd:   time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, b.loc),
				Status:      "retired",
			}
			if i == len(b.runs)-1 {
				next := b.next
				m.Status, m.NextRetrainAt = "live", &next
			}
			if err := db.SaveModelVersion(ctx, m); err != nil {
				return fmt.Errorf("seed: %s version %s: %w", l.system, m.Version, err)
			}
		}
	}
	return nil
}

// saveCustomers writes the customers and their consent histories, before any event they govern.
func (b *brandPlan) saveCustomers(ctx context.Context, db *store.DB) (int, error) {
	purposeIDs := map[string]int64{}
	reg, err := db.Registry(ctx, b.id)
	if err != nil {
		return 0, err
	}
	for slug, pu := range reg.PurposeBySlug {
		purposeIDs[slug] = pu.ID
	}
	// Customers and their consent histories go in batches, one transaction each: a transaction per row would cost
	// an fsync per row on the synchronous=FULL writer, hours at 100,000 customers.
	const chunk = 2000
	n := 0
	for start := 0; start < len(b.customers); start += chunk {
		part := b.customers[start:min(start+chunk, len(b.customers))]
		cs := make([]store.Customer, len(part))
		for i, c := range part {
			cs[i] = store.Customer{BrandID: b.id, ExternalID: c.ext, Email: c.email, Name: c.name, Locale: c.locale}
		}
		ids, err := db.SaveCustomers(ctx, cs)
		if err != nil {
			return n, err
		}
		n += len(ids)
		var changes []store.ConsentChange
		for i, c := range part {
			for _, cp := range c.consents {
				pid, ok := purposeIDs[cp.purpose]
				if !ok {
					return n, fmt.Errorf("seed: consent for unknown purpose %q", cp.purpose)
				}
				changes = append(changes, store.ConsentChange{CustomerID: ids[i], PurposeID: pid, State: cp.state,
					Method: cp.method, Actor: cp.actor, At: time.Unix(cp.at, 0)})
			}
		}
		if _, err := db.RecordConsents(ctx, changes); err != nil {
			return n, err
		}
	}
	return n, nil
}
