package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"vitrine/store"
)

func cmdAPIKey(ctx context.Context, args []string, out io.Writer) error {
	// The verb is checked before the database is opened, so a forgotten verb does not create the default one.
	if len(args) == 0 || (args[0] != "create" && args[0] != "list" && args[0] != "revoke") {
		return errors.New("apikey: usage: vitrine apikey create|list|revoke --db PATH --brand SLUG")
	}
	sub := args[0]
	fs := newFlags("apikey " + sub)
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	name := fs.String("name", "", "a name to tell the key apart (create)")
	id := fs.Int64("id", 0, "the key's number, from 'apikey list' (revoke)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, brand, err := openBrand(ctx, "apikey", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "create":
		key, k, err := db.CreateAPIKey(ctx, brand.ID, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "API key %d for %s created. It is shown only now; keep it secret. Use it as 'Authorization: Bearer KEY'.\n", k.ID, brand.Name)
		fmt.Fprintln(out, key)
		return nil
	case "list":
		keys, err := db.APIKeys(ctx, brand.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSTARTS WITH\tCREATED\tLAST USED\tREVOKED")
		for _, k := range keys {
			fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\t%s\n", k.ID, k.Name, k.Prefix, k.CreatedAt.Format(time.DateOnly), when(k.LastUsedAt), when(k.RevokedAt))
		}
		return tw.Flush()
	case "revoke":
		if *id == 0 {
			return errors.New("apikey revoke: --id is required (see 'vitrine apikey list')")
		}
		if err := db.RevokeAPIKey(ctx, brand.ID, *id); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("apikey revoke: %s has no live key %d", brand.Slug, *id)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(out, "API key %d of %s revoked.\n", *id, brand.Name)
		return nil
	default:
		return fmt.Errorf("apikey: unknown action %q (create, list or revoke)", sub)
	}
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.DateTime)
}
