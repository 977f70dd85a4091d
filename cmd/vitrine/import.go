package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"vitrine/ingest"
	"vitrine/store"
)

// importBatch is how many events the import commits at a time: an interrupted import loses at most the
// batch in flight, and a rerun finds everything committed before as duplicates.
const importBatch = 500

// importSummary counts what an import did.
type importSummary struct {
	Accepted, Duplicates, Rejected, Violations int
}

func cmdImport(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	fs := newFlags("import")
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *brandSlug == "" || fs.NArg() != 1 {
		return errors.New("import: usage: vitrine import --db PATH --brand SLUG FILE")
	}
	var in io.Reader = stdin
	var size int64
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in = f
	}
	db, brand, err := openBrand(ctx, "import", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	bar := noProgress(out)
	if !*quiet && size > 0 { // standard input has no size to measure progress against
		bar = newProgress(out, size, "importing", "", true)
	}
	sum, err := importEvents(ctx, db, brand.ID, in, bar, size)
	bar.done()
	fmt.Fprintf(out, "%d accepted, %d duplicates (already stored), %d rejected, %d consent violations flagged, in %s.\n",
		sum.Accepted, sum.Duplicates, sum.Rejected, sum.Violations, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return fmt.Errorf("import stopped; everything reported above is committed, rerun to continue: %w", err)
	}
	if sum.Rejected > 0 {
		return fmt.Errorf("import: %d events were rejected (listed above); fix them and rerun: accepted events will count as duplicates", sum.Rejected)
	}
	return nil
}

// importEvents reads NDJSON batch by batch through the same decoder and checks as the API, reports each
// rejected line, and commits each batch before reading the next; bar follows the bytes read out of size.
func importEvents(ctx context.Context, db *store.DB, brandID int64, in io.Reader, bar *progress, size int64) (importSummary, error) {
	var sum importSummary
	r := ingest.NewNDJSONReader(in, time.Now())
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		items, err := r.Next(importBatch)
		if errors.Is(err, io.EOF) && len(items) == 0 {
			return sum, nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return sum, err
		}
		var valid []store.EventInput
		var lines []int
		for _, it := range items {
			if len(it.Errors) > 0 {
				sum.Rejected++
				for _, fe := range it.Errors {
					bar.printf("line %d: %s\n", it.Line, fieldMessage(fe.Field, fe.Message))
				}
				continue
			}
			valid, lines = append(valid, it.Event), append(lines, it.Line)
		}
		if len(valid) > 0 {
			res, err := db.InsertEvents(ctx, brandID, valid)
			if err != nil {
				return sum, err
			}
			for j, x := range res {
				if x.Status == store.StatusExpired {
					sum.Rejected++
					bar.printf("line %d: %s\n", lines[j], fieldMessage("occurred_at", store.ExpiredMessage))
					continue
				}
				if x.Status == store.StatusAccepted {
					sum.Accepted++
					if x.Violation {
						sum.Violations++
					}
				} else {
					sum.Duplicates++
				}
			}
		}
		bar.set(r.BytesRead(), size)
	}
}

// fieldMessage puts the field before its message; whole-event messages already say "event …".
func fieldMessage(field, msg string) string {
	if field == "" {
		return msg
	}
	return field + " " + msg
}
