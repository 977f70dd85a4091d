package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"vitrine/store"
)

const secretUsage = "secret: usage: vitrine secret create|rotate|list --db PATH --brand SLUG [--now]"

// cmdSecret manages a brand's HS256 signing keys, which its backend uses to mint customer links and widget
// tokens. A secret is printed only by the command that makes it: vitrine never shows it again.
func cmdSecret(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(secretUsage)
	}
	sub := args[0]
	fs := newFlags("secret " + sub)
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	retireNow := fs.Bool("now", false, "rotate: the old key stops verifying at once (after a leak), instead of a day later")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	switch sub {
	case "create", "rotate", "list":
	default:
		return fmt.Errorf("secret: unknown action %q (create, rotate or list)", sub)
	}
	if *brandSlug == "" {
		return errors.New("secret: --brand is required")
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	brand, err := db.BrandBySlug(ctx, *brandSlug)
	if err != nil {
		return fmt.Errorf("secret: brand %q: %w", *brandSlug, err)
	}
	now := db.Now()
	switch sub {
	case "create":
		k, err := db.CreateBrandKey(ctx, brand.ID, now)
		if errors.Is(err, store.ErrKeyActive) {
			return fmt.Errorf("secret create: %s already has a signing key; make a new one with 'vitrine secret rotate --brand %s'", brand.Slug, brand.Slug)
		}
		if err != nil {
			return err
		}
		printSecret(out, brand, k, "")
		return nil
	case "rotate":
		k, err := db.RotateBrandKey(ctx, brand.ID, *retireNow, store.KeyGrace, now)
		if err != nil {
			return err
		}
		old := fmt.Sprintf("The old keys keep working until %s.", now.Add(store.KeyGrace).UTC().Format(time.DateTime+" UTC"))
		if *retireNow {
			old = "The old keys stopped working now."
		}
		printSecret(out, brand, k, old)
		return nil
	default: // list
		keys, err := db.ListBrandKeys(ctx, brand.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KID\tCREATED\tSTATE")
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", k.KID, k.CreatedAt.Format(time.DateTime), keyState(k, now))
		}
		return tw.Flush()
	}
}

// printSecret prints a new key as the README's snippets read it: VITRINE_KID and VITRINE_SECRET lines, the
// secret base64url-encoded without padding and on the last line, so `grep ^VITRINE_ > vitrine.env` keeps both.
func printSecret(out io.Writer, b store.Brand, k store.BrandKey, old string) {
	fmt.Fprintf(out, "New signing key %s for %s. The secret is shown only now: put both lines in your backend's secret store.\n", k.KID, b.Name)
	if old != "" {
		fmt.Fprintln(out, old)
	}
	fmt.Fprintf(out, "VITRINE_KID=%s\n", k.KID)
	fmt.Fprintf(out, "VITRINE_SECRET=%s\n", base64.RawURLEncoding.EncodeToString(k.Secret))
}

// keyState says whether a key signs new tokens, still verifies until its retirement, or is retired.
func keyState(k store.BrandKey, now time.Time) string {
	switch {
	case k.Signs():
		return "signs new tokens"
	case k.RetiredAt.After(now):
		return "verifies until " + k.RetiredAt.Format(time.DateTime) + ", signs nothing"
	default:
		return "retired " + k.RetiredAt.Format(time.DateTime)
	}
}
