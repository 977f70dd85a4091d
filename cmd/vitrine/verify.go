package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"vitrine/proof"
	"vitrine/store"
)

const verifyUsage = `verify: check a consent receipt, or a customer's whole record of choices and staff visits
  vitrine verify receipt.json [--jwks FILE|URL | --db PATH]
      checks the receipt's signature and that its readable fields are the signed ones; the keys come from --jwks
      (a JWK Set file or URL), else from --db, else from the receipt's issuer (ISSUER/.well-known/jwks.json)
  vitrine verify --customer EXTERNAL_ID --brand SLUG --db PATH
      checks the customer's hash chain, every consent and staff-access record against it, and every receipt`

// cmdVerify checks proofs: a receipt file anywhere, or a customer's chain in the database.
func cmdVerify(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("verify")
	dbPath := fs.String("db", "", dbHelp)
	jwksFrom := fs.String("jwks", "", "the keys that verify receipts: a JWK Set file, or its URL (https://…/.well-known/jwks.json)")
	customer := fs.String("customer", "", "check this customer's whole chain (their id at the brand), with --brand and --db")
	brandSlug := fs.String("brand", "", "the customer's brand, with --customer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *customer != "" {
		if *dbPath == "" {
			return errors.New("verify --customer: --db is required")
		}
		return verifyCustomer(ctx, out, *dbPath, *brandSlug, *customer)
	}
	if fs.NArg() != 1 {
		return errors.New(verifyUsage)
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	set, from, err := receiptKeys(ctx, data, *jwksFrom, *dbPath)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	payload, kid, err := proof.VerifyFile(data, set)
	if err != nil {
		return fmt.Errorf("verify: %s: NOT VALID: %w", fs.Arg(0), err)
	}
	var r store.Receipt
	raw, _ := json.Marshal(payload)
	_ = json.Unmarshal(raw, &r)
	purpose := ""
	if len(r.Purposes) > 0 {
		purpose = r.Purposes[0].ID
	}
	if *dbPath != "" {
		if err := receiptInChain(ctx, out, *dbPath, r); err != nil {
			return fmt.Errorf("verify: %s: %w", fs.Arg(0), err)
		}
	}
	fmt.Fprintf(out, "%s: valid. Receipt %s, signed with key %s (from %s).\n", fs.Arg(0), r.ReceiptID, kid, from)
	fmt.Fprintf(out, "  %s, customer %s: consent %s for %q on %s (%s), entry %d of the customer's chain, head %s\n",
		r.Controller.Name, r.Subject.ID, r.Event.Type, purpose, r.Event.Time, r.Event.Method, r.Chain.Seq, r.Chain.Hash)
	return nil
}

// receiptKeys finds the JWK Set to check a receipt with, and says where it came from.
func receiptKeys(ctx context.Context, receipt []byte, from, dbPath string) (proof.JWKSet, string, error) {
	var set proof.JWKSet
	switch {
	case from != "" && !strings.HasPrefix(from, "http://") && !strings.HasPrefix(from, "https://"):
		data, err := os.ReadFile(from)
		if err != nil {
			return set, "", err
		}
		if err := json.Unmarshal(data, &set); err != nil {
			return set, "", fmt.Errorf("%s is not a JWK Set: %w", from, err)
		}
		return set, from, nil
	case from == "" && dbPath != "":
		db, err := openExisting(ctx, "verify", dbPath)
		if err != nil {
			return set, "", err
		}
		defer db.Close()
		set, err = db.ReceiptJWKS(ctx)
		return set, "the database", err
	case from == "":
		var r struct {
			Issuer string `json:"iss"`
		}
		if err := json.Unmarshal(receipt, &r); err != nil || !strings.HasPrefix(r.Issuer, "http") {
			return set, "", errors.New("the receipt names no issuer to get the keys from: give --jwks FILE|URL or --db")
		}
		from = strings.TrimRight(r.Issuer, "/") + "/.well-known/jwks.json"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, from, nil)
	if err != nil {
		return set, "", err
	}
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		return set, "", fmt.Errorf("fetch the keys: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return set, "", fmt.Errorf("fetch the keys: %s answered %s", from, resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return set, "", fmt.Errorf("%s is not a JWK Set: %w", from, err)
	}
	return set, from, nil
}

// verifyCustomer checks one customer's chain and receipts and prints what it found; any problem is an error.
func verifyCustomer(ctx context.Context, out io.Writer, dbPath, slug, external string) error {
	db, brand, err := openBrand(ctx, "verify", dbPath, slug)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.CustomerByExternalID(ctx, brand.ID, external)
	if err != nil {
		return fmt.Errorf("verify: customer %q of %s: %w", external, slug, err)
	}
	rep, err := db.VerifyChain(ctx, brand.ID, c.ID)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if !rep.OK() {
		for _, p := range rep.Problems {
			fmt.Fprintln(out, "  problem:", p)
		}
		return fmt.Errorf("verify: customer %s of %s: NOT VALID: %d problems in %d entries", external, slug, len(rep.Problems), rep.Entries)
	}
	fmt.Fprintf(out, "Customer %s of %s: valid. %d entries (%d consent changes, each with a signed receipt; %d staff-access records), head %s\n",
		external, slug, rep.Entries, rep.Consents, rep.Accesses, rep.Head)
	return nil
}

// receiptInChain checks, with --db, that the customer's chain still holds the entry the receipt names: a receipt
// kept by the customer shows a chain cut or rewritten behind vitrine's back.
func receiptInChain(ctx context.Context, out io.Writer, dbPath string, r store.Receipt) error {
	slug := r.Controller.ID[strings.LastIndex(r.Controller.ID, "/")+1:]
	db, brand, err := openBrand(ctx, "verify", dbPath, slug)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.CustomerByExternalID(ctx, brand.ID, r.Subject.ID)
	if err != nil {
		return fmt.Errorf("customer %q of %s: %w", r.Subject.ID, slug, err)
	}
	held, err := db.ChainHolds(ctx, brand.ID, c.ID, r.Chain.Seq, r.Chain.Hash)
	if err != nil {
		return err
	}
	switch held {
	case store.ChainChanged:
		return fmt.Errorf("NOT VALID: entry %d of the customer's chain no longer holds this receipt's hash: the chain was rewritten", r.Chain.Seq)
	case store.ChainMissing:
		return fmt.Errorf("NOT VALID: the customer's chain no longer reaches entry %d, which this receipt names: entries were removed", r.Chain.Seq)
	case store.ChainPruned:
		fmt.Fprintf(out, "  entry %d was removed after %s's legal period; the chain goes on from its anchor\n", r.Chain.Seq, slug)
	default:
		fmt.Fprintf(out, "  entry %d is still in the customer's chain, with this receipt's hash\n", r.Chain.Seq)
	}
	return nil
}
