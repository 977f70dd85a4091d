package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// cmdReceipts manages the key that signs a brand's consent receipts: rotating it (a new key signs from now on,
// the old one stays published so its receipts still verify) and listing them.
func cmdReceipts(ctx context.Context, args []string, out io.Writer) error {
	if len(args) < 2 || args[0] != "key" || (args[1] != "rotate" && args[1] != "list") {
		return errors.New("receipts: usage: vitrine receipts key rotate|list --db PATH --brand SLUG")
	}
	fs := newFlags("receipts key " + args[1])
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	if err := parseFlags(fs, args[2:]); err != nil {
		return err
	}
	db, brand, err := openBrand(ctx, "receipts", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[1] == "rotate" {
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
