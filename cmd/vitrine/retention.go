package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"vitrine/store"
)

// retentionHelp is `vitrine retention run --help`'s opening.
const retentionHelp = `vitrine retention run [--db DB] [--dry-run]

Deletes, for every brand and each AI system with a retention in the registry ("30 days", "13 months", "1 an"),
the details of the uses older than it: the raw events, a few thousand per transaction so that servers keep
writing meanwhile. The counts stay: customers' summaries, charts and "N uses since" do not change. A use a person
is asked to review stays. Prints, per brand and system, how many uses went. Then removes the receipts and
staff-access records older than each brand's legal period (vitrine receipts keep), never the receipt of a choice
still in force. --dry-run only counts them. vitrine serve does the same once a day.
`

// cmdRetention runs `vitrine retention run`.
func cmdRetention(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		return errors.New("retention: usage: vitrine retention run [--db PATH] [--dry-run]")
	}
	fs := newFlags("retention run")
	fs.Usage = func() { fmt.Fprint(fs.Output(), retentionHelp+"\nFlags:\n"); fs.PrintDefaults() }
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	dry := fs.Bool("dry-run", false, "count what would be deleted, delete nothing")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("retention run: unexpected argument %q", fs.Arg(0))
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.EnforceRetention(ctx, store.RetentionOptions{DryRun: *dry})
	printRetention(out, res, *dry)
	if err != nil {
		return err
	}
	proofs, err := db.PruneProofs(ctx, *dry)
	verb := "removed"
	if *dry {
		verb = "would remove"
	}
	for _, p := range proofs {
		if p.Consents+p.Accesses > 0 {
			fmt.Fprintf(out, "%s: keeps receipts and staff-access records %d months; %s %d receipts and %d staff-access records (of %d customers); the chains still verify\n",
				p.BrandSlug, p.Months, verb, p.Consents, p.Accesses, p.Customers)
		}
		if p.Calls > 0 {
			fmt.Fprintf(out, "%s: %s %d records of customers' AI assistants' calls older than %d months\n", p.BrandSlug, verb, p.Calls, p.Months)
		}
	}
	return err
}

// printRetention writes one line per brand and system, then the total.
func printRetention(out io.Writer, res []store.RetentionResult, dry bool) {
	verb := "removed"
	if dry {
		verb = "would remove"
	}
	total := 0
	for _, r := range res {
		switch {
		case r.Problem != "":
			fmt.Fprintf(out, "%s/%s: retention %q is not a period; nothing removed (fix it in the registry)\n", r.BrandSlug, r.SystemSlug, r.Problem)
		case r.Retention.IsZero():
			fmt.Fprintf(out, "%s/%s: no retention set; events kept\n", r.BrandSlug, r.SystemSlug)
		default:
			fmt.Fprintf(out, "%s/%s: keeps %s; %s %d events older than %s (of %d customers)\n", r.BrandSlug, r.SystemSlug, r.Retention,
				verb, r.Removed, r.Before.Format(time.RFC3339), r.Customers)
			total += r.Removed
		}
	}
	if dry {
		fmt.Fprintf(out, "Dry run: %d events would be removed; nothing was.\n", total)
	} else {
		fmt.Fprintf(out, "Removed %d events; the counts stay.\n", total)
	}
}

// retentionPoll is how often the server's daily retention job looks at the clock.
const retentionPoll = time.Minute

// startRetention runs the retention job inside vitrine serve: at start, then once a day by the store's clock,
// logging what each run removed. It returns a function that stops it and waits for a run in progress.
func startRetention(ctx context.Context, db *store.DB, log *slog.Logger, poll time.Duration) (stop func()) {
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.RetentionLoop(rctx, poll, func(res []store.RetentionResult, err error) {
			removed := 0
			for _, r := range res {
				removed += r.Removed
				if r.Problem != "" {
					log.Warn("retention: a system's retention is not a period; its events are kept", "brand", r.BrandSlug, "system", r.SystemSlug, "retention", r.Problem)
				}
			}
			if err != nil {
				log.Error("retention run failed; the next one is in a day", "err", err, "removed", removed)
				return
			}
			log.Info("retention run", "removed", removed)
		})
	}()
	return func() { cancel(); <-done }
}
