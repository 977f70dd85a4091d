package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"vitrine/store"
)

// cmdCopy moves a whole installation from one database to another, SQLite or PostgreSQL either way (say from the
// embedded file to a PostgreSQL server), with a progress bar per table, then checks that every table's row count
// and every rollup's sum match and that the copy's rollups equal its events.
func cmdCopy(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("copy")
	from := fs.String("from", "", "database to copy: a SQLite file or a postgres:// URL (required)")
	to := fs.String("to", "", "empty database to copy into: a SQLite file or a postgres:// URL (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return errors.New("copy: --from and --to are required")
	}
	if *from == *to {
		return errors.New("copy: --from and --to are the same database")
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	var bar *progress
	current := ""
	err = src.CopyTo(ctx, dst, func(table string, done, total int64) {
		if table != current {
			if bar != nil {
				bar.done()
			}
			current = table
			bar = newProgress(out, total, table, "rows", false)
		}
		bar.set(done, total)
	})
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	checks, err := src.VerifyCopy(ctx, dst)
	var rows int64
	for _, c := range checks {
		rows += c.Copy
	}
	if err != nil {
		return fmt.Errorf("copy: the check after copying failed: %w", err)
	}
	fmt.Fprintf(out, "Copied %d rows in %d tables from %s to %s in %s.\n", rows, len(checks), src.Dialect(), dst.Dialect(), time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(out, "Checked: every table has as many rows as the source, every rollup the same sums, and the rollups equal the events.")
	return nil
}
