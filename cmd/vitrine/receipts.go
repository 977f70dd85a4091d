package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// cmdReceipts manages a brand's consent receipts: the key that signs them (rotate: a new key signs from now on,
// the old one stays published so its receipts still verify; list), and how long they are kept (keep).
func cmdReceipts(ctx context.Context, args []string, out io.Writer) error {
	const usage = "receipts: usage: vitrine receipts key rotate|list --db PATH --brand SLUG, or vitrine receipts keep --months N --db PATH --brand SLUG"
	var action string
	switch {
	case len(args) >= 1 && args[0] == "keep":
		action, args = "keep", args[1:]
	case len(args) >= 2 && args[0] == "key" && (args[1] == "rotate" || args[1] == "list"):
		action, args = args[1], args[2:]
	default:
		return errors.New(usage)
	}
	fs := newFlags("receipts " + action)
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	months := fs.Int("months", -1, "keep: how many months the brand keeps receipts and staff-access records (1 to 1200)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, brand, err := openBrand(ctx, "receipts", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	if action == "keep" {
		if *months < 0 {
			return errors.New("receipts keep: --months is required (the brand's legal period, 1 to 1200)")
		}
		if err := db.SetProofRetention(ctx, brand.ID, *months); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s keeps receipts and staff-access records for %d months; the receipt of each choice in force is always kept.\n", brand.Slug, *months)
		return nil
	}
	if action == "rotate" {
		k, err := db.RotateReceiptKey(ctx, brand.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Receipts of %s are now signed with key %s; the keys before it stay in /.well-known/jwks.json.\n", brand.Slug, k.KID)
		return nil
	}
	keys, err := db.ReceiptKeys(ctx, brand.ID)
	if err != nil {
		return err
	}
	for _, k := range keys {
		state := "signs new receipts"
		if k.RetiredAt != nil {
			state = "retired " + k.RetiredAt.Format("2006-01-02 15:04") + ", still verifies"
		}
		fmt.Fprintf(out, "%s  created %s  %s\n", k.KID, k.CreatedAt.Format("2006-01-02 15:04"), state)
	}
	return nil
}
